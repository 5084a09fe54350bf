import type { IANAZone } from 'luxon';
import { localDay, parseIsoDate, parseWallClock, wallClockOn, weekdayIndex, zoneNamed } from './wall-clock';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock ranges, "HH:MM" 00:00-24:00, open < close (an overnight range is written as two). */
export interface OpeningRange {
  open: string;
  close: string;
}

/**
 * A queue's opening hours in its helpline's time zone; holidays and closures are whole local days, inclusive.
 * Everywhere a calendar is taken, `null` means always open (a 24/7 helpline).
 */
export interface OpeningCalendar {
  weekly: Partial<Record<Weekday, OpeningRange[]>>;
  closures: { from: string /* YYYY-MM-DD */; to: string; reason?: string }[];
}

/** How far ahead the rules look for an opening before they give up (a year plus a margin for long closures). */
export const CALENDAR_HORIZON_DAYS = 400;

interface Interval {
  start: number;
  end: number;
}

/** Whether a queue with this calendar is open at instant `at`. */
export function isOpenAt(calendar: OpeningCalendar | null, timeZone: string, at: number): boolean {
  const zone = zoneNamed(timeZone);
  if (calendar === null) return true;
  for (const interval of openIntervals(calendar, zone, at)) {
    if (interval.end > at) return interval.start <= at;
  }
  return false;
}

/** `at` when open, else the first open instant after it; undefined when nothing opens within the horizon. */
export function nextOpenAt(calendar: OpeningCalendar | null, timeZone: string, at: number): number | undefined {
  const zone = zoneNamed(timeZone);
  if (calendar === null) return at;
  for (const interval of openIntervals(calendar, zone, at)) {
    if (interval.end > at) return Math.max(interval.start, at);
  }
  return undefined;
}

/**
 * When the open stretch containing `at` ends. Ranges that touch (12:00 close and 12:00 open, or 24:00 and the next
 * day's 00:00) are one stretch. Undefined when closed at `at`, or when open without a break to the horizon (24/7).
 */
export function nextCloseAt(calendar: OpeningCalendar | null, timeZone: string, at: number): number | undefined {
  const zone = zoneNamed(timeZone);
  if (calendar === null) return undefined;
  let end: number | undefined;
  for (const interval of openIntervals(calendar, zone, at)) {
    if (end === undefined) {
      if (interval.end <= at) continue;
      if (interval.start > at) return undefined;
      end = interval.end;
    } else if (interval.start <= end) {
      end = Math.max(end, interval.end);
    } else {
      return end;
    }
  }
  if (end === undefined) return undefined;
  const horizonEnd = wallClockOn(zone, localDay(zone, at) + CALENDAR_HORIZON_DAYS + 1)(0);
  return end >= horizonEnd ? undefined : end;
}

/**
 * The instant by which `durationMs` of open time has passed, counting from `from` (or from the next opening when
 * `from` is closed). Open time is real elapsed time, so a local day shortened by daylight saving gives 23 hours.
 * Undefined when the calendar does not open for that long within the horizon.
 */
export function addOpenTime(
  calendar: OpeningCalendar | null,
  timeZone: string,
  from: number,
  durationMs: number,
): number | undefined {
  const zone = zoneNamed(timeZone);
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new RangeError('addOpenTime: durationMs must be >= 0');
  if (calendar === null) return from + durationMs;
  let remaining = durationMs;
  for (const interval of openIntervals(calendar, zone, from)) {
    if (interval.end <= from) continue;
    const start = Math.max(interval.start, from);
    const available = interval.end - start;
    if (remaining <= available) return start + remaining;
    remaining -= available;
  }
  return undefined;
}

/**
 * Every open interval, in time order, from the local day of `from` to the horizon; each lies within one local day.
 * Walks local dates, not minutes: a day costs two offset look-ups plus two arithmetic steps per range.
 */
function* openIntervals(calendar: OpeningCalendar, zone: IANAZone, from: number): Generator<Interval> {
  const weekly = WEEKDAYS.map((weekday) => rangesInMinutes(calendar.weekly[weekday] ?? []));
  if (weekly.every((ranges) => ranges.length === 0)) return;
  const closures = calendar.closures.map(({ from: first, to: last }) => [dateOf(first), dateOf(last)] as const);
  const firstDay = localDay(zone, from);
  for (let day = firstDay; day <= firstDay + CALENDAR_HORIZON_DAYS; day++) {
    const ranges = weekly[weekdayIndex(day)];
    if (ranges.length === 0 || closures.some(([first, last]) => day >= first && day <= last)) continue;
    const instantOf = wallClockOn(zone, day);
    for (const [open, close] of ranges) {
      const interval = { start: instantOf(open), end: instantOf(close) };
      // A range lying wholly inside a daylight-saving gap never happens on that day.
      if (interval.end > interval.start) yield interval;
    }
  }
}

function rangesInMinutes(ranges: OpeningRange[]): [number, number][] {
  return ranges
    .map(({ open, close }): [number, number] => [minutesOf(open), minutesOf(close)])
    .sort(([a], [b]) => a - b);
}

// The rules trust a calendar that validateOpeningCalendar passed; a bad one reaching them is a bug, not bad input.
function minutesOf(hhmm: string): number {
  const minutes = parseWallClock(hhmm);
  if (minutes === undefined) throw new RangeError('Opening calendar has a time that is not HH:MM');
  return minutes;
}

function dateOf(date: string): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError('Opening calendar has a closure date that is not YYYY-MM-DD');
  return day;
}
