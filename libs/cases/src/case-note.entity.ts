import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * A case note. Append-only: a correction is a new note, so the timeline and the audit say what was known when.
 * The text is sealed under the case's data key, bound to this note's id and the field.
 */
@Entity({ name: 'case_notes' })
@Index('case_notes_case', ['helplineId', 'caseId', 'createdAt'])
export class CaseNote {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  /** The contact the note is about, when written during or after one. */
  @Column({ name: 'contact_id', type: 'varchar', length: 36, nullable: true })
  contactId: string | null;

  @Column({ name: 'author_id', type: 'varchar', length: 36 })
  authorId: string;

  @Column({ name: 'body_sealed', type: 'text' })
  bodySealed: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
