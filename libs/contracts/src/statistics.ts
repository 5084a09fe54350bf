/*
 * Anonymised statistics as analysts ask for them and receive them. Shared by the api, the worker and the analyst's
 * page. Every figure comes from the anonymous contact facts, per period of the helpline's one grain, with disclosure
 * control always on and differential privacy on request.
 */

/** A helpline counts by ISO weeks or by calendar months, never both: two queries can never differ by a few days. */
export const STATISTICS_GRAINS = ['week', 'month'] as const;
export type StatisticsGrain = (typeof STATISTICS_GRAINS)[number];

export const STATISTICS_DIMENSIONS = [
  'channel',
  'queue',
  'language',
  'category',
  'age-band',
  'gender',
  'region',
  'outcome',
  'referral',
  'wait-band',
] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

/** A contact may have several categories and referrals: it counts once in each of its own. */
export const MULTI_VALUED_DIMENSIONS: readonly StatisticsDimension[] = ['category', 'referral'];

export const STATISTICS_MEASURES = ['contacts', 'callers', 'answered', 'abandoned', 'callbacks'] as const;
export type StatisticsMeasure = (typeof STATISTICS_MEASURES)[number];

/** The smallest cell (in distinct callers) published: never below 5, 10 unless the export asks for more or less. */
export const MIN_K = 5;
export const DEFAULT_K = 10;
/** How many of one caller's contacts a cell counts: a repeat caller cannot move a figure by more. */
export const DEFAULT_CONTRIBUTION_BOUND = 5;
export const MAX_CONTRIBUTION_BOUND = 20;
/** At most this many dimensions, and this many periods, in one export. */
export const MAX_DIMENSIONS = 3;
export const MAX_PERIODS = 60;

export interface StatisticsQuery {
  /** First and last period, both included, in the helpline's grain: `2026-W10` / `2026-W22`, or `2026-03` / `2026-05`. */
  from: string;
  to: string;
  dimensions: StatisticsDimension[];
  /** Default: all of them. */
  measures?: StatisticsMeasure[];
  /** Default DEFAULT_K; at least MIN_K. */
  k?: number;
  /** Default DEFAULT_CONTRIBUTION_BOUND. */
  contributionBound?: number;
  /** Differential privacy for this export: the epsilon spent per period on each measure. Absent: no noise. */
  epsilon?: number;
}

/** How an export was protected; stated in its header. */
export interface StatisticsMethod {
  grain: StatisticsGrain;
  periods: string[];
  k: number;
  contributionBound: number;
  /** Null when the export has no noise. */
  epsilon: number | null;
  noise: 'none' | 'discrete-laplace';
  /** Cells below k, and those suppressed so that no suppressed cell can be worked out from the others. */
  primarySuppressed: number;
  secondarySuppressed: number;
  cells: number;
  /** Epsilon charged to each period's privacy budget (epsilon times the measures noised, callers included). */
  epsilonCharged: number;
  multiValued: StatisticsDimension[];
}

export type StatisticsFigures = Partial<Record<StatisticsMeasure, number>>;

/** One cell: a period and a value of each dimension; `figures` is null when the cell is suppressed. */
export interface StatisticsCell {
  period: string;
  values: Partial<Record<StatisticsDimension, string>>;
  figures: StatisticsFigures | null;
  suppressed: 'primary' | 'secondary' | null;
}

/**
 * A total over published cells only (the same suppressed table): `complete` is false when suppressed cells lie under
 * it, so the total is a lower bound and no suppressed figure can be got back from it.
 */
export interface StatisticsMargin {
  /** A period, or 'all' for the whole range. */
  period: string;
  /** The dimension this margin keeps (its value in `value`); null for the grand total. */
  dimension: StatisticsDimension | null;
  value: string | null;
  figures: StatisticsFigures;
  complete: boolean;
}

export interface StatisticsTable {
  title: string;
  dimensions: StatisticsDimension[];
  measures: StatisticsMeasure[];
  cells: StatisticsCell[];
  margins: StatisticsMargin[];
}

export interface StatisticsResult {
  method: StatisticsMethod;
  tables: StatisticsTable[];
}

export const STATISTICS_EXPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type StatisticsExportState = (typeof STATISTICS_EXPORT_STATES)[number];

/** `custom`: the analyst's query. `chi`: Child Helpline International's shape (channel, category, age band, gender). */
export type StatisticsReport = 'custom' | 'chi';

export interface StatisticsExportView {
  id: string;
  report: StatisticsReport;
  query: StatisticsQuery;
  state: StatisticsExportState;
  /** 0..100 */
  progress: number;
  createdAt: number;
  finishedAt: number | null;
  /** Present once done. */
  method: StatisticsMethod | null;
  error: string | null;
}
