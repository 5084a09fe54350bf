import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** How a possible repeat caller was asked: by their code word, or for their consent. */
export const CONFIRMATION_METHODS = ['code-word', 'consent'] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

/**
 * Every attempt to confirm that a caller is the person of an earlier case, kept whatever the result: the record of
 * why an agent could open the earlier case, and the count that stops guessing a code word.
 */
@Entity({ name: 'case_repeat_confirmations' })
@Index('case_repeat_confirmations_contact', ['helplineId', 'contactId'])
export class RepeatConfirmation {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 36 })
  contactId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true })
  caseId: string | null;

  @Column({ name: 'method', type: 'varchar', length: 12 })
  method: ConfirmationMethod;

  /** `confirmed`, `no-match` (wrong code word) or `no-case` (nothing earlier to link). */
  @Column({ name: 'result', type: 'varchar', length: 12 })
  result: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'at', type: 'bigint', transformer: bigintAsNumber })
  at: number;
}
