import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * The cases domain's own read model of contacts, learned from contact events (and from the contact an agent opens a
 * case from): which case a contact belongs to, who answered it, how it went, and whether its anonymous facts were
 * published. Classification (categories, outcome) belongs to the contact, not the case.
 */
@Entity({ name: 'case_contacts' })
@Index('case_contacts_case', ['helplineId', 'caseId'])
@Index('case_contacts_caller', ['helplineId', 'callerKey'])
export class CaseContact {
  @PrimaryColumn({ name: 'contact_id', type: 'varchar', length: 36 })
  contactId: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true })
  caseId: string | null;

  @Column({ name: 'queue_id', type: 'varchar', length: 36 })
  queueId: string;

  @Column({ name: 'channel', type: 'varchar', length: 10 })
  channel: string;

  @Column({ name: 'language', type: 'varchar', length: 8 })
  language: string;

  @Column({ name: 'caller_key', type: 'varchar', length: 64, nullable: true })
  callerKey: string | null;

  @Column({ name: 'first_arrived_at', type: 'bigint', transformer: bigintAsNumber })
  firstArrivedAt: number;

  @Column({ name: 'answered_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  answeredAt: number | null;

  @Column({ name: 'wait_ms', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  waitMs: number | null;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  endedAt: number | null;

  /** The contact's state as of its last answer or end (events of offers and declines are not delivered here). */
  @Column({ name: 'state', type: 'varchar', length: 20 })
  state: string;

  /** JSON array of the agents who were connected with it. */
  @Column({ name: 'agent_ids', type: 'text' })
  agentIds: string;

  /** `pending`, `recorded`, `skipped` or `unanswered`: once not pending, the facts event went out. */
  @Column({ name: 'classification', type: 'varchar', length: 12 })
  classification: string;

  /** JSON array of category codes, once classified. */
  @Column({ name: 'categories', type: 'text' })
  categories: string;

  @Column({ name: 'outcome', type: 'varchar', length: 40, nullable: true })
  outcome: string | null;

  @Column({ name: 'skip_reason', type: 'varchar', length: 40, nullable: true })
  skipReason: string | null;
}

/** A contact as this domain first learns it (from its event, or from the contact an agent opens a case from). */
export function newCaseContact(
  fields: Pick<CaseContact, 'contactId' | 'helplineId' | 'caseId' | 'queueId' | 'channel' | 'language' | 'callerKey'> &
    Pick<CaseContact, 'firstArrivedAt' | 'waitMs' | 'state'> & { agentId: string | null },
): CaseContact {
  const { agentId, ...rest } = fields;
  return {
    ...rest,
    answeredAt: null,
    endedAt: null,
    agentIds: JSON.stringify(agentId ? [agentId] : []),
    classification: 'pending',
    categories: '[]',
    outcome: null,
    skipReason: null,
  };
}
