import { DateTime } from 'luxon';
import { MIN_ARRIVALS_TO_JUDGE, type ContactCounts, type HourFigures, type PlanSummary } from './plan-report';

const HOUR_MS = 3_600_000;

const noCounts = (): ContactCounts => ({
  arrivals: 0,
  answered: 0,
  answeredWithinTarget: 0,
  abandoned: 0,
  tookCallback: 0,
  waitSecondsOfAnswered: 0,
});

interface HourBook {
  counts: ContactCounts;
  byLanguage: Map<string, ContactCounts>;
  waits: number[];
  callbacksPending: number;
  callbacksOverdue: number;
  onDutyMs: number;
  busyMs: number;
}

/** The callbacks' own totals, kept by the simulation. */
export interface CallbackTotals {
  requested: number;
  completed: number;
  failed: number;
  delaySecondsOfCompleted: number;
}

/**
 * Books a run's events into the hours of the scenario: contacts by the hour they arrived, agents' time by the hour it
 * was spent, callbacks pending as each hour ends. Contacts of the hours after the scenario's end are not booked.
 */
export class HourlyLedger {
  private readonly books: HourBook[];
  private levelsAt: number;
  private onDuty = 0;
  private busy = 0;

  constructor(
    private readonly startMs: number,
    hours: number,
    private readonly timeZone: string,
    private readonly targetSeconds: number,
    private readonly goal: number,
  ) {
    this.books = Array.from({ length: Math.ceil(hours) }, () => ({
      counts: noCounts(),
      byLanguage: new Map(),
      waits: [],
      callbacksPending: 0,
      callbacksOverdue: 0,
      onDutyMs: 0,
      busyMs: 0,
    }));
    this.levelsAt = startMs;
  }

  get hours(): number {
    return this.books.length;
  }

  hourOf(atMs: number): number {
    return Math.floor((atMs - this.startMs) / HOUR_MS);
  }

  arrived(atMs: number, language: string): void {
    this.count(atMs, language, (c) => (c.arrivals += 1));
  }

  answered(arrivedAtMs: number, language: string, waitMs: number): void {
    const waitSeconds = waitMs / 1000;
    const within = waitSeconds <= this.targetSeconds;
    this.count(arrivedAtMs, language, (c) => {
      c.answered += 1;
      c.waitSecondsOfAnswered += waitSeconds;
      if (within) c.answeredWithinTarget += 1;
    });
    this.books[this.hourOf(arrivedAtMs)]?.waits.push(waitSeconds);
  }

  abandoned(arrivedAtMs: number, language: string): void {
    this.count(arrivedAtMs, language, (c) => (c.abandoned += 1));
  }

  tookCallback(arrivedAtMs: number, language: string): void {
    this.count(arrivedAtMs, language, (c) => (c.tookCallback += 1));
  }

  /** Agents on duty and busy from `atMs` on; the time since the last change is booked at the old levels. */
  levels(atMs: number, onDuty: number, busy: number): void {
    let from = this.levelsAt;
    while (from < atMs) {
      const hour = this.hourOf(from);
      const book = this.books[hour];
      if (!book) break;
      const to = Math.min(atMs, this.startMs + (hour + 1) * HOUR_MS);
      book.onDutyMs += (to - from) * this.onDuty;
      book.busyMs += (to - from) * this.busy;
      from = to;
    }
    this.levelsAt = atMs;
    this.onDuty = onDuty;
    this.busy = busy;
  }

  callbacksAtHourEnd(hour: number, pending: number, overdue: number): void {
    const book = this.books[hour];
    if (!book) return;
    book.callbacksPending = pending;
    book.callbacksOverdue = overdue;
  }

  figures(): HourFigures[] {
    return this.books.map((book, hour) => ({
      hour,
      startsAt: DateTime.fromMillis(this.startMs + hour * HOUR_MS, { zone: this.timeZone }).toISO()!,
      ...book.counts,
      ...rates(book.counts, book.waits),
      callbacksPending: book.callbacksPending,
      callbacksOverdue: book.callbacksOverdue,
      agentsOnDuty: round(book.onDutyMs / HOUR_MS),
      agentsBusy: round(book.busyMs / HOUR_MS),
      byLanguage: Object.fromEntries(book.byLanguage),
    }));
  }

  summary(callbacks: CallbackTotals): PlanSummary {
    const counts = noCounts();
    for (const book of this.books) {
      for (const key of Object.keys(counts) as (keyof ContactCounts)[]) counts[key] += book.counts[key];
    }
    const waits = this.books.flatMap((book) => book.waits);
    return {
      ...counts,
      ...rates(counts, waits),
      callbacksRequested: callbacks.requested,
      callbacksCompleted: callbacks.completed,
      callbacksFailed: callbacks.failed,
      meanCallbackDelaySeconds:
        callbacks.completed === 0 ? null : round(callbacks.delaySecondsOfCompleted / callbacks.completed),
      maxCallbacksPending: Math.max(0, ...this.books.map((b) => b.callbacksPending)),
      maxCallbacksOverdue: Math.max(0, ...this.books.map((b) => b.callbacksOverdue)),
      hoursBelowTarget: this.books.filter((b) => judgedShort(b.counts, this.goal)).length,
    };
  }

  private count(atMs: number, language: string, change: (counts: ContactCounts) => void): void {
    const book = this.books[this.hourOf(atMs)];
    if (!book) return;
    change(book.counts);
    let byLanguage = book.byLanguage.get(language);
    if (!byLanguage) book.byLanguage.set(language, (byLanguage = noCounts()));
    change(byLanguage);
  }
}

/** Service level as the report defines it: answered within target over arrivals that did not take a callback. */
export function serviceLevelOf(counts: ContactCounts): number | null {
  const judged = counts.arrivals - counts.tookCallback;
  return judged === 0 ? null : counts.answeredWithinTarget / judged;
}

/** Whether counts with enough arrivals to judge fall short of the goal. */
export function judgedShort(counts: ContactCounts, goal: number): boolean {
  const level = serviceLevelOf(counts);
  return counts.arrivals >= MIN_ARRIVALS_TO_JUDGE && level !== null && level < goal;
}

/**
 * Whether counts fall short of the goal by more than chance explains at their volume: the service level is below the
 * goal by more than 1.28 standard errors of a share (a one-sided 90% bound). An hour of 15 calls that answers 11 in time
 * (73%) has not shown it needs another agent; an hour of 300 that answers 73% has. The staffing search judges by this,
 * so it does not chase the noise of quiet hours.
 */
export function clearlyShort(counts: ContactCounts, goal: number): boolean {
  const judged = counts.arrivals - counts.tookCallback;
  const level = serviceLevelOf(counts);
  if (counts.arrivals < MIN_ARRIVALS_TO_JUDGE || level === null) return false;
  return level < goal - 1.28 * Math.sqrt((goal * (1 - goal)) / judged);
}

function rates(counts: ContactCounts, waits: number[]) {
  const level = serviceLevelOf(counts);
  return {
    serviceLevel: level === null ? null : round(level, 4),
    meanWaitSeconds: counts.answered === 0 ? null : round(counts.waitSecondsOfAnswered / counts.answered),
    p95WaitSeconds: percentile(waits, 0.95),
    abandonment: counts.arrivals === 0 ? null : round(counts.abandoned / counts.arrivals, 4),
  };
}

/** The nearest-rank percentile; null of nothing. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]);
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
