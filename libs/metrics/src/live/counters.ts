/**
 * The counters the live aggregates keep, per scope, in per-minute and per-day buckets. Every counter is a sum, so
 * deliveries in any order give the same totals (each event is counted once: see LiveAggregates).
 */
export const COUNTERS = [
  'arrivals',
  'answered',
  'answeredWithinTarget',
  /** Sum of the waits of answered callers, ms. */
  'answeredWaitMs',
  'abandoned',
  'shortAbandons',
  'abandonedWithinTarget',
  /** Sum of the waits of callers who gave up (short abandons apart), ms: with the answered waits, their patience. */
  'abandonedWaitMs',
  'offersMade',
  'offersAccepted',
  'offersDeclined',
  'offersTimedOut',
  'talkMs',
  'wrapMs',
  'handled',
  'estimates',
  'estimateErrorMs',
  'estimateAbsErrorMs',
  'callbacksRequested',
  'callbacksCompleted',
  'callbacksExpired',
] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counts = Record<CounterName, number>;

/** A scope is `all`, `q:<queueId>` or `l:<language>`; a bucket's fields are `<scope>|<counter>`. */
export const OVERALL_SCOPE = 'all';
export const queueScope = (queueId: string) => `q:${queueId}`;
export const languageScope = (language: string) => `l:${language}`;
export const counterField = (scope: string, counter: CounterName) => `${scope}|${counter}`;

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Counts;
}

/** Sums the fields of bucket hashes (as Redis returns them) into the counts of one scope. */
export function countsOf(scope: string, buckets: readonly Record<string, string>[]): Counts {
  const counts = zeroCounts();
  for (const bucket of buckets) {
    for (const name of COUNTERS) {
      const value = bucket[counterField(scope, name)];
      if (value !== undefined) counts[name] += Number(value);
    }
  }
  return counts;
}
