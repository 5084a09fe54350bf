import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A queue's own surge thresholds (ratios of arrivals to baseline); a queue without a row uses the defaults. */
@Entity({ name: 'surge_thresholds' })
export class SurgeThresholdsRow {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @PrimaryColumn({ name: 'queue_id', type: 'varchar', length: 36 })
  queueId: string;

  @Column({ name: 'elevated', type: 'real' })
  elevated: number;

  @Column({ name: 'surge', type: 'real' })
  surge: number;

  @Column({ name: 'critical', type: 'real' })
  critical: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 36 })
  updatedBy: string;
}
