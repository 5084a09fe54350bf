import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** `follow-up`: scheduled from a case by an agent (the number from the case or typed), see libs/cases. */
export const CALLBACK_SOURCES = ['queue', 'web-form', 'chat', 'agent', 'follow-up'] as const;
export type CallbackSource = (typeof CALLBACK_SOURCES)[number];
export type CallbackStatus = 'open' | 'completed' | 'expired' | 'cancelled';

/**
 * A promise to ring someone back. Its id is its contact's id: the contact (channel `callback`) is what routing ranks
 * and offers; this row is what only callbacks know, above all the number, sealed under its own data key and shredded
 * when the callback closes. One open callback per number and helpline: the partial unique index says so, not code.
 */
@Entity({ name: 'callbacks' })
@Index('callbacks_open_number', ['helplineId', 'numberHash'], { unique: true, where: "status = 'open'" })
@Index('callbacks_status', ['helplineId', 'status'])
export class Callback {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'queue_id', type: 'varchar', length: 36 })
  queueId: string;

  @Column({ name: 'source', type: 'varchar', length: 12 })
  source: CallbackSource;

  @Column({ name: 'status', type: 'varchar', length: 10 })
  status: CallbackStatus;

  /** HMAC of the E.164 number (purpose 'callback-number'): dedupe without the number. Cleared when closed. */
  @Column({ name: 'number_hash', type: 'varchar', length: 64, nullable: true })
  numberHash: string | null;

  /** The number sealed under `data_key_id` (base64). Cleared, and its key shredded, when closed. */
  @Column({ name: 'number_sealed', type: 'text', nullable: true })
  numberSealed: string | null;

  @Column({ name: 'data_key_id', type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ name: 'requested_at', type: 'bigint', transformer: bigintAsNumber })
  requestedAt: number;

  /** The caller's window: not before, and (when given) not after. */
  @Column({ name: 'window_start', type: 'bigint', transformer: bigintAsNumber })
  windowStart: number;

  @Column({ name: 'window_end', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  windowEnd: number | null;

  /** What the caller was told: "we will call you back by ...". Past it, the callback is overdue. */
  @Column({ name: 'promised_by', type: 'bigint', transformer: bigintAsNumber })
  promisedBy: number;

  /** Not tried after this: the window's end, or the policy's expiry in open hours. */
  @Column({ name: 'deadline', type: 'bigint', transformer: bigintAsNumber })
  deadline: number;

  /** The contact's priority when requested: the overdue boost is computed from it, never compounded. */
  @Column({ name: 'base_priority', type: 'varchar', length: 10 })
  basePriority: string;

  @Column({ name: 'overdue', type: 'boolean' })
  overdue: boolean;

  @Column({ name: 'attempts_made', type: 'integer' })
  attemptsMade: number;

  /** The attempt an agent is dialling now; null between attempts. */
  @Column({ name: 'open_attempt', type: 'integer', nullable: true })
  openAttempt: number | null;

  @Column({ name: 'next_attempt_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  nextAttemptAt: number | null;

  /** Further requests for the same number folded into this one. */
  @Column({ name: 'merged_requests', type: 'integer' })
  mergedRequests: number;

  @Column({ name: 'closed_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  closedAt: number | null;

  @Column({ name: 'version', type: 'integer' })
  version: number;
}
