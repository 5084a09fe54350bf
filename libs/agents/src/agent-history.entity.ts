import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** Every state change of an agent: who, when, from, to and why, in the order it happened. Never updated or deleted. */
@Entity({ name: 'agent_history' })
@Index('agent_history_agent', ['helplineId', 'agentId', 'seq'])
export class AgentHistoryEntry {
  @PrimaryGeneratedColumn('increment', { name: 'seq', type: 'integer' })
  seq: number;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'at', type: 'bigint', transformer: bigintAsNumber })
  at: number;

  /** Null when the profile was created. */
  @Column({ name: 'from_state', type: 'varchar', length: 20, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 20 })
  toState: string;

  /** `self`, `system`, `supervisor` or `admin`. */
  @Column({ name: 'actor_kind', type: 'varchar', length: 12 })
  actorKind: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  /** An away reason code, never free text. */
  @Column({ name: 'reason', type: 'varchar', length: 40, nullable: true })
  reason: string | null;
}
