import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * A note an agent is writing about a contact, saved as they type so a reload or a crash loses nothing. Sealed under a
 * data key of its own, shredded when the draft becomes a note or is skipped: the text is never in the browser's
 * storage and never readable from the database.
 */
@Entity({ name: 'note_drafts' })
@Index('note_drafts_agent_contact', ['helplineId', 'agentId', 'contactId'], { unique: true })
export class NoteDraft {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 36 })
  contactId: string;

  /** The case the note will join, once the agent has one open. */
  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true })
  caseId: string | null;

  @Column({ name: 'data_key_id', type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ name: 'body_sealed', type: 'text' })
  bodySealed: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;
}
