import { DateTime } from 'luxon';

/** The statistics periods a moment falls in, in the helpline's zone. */
export interface StatisticsPeriods {
  day: string;
  isoWeek: string;
  month: string;
  /** When each period ends (ms): a caller surrogate lives until then. */
  weekEndsAt: number;
  monthEndsAt: number;
}

/** Local day (YYYY-MM-DD), ISO week (2026-W49, the ISO week-year) and month (2026-12) of `ms` in `timeZone`. */
export function statisticsPeriodsOf(ms: number, timeZone: string): StatisticsPeriods {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  return {
    day: local.toFormat('yyyy-MM-dd'),
    isoWeek: local.toFormat("kkkk-'W'WW"),
    month: local.toFormat('yyyy-MM'),
    weekEndsAt: local.startOf('week').plus({ weeks: 1 }).toMillis(),
    monthEndsAt: local.startOf('month').plus({ months: 1 }).toMillis(),
  };
}

const MINUTE = 60_000;

/** The wait bands statistics count: exact waits never leave Tuki. A callback is its own band. */
export function waitBandOf(channel: string, waitMs: number | null): string {
  if (channel === 'callback') return 'callback';
  const wait = waitMs ?? 0;
  if (wait < MINUTE) return 'under-1-min';
  if (wait < 5 * MINUTE) return '1-5-min';
  if (wait < 15 * MINUTE) return '5-15-min';
  if (wait < 60 * MINUTE) return '15-60-min';
  return 'over-60-min';
}
