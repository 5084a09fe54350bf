/**
 * The usual arrival rate for a moment, the baseline a surge is measured against. Contacts follow a weekly rhythm
 * (Monday mornings are not Sunday nights), so the first choice is the same local hour of the week on earlier weeks;
 * a new helpline with less than a week of history falls back to a moving average of its most recent intervals,
 * which trails a long surge (the surge becomes its own baseline) but is better than no baseline at all.
 *
 * Both are total arrivals over total seconds of the snapshots chosen: the mean rate, weighted by how long each
 * snapshot ran, so a partial interval (a restart, the helpline opening at 09:10) counts for what it covers.
 */

/** A statistics snapshot: the arrivals counted in an interval (15 minutes, or less when cut short). */
export interface ArrivalSnapshot {
  /** Start of the interval, epoch milliseconds. */
  start: number;
  /** Contacts that arrived in it. */
  arrivals: number;
  /** Seconds the interval covered. */
  seconds: number;
}

/** Where a baseline came from, so a dashboard can say "vs. usual Monday 09–10" or "vs. the last two hours". */
export type BaselineBasis = 'same-hour-of-week' | 'recent-intervals' | 'none';

export interface Baseline {
  /** Arrivals per second; 0 when there is no history (the surge ratio's floor then applies). */
  rate: number;
  basis: BaselineBasis;
  /** Snapshots the rate was computed from. */
  snapshots: number;
}

/** Snapshots averaged when no earlier week has the hour: the last two hours. */
export const RECENT_INTERVALS_FOR_BASELINE = 8;

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The baseline arrival rate for the interval starting at `at` (epoch ms), from earlier snapshots, with hours of the
 * week read in `timeZone` (IANA name, default 'UTC'; pass the helpline's zone so that 09:00 stays 09:00 across a
 * daylight-saving change). Snapshots at or after `at` are ignored.
 */
export function baselineFor(history: readonly ArrivalSnapshot[], at: number, timeZone = 'UTC'): Baseline {
  const hourOf = hourOfWeekIn(timeZone);
  const usable = history.filter((snapshot) => snapshot.start < at && snapshot.seconds > 0);
  const wanted = hourOf(at);
  // Same hour of the week and at least a day old: the only such snapshots less than a day old are earlier quarters
  // of this very hour, which are part of what is being measured, not the usual.
  const sameHour = usable.filter((snapshot) => at - snapshot.start >= DAY_MS && hourOf(snapshot.start) === wanted);
  if (sameHour.length > 0) return { rate: rateOf(sameHour), basis: 'same-hour-of-week', snapshots: sameHour.length };

  const recent = [...usable].sort((a, b) => b.start - a.start).slice(0, RECENT_INTERVALS_FOR_BASELINE);
  if (recent.length > 0) return { rate: rateOf(recent), basis: 'recent-intervals', snapshots: recent.length };
  return { rate: 0, basis: 'none', snapshots: 0 };
}

function rateOf(snapshots: readonly ArrivalSnapshot[]): number {
  let arrivals = 0;
  let seconds = 0;
  for (const snapshot of snapshots) {
    arrivals += snapshot.arrivals;
    seconds += snapshot.seconds;
  }
  return arrivals / seconds;
}

/** A function giving the local hour of the week (0 = Monday 00:00–01:00, 167 = Sunday 23:00–24:00) of an instant. */
function hourOfWeekIn(timeZone: string): (at: number) => number {
  // Intl rather than offset arithmetic: it knows every zone's rules, and throws a RangeError for an unknown zone.
  const format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  return (at) => {
    let weekday = -1;
    let hour = -1;
    for (const part of format.formatToParts(at)) {
      if (part.type === 'weekday') weekday = WEEKDAYS.indexOf(part.value);
      if (part.type === 'hour') hour = Number(part.value);
    }
    return weekday * 24 + hour;
  };
}
