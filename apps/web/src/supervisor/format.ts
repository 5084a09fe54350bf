/*
 * How figures read on the dashboard. Pure, so the words and roundings are tested without a browser. A missing
 * figure (nothing to divide by yet) reads as a dash, never as 0, so "no calls" is not mistaken for "all lost".
 */

// Shared with the agent desk.
import { NO_FIGURE } from '../shared/format-duration';

export { NO_FIGURE, formatDuration } from '../shared/format-duration';
export { ServerClock } from '../shared/server-clock';

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
