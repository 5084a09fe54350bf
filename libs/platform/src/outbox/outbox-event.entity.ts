import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../database/columns';

/**
 * A domain event written in the same transaction as the change it describes, then delivered at least once by the
 * relay. Payloads carry ids, never personal data.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_pending', ['dispatchedAt', 'seq'])
export class OutboxEvent {
  /** Insert order within this database; the relay delivers in this order. */
  @PrimaryGeneratedColumn('increment', { name: 'seq', type: 'integer' })
  seq: number;

  @Column({ name: 'id', type: 'varchar', length: 36, unique: true })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'type', type: 'varchar', length: 100 })
  type: string;

  @Column({ name: 'payload', type: 'text' })
  payload: string;

  @Column({ name: 'occurred_at', type: 'bigint', transformer: bigintAsNumber })
  occurredAt: number;

  @Column({ name: 'dispatched_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  dispatchedAt: number | null;
}
