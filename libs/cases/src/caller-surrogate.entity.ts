import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * The random stand-in for one caller in one statistics period (`2026-W49`, `2026-12`), so statistics can count
 * distinct callers without any id that links to a person. The row is deleted when its period closes: from then on
 * nobody can tell which facts belonged to whom.
 */
@Entity({ name: 'caller_surrogates' })
@Index('caller_surrogates_period', ['helplineId', 'period'])
export class CallerSurrogate {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @PrimaryColumn({ name: 'period', type: 'varchar', length: 10 })
  period: string;

  @PrimaryColumn({ name: 'caller_key', type: 'varchar', length: 64 })
  callerKey: string;

  @Column({ name: 'surrogate', type: 'varchar', length: 36 })
  surrogate: string;

  /** Local end of the period (ms): the retention job destroys the row once this has passed. */
  @Column({ name: 'period_ends_at', type: 'bigint', transformer: bigintAsNumber })
  periodEndsAt: number;
}
