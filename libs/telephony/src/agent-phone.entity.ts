import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * The phone an agent takes calls on, sealed under a data key of its own (AES-256-GCM bound to the agent and field);
 * removing it shreds the key. An agent without a row takes calls in the desk's browser client.
 */
@Entity({ name: 'telephony_agent_phones' })
export class AgentPhone {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @PrimaryColumn({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'data_key_id', type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ name: 'number_sealed', type: 'text' })
  numberSealed: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;
}
