import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A helpline's statistics settings (grain, privacy budget, default k) as one validated JSON document. */
@Entity({ name: 'statistics_settings' })
export class StatisticsSettingsRow {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ type: 'text' })
  document: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 36 })
  updatedBy: string;
}

/**
 * One export: what was asked, how far it is, and its result once built. The result holds published, suppressed and
 * possibly noised aggregates only (what may leave Tuki), so keeping it to download again discloses nothing more.
 */
@Entity({ name: 'statistics_exports' })
@Index('statistics_exports_helpline', ['helplineId', 'createdAt'])
export class StatisticsExport {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'requested_by', type: 'varchar', length: 36 })
  requestedBy: string;

  @Column({ type: 'varchar', length: 12 })
  report: string;

  /** The query as asked (JSON). */
  @Column({ type: 'text' })
  query: string;

  /** The plan the job builds: the query with its defaults and the helpline's grain (JSON). */
  @Column({ type: 'text' })
  plan: string;

  @Column({ type: 'varchar', length: 12 })
  state: string;

  @Column({ type: 'integer' })
  progress: number;

  /** StatisticsResult as JSON, once done. */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  finishedAt: number | null;
}

/** The privacy budget spent per helpline and period, by every analyst together, in thousandths of epsilon. */
@Entity({ name: 'privacy_budget' })
export class PrivacyBudgetRow {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  period: string;

  @Column({ name: 'spent_milli', type: 'integer' })
  spentMilli: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;
}
