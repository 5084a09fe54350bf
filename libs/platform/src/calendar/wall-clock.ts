import { IANAZone } from 'luxon';

// Local calendar days are counted as whole days since 1970-01-01 (day 0, a Thursday). Plain integer arithmetic for
// dates keeps the day-by-day walk cheap; luxon is only asked for a zone's UTC offset, the one thing that needs tzdata.
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

const WALL_CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `zone` is an IANA time zone name this runtime knows (e.g. 'Europe/Helsinki', 'UTC'). */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

/** The zone, or a RangeError: a helpline's zone is validated when it is stored, so a bad one here is a bug. */
export function zoneNamed(timeZone: string): IANAZone {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${String(timeZone).slice(0, 64)}`);
  return IANAZone.create(timeZone);
}

/** Minutes after local midnight for "HH:MM" (00:00-24:00; 24:00 is the next midnight), or undefined. */
export function parseWallClock(hhmm: unknown): number | undefined {
  const match = typeof hhmm === 'string' ? WALL_CLOCK.exec(hhmm) : null;
  if (match === null) return undefined;
  return match[1] === undefined ? MINUTES_PER_DAY : Number(match[1]) * 60 + Number(match[2]);
}

/** Day number of a real calendar date "YYYY-MM-DD" (2026-02-30 is not one), or undefined. */
export function parseIsoDate(date: unknown): number | undefined {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over to 03-02; a date that does not come back unchanged does not exist.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** Index into WEEKDAYS (0 = Monday) of a day number. */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The local calendar day of an instant. */
export function localDay(zone: IANAZone, at: number): number {
  return Math.floor((at + zone.offset(at) * MINUTE_MS) / DAY_MS);
}

/**
 * Turns minutes of wall-clock time on one local day into instants. Most days have one UTC offset throughout, so the
 * zone is asked twice per day rather than twice per time; only a day with an offset change takes the careful path.
 */
export function wallClockOn(zone: IANAZone, day: number): (minutes: number) => number {
  const midnight = day * DAY_MS;
  const offsetBefore = zone.offset(midnight - DAY_MS);
  const offsetAfter = zone.offset(midnight + 2 * DAY_MS);
  if (offsetBefore === offsetAfter) return (minutes) => midnight + (minutes - offsetBefore) * MINUTE_MS;
  return (minutes) => resolveWallClock(zone, midnight + minutes * MINUTE_MS);
}

/**
 * The instant a local wall-clock reading (given as if it were UTC) names. A reading that occurs twice (the hour
 * repeated when clocks go back) means its first occurrence; a reading that never occurs (the hour skipped when
 * clocks go forward) means the first valid instant after the gap, i.e. the moment of the change.
 */
function resolveWallClock(zone: IANAZone, wall: number): number {
  const before = zone.offset(wall - DAY_MS) * MINUTE_MS;
  const after = zone.offset(wall + DAY_MS) * MINUTE_MS;
  const readsAs = (instant: number) => instant + zone.offset(instant) * MINUTE_MS;
  const candidates = [wall - before, wall - after].filter((instant) => readsAs(instant) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap the offset grows: before the change `wall - after` still has the old offset, `wall - before` the new
  // one. Binary search for the first millisecond with the new offset.
  let oldSide = wall - after;
  let newSide = wall - before;
  while (newSide - oldSide > 1) {
    const middle = Math.floor((oldSide + newSide) / 2);
    if (zone.offset(middle) * MINUTE_MS === after) newSide = middle;
    else oldSide = middle;
  }
  return newSide;
}

/**
 * The instant of local wall-clock `hhmm` ("HH:MM", 00:00-24:00) on the local calendar date of `at`. In a daylight-
 * saving gap it is the first valid instant after the gap; in a repeated hour, the first occurrence.
 */
export function localTimeOn(timeZone: string, at: number, hhmm: string): number {
  const zone = zoneNamed(timeZone);
  const minutes = parseWallClock(hhmm);
  if (minutes === undefined) throw new RangeError('localTimeOn: time must be HH:MM between 00:00 and 24:00');
  return wallClockOn(zone, localDay(zone, at))(minutes);
}
