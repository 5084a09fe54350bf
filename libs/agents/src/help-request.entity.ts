import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * An agent's call for a supervisor during a hard contact. Stored, so a request survives a restart until someone has
 * answered it; ids only (the contact, never who the caller is).
 */
@Entity({ name: 'help_requests' })
@Index('help_requests_open', ['helplineId', 'acknowledgedAt'])
export class HelpRequest {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  /** The contact the agent is working, or null (help with something else). */
  @Column({ name: 'contact_id', type: 'varchar', length: 36, nullable: true })
  contactId: string | null;

  @Column({ name: 'requested_at', type: 'bigint', transformer: bigintAsNumber })
  requestedAt: number;

  @Column({ name: 'acknowledged_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  acknowledgedAt: number | null;

  /** The supervisor who said they are coming. */
  @Column({ name: 'acknowledged_by', type: 'varchar', length: 36, nullable: true })
  acknowledgedBy: string | null;
}
