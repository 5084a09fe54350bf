import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';
import type { ContactState } from './contact-state';

/**
 * The record of one contact: written first, before any live index learns of it. No phone number or name is ever
 * stored here: the caller is known only by a keyed hash (`caller_key`).
 */
@Entity({ name: 'contacts' })
@Index('contacts_idempotency', ['helplineId', 'idempotencyKey'], { unique: true })
@Index('contacts_waiting', ['helplineId', 'state'])
@Index('contacts_caller', ['helplineId', 'callerKey'])
export class Contact {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'queue_id', type: 'varchar', length: 36 })
  queueId: string;

  /** The channel adapter's key for this contact: a re-sent webhook finds the same contact. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 })
  idempotencyKey: string;

  @Column({ name: 'channel', type: 'varchar', length: 10 })
  channel: string;

  @Column({ name: 'language', type: 'varchar', length: 8 })
  language: string;

  @Column({ name: 'topic', type: 'varchar', length: 40, nullable: true })
  topic: string | null;

  @Column({ name: 'priority', type: 'varchar', length: 10 })
  priority: string;

  /** JSON array of risk reason codes from the configured list; free text belongs in the encrypted case. */
  @Column({ name: 'risk_flags', type: 'text' })
  riskFlags: string;

  /** HMAC of the normalised number or chat identity; the identity itself is discarded on arrival. */
  @Column({ name: 'caller_key', type: 'varchar', length: 64, nullable: true })
  callerKey: string | null;

  @Column({ name: 'state', type: 'varchar', length: 20 })
  state: ContactState;

  /** First arrival: a transferred, overflowed or resumed contact keeps it, and with it its place. */
  @Column({ name: 'first_arrived_at', type: 'bigint', transformer: bigintAsNumber })
  firstArrivedAt: number;

  @Column({ name: 'state_changed_at', type: 'bigint', transformer: bigintAsNumber })
  stateChangedAt: number;

  /** The agent the contact is offered to or connected with. */
  @Column({ name: 'agent_id', type: 'varchar', length: 36, nullable: true })
  agentId: string | null;

  /** How long the caller waited before being answered or giving up (ms). */
  @Column({ name: 'wait_ms', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  waitMs: number | null;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  endedAt: number | null;

  /** The first estimated wait the caller was told (ms), and when: see the routing engine's estimate. */
  @Column({ name: 'quoted_wait_ms', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  quotedWaitMs: number | null;

  @Column({ name: 'quoted_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  quotedAt: number | null;

  /** Once answered: the real wait from the quote on, minus the quote (positive: the caller waited longer than told). */
  @Column({ name: 'quote_error_ms', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  quoteErrorMs: number | null;

  /**
   * Not offered before this time (ms): a callback waits for the caller's window, its next attempt or the queue's
   * opening. The routing index holds a waiting contact only once this has passed.
   */
  @Column({ name: 'not_before', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  notBefore: number | null;

  /**
   * How many earlier contacts of this helpline had the same caller key when this one arrived: a possible repeat
   * caller. Only the count: the earlier case opens after the caller confirms (see libs/cases).
   */
  @Column({ name: 'earlier_contacts', type: 'integer', default: 0 })
  earlierContacts: number;

  /** Optimistic lock: every change checks and bumps it, so two processes cannot both move one contact. */
  @Column({ name: 'version', type: 'integer' })
  version: number;
}
