/*
 * How figures read on the dashboard. Pure, so the words and roundings are tested without a browser. A missing
 * figure (nothing to divide by yet) reads as a dash, never as 0, so "no calls" is not mistaken for "all lost".
 */

export const NO_FIGURE = '—';

/** Whole seconds as "45 s", "4 min 05 s" or "1 h 02 min": unambiguous when read aloud, unlike "4:05". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return NO_FIGURE;
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A share 0..1 as a percentage; `digits` decimals (abandonment shows one, service level none). */
export function formatPercent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NO_FIGURE;
  return `${(share * 100).toFixed(digits)} %`;
}

/** A rate or average with one decimal, trailing ".0" dropped (2 reads better than 2.0 on a wall screen). */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_FIGURE;
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** Seconds since `sinceMs` by the server's clock now, or null when there is no start. */
export function secondsSince(sinceMs: number | null, serverNowMs: number): number | null {
  return sinceMs === null ? null : Math.max(0, (serverNowMs - sinceMs) / 1000);
}

/** Wall-clock time ("14:05") in the helpline's own time zone, which supervisors read their shifts in. */
export function formatClock(epochMs: number, timeZone: string, withSeconds = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(epochMs);
}

/** A service-level target as supervisors say it: "80 % in 20 s". */
export function formatTarget(target: { answerSeconds: number; percent: number }): string {
  return `${target.percent} % in ${target.answerSeconds} s`;
}

/** How long an observation of the server's clock counts (see ServerClock). */
const CLOCK_MEMORY_MS = 60_000;

/**
 * The server's clock as the page estimates it, from the snapshots' `generatedAt`. Counting up from the server's
 * timestamps with the page's own clock would be off by however wrong the supervisor's computer clock is.
 *
 * A message always arrives after it was built (travel time; a resync's answer may be a snapshot built a couple of
 * seconds earlier), so each observation underestimates the offset: the largest of the last minute's is the best
 * estimate, and a late one does not make the waits on screen jump back. Older ones are forgotten, so a corrected
 * computer clock is followed within a minute.
 */
export class ServerClock {
  private observations: { at: number; offsetMs: number }[] = [];

  /** @param now the page's clock (injected so tests can move it) */
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Called when a message with `generatedAt` arrives. */
  observe(generatedAtMs: number): void {
    const at = this.now();
    this.observations = this.observations.filter((o) => at - o.at < CLOCK_MEMORY_MS && at >= o.at);
    this.observations.push({ at, offsetMs: generatedAtMs - at });
  }

  nowMs(): number {
    if (this.observations.length === 0) return this.now();
    return this.now() + Math.max(...this.observations.map((o) => o.offsetMs));
  }
}
