import { DateTime } from 'luxon';
import { MAX_PERIODS, type StatisticsGrain } from '@tuki/contracts';

const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Why a period range is not one: said in words an analyst can act on. */
export class PeriodRangeError extends Error {}

function parse(period: string, grain: StatisticsGrain, name: string): DateTime {
  const match = (grain === 'week' ? WEEK : MONTH).exec(period);
  const other = (grain === 'week' ? MONTH : WEEK).test(period);
  if (!match) {
    throw new PeriodRangeError(
      other
        ? `${name}: this helpline's statistics are by ${grain === 'week' ? 'ISO week (2026-W10)' : 'month (2026-03)'}; ` +
            `${period} is a ${grain === 'week' ? 'month' : 'week'}, and the two are never mixed`
        : `${name} must be ${grain === 'week' ? 'an ISO week such as 2026-W10' : 'a month such as 2026-03'}`,
    );
  }
  const [year, part] = [Number(match[1]), Number(match[2])];
  const start =
    grain === 'week'
      ? DateTime.fromObject({ weekYear: year, weekNumber: part, weekday: 1 }, { zone: 'UTC' })
      : DateTime.fromObject({ year, month: part, day: 1 }, { zone: 'UTC' });
  if (!start.isValid || (grain === 'week' && start.weekNumber !== part) || (grain === 'month' && part > 12)) {
    throw new PeriodRangeError(`${name}: ${period} does not exist`);
  }
  return start;
}

const format = (start: DateTime, grain: StatisticsGrain) =>
  grain === 'week' ? start.toFormat("kkkk-'W'WW") : start.toFormat('yyyy-MM');

/**
 * The whole periods from `from` to `to`, both included, in the helpline's one grain. A range in the other grain is
 * refused, never converted: months against weeks would let two queries differ by a few days.
 */
export function periodsBetween(from: string, to: string, grain: StatisticsGrain): string[] {
  let cursor = parse(from, grain, 'from');
  const last = parse(to, grain, 'to');
  if (cursor > last) throw new PeriodRangeError(`from (${from}) is after to (${to})`);
  const periods: string[] = [];
  while (cursor <= last) {
    periods.push(format(cursor, grain));
    if (periods.length > MAX_PERIODS) throw new PeriodRangeError(`at most ${MAX_PERIODS} periods in one export`);
    cursor = cursor.plus(grain === 'week' ? { weeks: 1 } : { months: 1 });
  }
  return periods;
}
