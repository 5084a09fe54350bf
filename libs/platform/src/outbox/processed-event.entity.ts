import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/columns';

/** One row per (consumer, event) handled: the primary key makes a second delivery of the same event a no-op. */
@Entity({ name: 'processed_events' })
export class ProcessedEvent {
  @PrimaryColumn({ name: 'consumer', type: 'varchar', length: 100 })
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ name: 'processed_at', type: 'bigint', transformer: bigintAsNumber })
  processedAt: number;
}
