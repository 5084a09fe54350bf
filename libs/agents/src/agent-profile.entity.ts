import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';
import type { AgentState, AwayReason } from './agent-state';

/**
 * An agent's routing profile and live state, keyed by the staff user's id. Lists and maps are JSON text, read through
 * the service. Written only by AgentsService, every change guarded by `version`.
 */
@Entity({ name: 'agent_profiles' })
@Index('agent_profiles_state', ['helplineId', 'state'])
export class AgentProfile {
  /** The staff user's id: one profile per agent. */
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** JSON array of ISO 639 language codes the agent takes contacts in. */
  @Column({ name: 'languages', type: 'text' })
  languages: string;

  /** JSON map of skill code to level (0-10). */
  @Column({ name: 'skills', type: 'text' })
  skills: string;

  /** JSON map of channel to how many contacts of it the agent takes at once (voice, chat, callback). */
  @Column({ name: 'capacity', type: 'text' })
  capacity: string;

  /** Seconds of wrap-up after a conversation before the agent is available again. */
  @Column({ name: 'wrap_up_seconds', type: 'integer', default: 60 })
  wrapUpSeconds: number;

  @Column({ name: 'state', type: 'varchar', length: 20 })
  state: AgentState;

  /** Set only while away. */
  @Column({ name: 'away_reason', type: 'varchar', length: 20, nullable: true })
  awayReason: AwayReason | null;

  /** Offers the agent let time out since the last one they took; reset when they take one or go away for it. */
  @Column({ name: 'missed_offers_in_row', type: 'integer', default: 0 })
  missedOffersInRow: number;

  /**
   * Counsellor care: high-risk contacts the agent took in a row (counted on accept, in the transaction that makes them
   * busy); back to 0 when they take any other contact. Routing offers no more high-risk contacts at the helpline's cap.
   */
  @Column({ name: 'high_risk_streak', type: 'integer', default: 0 })
  highRiskStreak: number;

  /**
   * While in wrap-up: when it ends by itself (epoch ms), the care pause after a high-risk conversation included. Null
   * in every other state (and for a wrap-up recorded before this column: then stateChangedAt + wrapUpSeconds).
   */
  @Column({ name: 'wrap_up_ends_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  wrapUpEndsAt: number | null;

  @Column({ name: 'state_changed_at', type: 'bigint', transformer: bigintAsNumber })
  stateChangedAt: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  /** Optimistic lock: every change checks and bumps it, so routing and a person cannot both move one agent. */
  @Column({ name: 'version', type: 'integer' })
  version: number;
}
