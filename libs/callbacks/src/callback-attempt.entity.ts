import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

export const CALLBACK_OUTCOMES = ['reached', 'no-answer', 'busy', 'voicemail', 'wrong-number'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/**
 * One try at ringing a caller back. (callback, attempt number) is the primary key: an attempt can be started once
 * only, whichever process or agent asks, and a re-run timer or a double click cannot dial twice.
 */
@Entity({ name: 'callback_attempts' })
export class CallbackAttempt {
  @PrimaryColumn({ name: 'callback_id', type: 'varchar', length: 36 })
  callbackId: string;

  @PrimaryColumn({ name: 'attempt_no', type: 'integer' })
  attemptNo: number;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** The one agent who may see the number while this attempt is open. */
  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'dial_mode', type: 'varchar', length: 10 })
  dialMode: string;

  @Column({ name: 'started_at', type: 'bigint', transformer: bigintAsNumber })
  startedAt: number;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  endedAt: number | null;

  @Column({ name: 'outcome', type: 'varchar', length: 14, nullable: true })
  outcome: CallbackOutcome | null;

  /** How often the number was shown to the agent during this attempt: each showing is a read of personal data. */
  @Column({ name: 'number_reads', type: 'integer' })
  numberReads: number;
}
