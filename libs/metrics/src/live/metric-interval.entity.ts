import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * The counts of one scope over one 15-minute interval, stored as it closes: the history reports read and the
 * baseline a surge is measured against. Counts only, like the live metrics.
 */
@Entity({ name: 'metric_intervals' })
@Index('metric_intervals_scope_start', ['helplineId', 'scope', 'start'], { unique: true })
export class MetricInterval {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** `all`, `q:<queueId>` or `l:<language>`. */
  @Column({ name: 'scope', type: 'varchar', length: 48 })
  scope: string;

  /** Start of the interval, epoch ms (a multiple of 15 minutes). */
  @Column({ name: 'start', type: 'bigint', transformer: bigintAsNumber })
  start: number;

  @Column({ name: 'seconds', type: 'integer' })
  seconds: number;

  @Column({ name: 'arrivals', type: 'integer' })
  arrivals: number;

  @Column({ name: 'answered', type: 'integer' })
  answered: number;

  @Column({ name: 'answered_within_target', type: 'integer' })
  answeredWithinTarget: number;

  @Column({ name: 'abandoned', type: 'integer' })
  abandoned: number;

  @Column({ name: 'short_abandons', type: 'integer' })
  shortAbandons: number;

  @Column({ name: 'answered_wait_ms', type: 'bigint', transformer: bigintAsNumber })
  answeredWaitMs: number;

  @Column({ name: 'handled', type: 'integer' })
  handled: number;

  @Column({ name: 'handle_ms', type: 'bigint', transformer: bigintAsNumber })
  handleMs: number;

  /** Callers waiting at the interval's last sampled minute (overall only), or null. */
  @Column({ name: 'waiting', type: 'integer', nullable: true })
  waiting: number | null;
}
