import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * Where an incoming call is in its conversation with Tuki. `triage`: answering the helpline's questions before
 * queueing (no contact yet); `confirming`: the caller asked for a callback and hears
 * the number read back; `requesting`: the callback is being made (a claim, so a repeated key press cannot make two);
 * `callback-requested`: done, the caller may hang up; `bridged`: connected to the agent.
 */
export const CALL_STAGES = [
  'triage',
  'waiting',
  'confirming',
  'requesting',
  'callback-requested',
  'bridged',
  'ended',
] as const;
export type CallStage = (typeof CALL_STAGES)[number];

/**
 * One provider call and the contact it became. No caller number is kept: the provider sends it with every webhook,
 * so it is read from the request when needed (a callback) and never stored here. `lineNumber` is the helpline's own.
 */
@Entity({ name: 'telephony_calls' })
export class TelephonyCall {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ type: 'varchar', length: 16 })
  provider: string;

  /** The provider's id of the call (Twilio's CallSid). */
  @Column({ name: 'call_sid', type: 'varchar', length: 64 })
  callSid: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 36, nullable: true })
  contactId: string | null;

  @Column({ name: 'line_number', type: 'varchar', length: 16 })
  lineNumber: string;

  @Column({ type: 'varchar', length: 3 })
  language: string;

  @Column({ type: 'varchar', length: 20 })
  stage: CallStage;

  @Column({ name: 'last_announced_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  lastAnnouncedAt: number | null;

  @Column({ name: 'started_at', type: 'bigint', transformer: bigintAsNumber })
  startedAt: number;

  /** The phone triage's progress while in `triage` (JSON: question reached, keys pressed); null without triage. */
  @Column({ name: 'triage', type: 'text', nullable: true })
  triage: string | null;
}
