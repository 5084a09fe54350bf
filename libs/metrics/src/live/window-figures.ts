import type { WindowFigures } from '@tuki/contracts';
import { counterField, type Counts } from './counters';

const MINUTE_MS = 60_000;

/** The figures of one window from its counts. A ratio with nothing to divide by is null, never 0 or NaN. */
export function windowFigures(c: Counts): WindowFigures {
  const ratio = (top: number, bottom: number) => (bottom > 0 ? top / bottom : null);
  const seconds = (ms: number, n: number) => (n > 0 ? ms / n / 1000 : null);
  return {
    arrivals: c.arrivals,
    answered: c.answered,
    answeredWithinTarget: c.answeredWithinTarget,
    abandoned: c.abandoned,
    shortAbandons: c.shortAbandons,
    abandonedWithinTarget: c.abandonedWithinTarget,
    asaSeconds: seconds(c.answeredWaitMs, c.answered),
    serviceLevel: {
      answeredOnly: ratio(c.answeredWithinTarget, c.answered),
      withAbandons: ratio(c.answeredWithinTarget + c.abandonedWithinTarget, c.answered + c.abandoned),
    },
    abandonmentRate: ratio(c.abandoned, c.answered + c.abandoned),
    handled: c.handled,
    ahtSeconds: seconds(c.talkMs + c.wrapMs, c.handled),
    offers: { made: c.offersMade, accepted: c.offersAccepted, declined: c.offersDeclined, timedOut: c.offersTimedOut },
    estimateError: {
      count: c.estimates,
      meanSeconds: seconds(c.estimateErrorMs, c.estimates),
      meanAbsoluteSeconds: seconds(c.estimateAbsErrorMs, c.estimates),
    },
    callbacks: { requested: c.callbacksRequested, completed: c.callbacksCompleted, expired: c.callbacksExpired },
  };
}

/**
 * Arrivals per minute over the last 1, 5 and 15 minutes, from minute buckets (oldest first, the last one the current
 * minute). A window of N minutes ending now covers the part of the current minute that has passed, the N-1 minutes
 * before it, and the rest of the minute before those, pro rata: the usual sliding-window estimate, which moves
 * smoothly instead of jumping at each minute's turn.
 */
export function arrivalsPerMinute(
  minutes: readonly Record<string, string>[],
  scope: string,
  now: number,
): { last1: number; last5: number; last15: number } {
  const field = counterField(scope, 'arrivals');
  const counts = minutes.map((bucket) => Number(bucket[field] ?? 0));
  const elapsed = (now % MINUTE_MS) / MINUTE_MS;
  const rate = (n: number) => {
    const last = counts.length - 1;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += counts[last - k] ?? 0;
    sum += (1 - elapsed) * (counts[last - n] ?? 0);
    return sum / n;
  };
  return { last1: rate(1), last5: rate(5), last15: rate(15) };
}
