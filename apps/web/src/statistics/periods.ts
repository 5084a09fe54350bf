import type { StatisticsGrain } from '@tuki/contracts';

/*
 * Periods as the API writes them: ISO weeks (`2026-W10`) or months (`2026-03`). The page only proposes a default and
 * shapes the inputs; whether a range is valid is the server's to say (its sentences are shown as they come).
 */

const pad = (value: number) => String(value).padStart(2, '0');

/** The ISO week (`2026-W10`) of a calendar day, by its UTC date parts. */
export function isoWeekOf(day: Date): string {
  const date = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  // The Thursday of the same week decides the week's year (ISO 8601).
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${pad(week)}`;
}

/** The period a day falls in, in the helpline's grain. */
export function periodOf(day: Date, grain: StatisticsGrain): string {
  return grain === 'week' ? isoWeekOf(day) : `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}`;
}

/** The pattern an input of the grain accepts (where the browser has no month picker, the input is text). */
export const PERIOD_PATTERN: Record<StatisticsGrain, string> = {
  week: '[0-9]{4}-W[0-9]{2}',
  month: '[0-9]{4}-[0-9]{2}',
};

export const PERIOD_EXAMPLE: Record<StatisticsGrain, string> = { week: '2026-W10', month: '2026-03' };
