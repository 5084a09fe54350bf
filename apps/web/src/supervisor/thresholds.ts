import type { ScopeFigures, SurgeLevelName } from '@tuki/contracts';

/*
 * When a figure turns amber or red. The colour is never the only cue: each status also has words (STATUS_WORDS)
 * that the tile shows, for colour-blind supervisors and screen readers.
 */

/** `none`: no figure to judge (nobody answered yet, say). */
export type Status = 'ok' | 'warn' | 'bad' | 'none';

export const STATUS_WORDS: Record<Status, string> = {
  ok: 'within target',
  warn: 'near the limit',
  bad: 'past the limit',
  none: 'no figure yet',
};

/** A service-level target: answer `percent` % of callers within `answerSeconds`. */
export interface Target {
  answerSeconds: number;
  percent: number;
}

/** The usual helpline default, used only when no queue states a target (no queue defined yet). */
export const FALLBACK_TARGET: Target = { answerSeconds: 20, percent: 80 };

/** Percentage points below the target that still count as "near" rather than "past". */
const SERVICE_LEVEL_MARGIN_POINTS = 10;
/** Abandonment above 10 % is the usual line of a failing helpline; above 5 % it is worth watching. */
export const ABANDONMENT_LIMIT = 0.1;
const ABANDONMENT_WATCH = 0.05;
/** Occupancy above 95 % burns agents out and leaves no slack for a surge; above 85 % is worth watching. */
const OCCUPANCY_LIMIT = 0.95;
const OCCUPANCY_WATCH = 0.85;

/**
 * The overall tiles judge against the strictest target among the open queues (the one a surge breaks first); with no
 * queue open, against every queue's; with no queue at all, the fallback.
 */
export function strictestTarget(queues: readonly ScopeFigures[]): Target {
  const open = queues.filter((queue) => queue.open && queue.target);
  const candidates = (open.length > 0 ? open : queues).flatMap((queue) => (queue.target ? [queue.target] : []));
  if (candidates.length === 0) return FALLBACK_TARGET;
  return {
    answerSeconds: Math.min(...candidates.map((target) => target.answerSeconds)),
    percent: Math.max(...candidates.map((target) => target.percent)),
  };
}

/** Service level (a share 0..1) against the target percentage. */
export function serviceLevelStatus(share: number | null, target: Target): Status {
  if (share === null) return 'none';
  const percent = share * 100;
  if (percent >= target.percent) return 'ok';
  return percent >= target.percent - SERVICE_LEVEL_MARGIN_POINTS ? 'warn' : 'bad';
}

/** A wait (longest wait now, or the average speed of answer) against the target answer time: twice it is past. */
export function waitStatus(seconds: number | null, target: Target): Status {
  if (seconds === null) return 'none';
  if (seconds <= target.answerSeconds) return 'ok';
  return seconds <= 2 * target.answerSeconds ? 'warn' : 'bad';
}

export function abandonmentStatus(rate: number | null): Status {
  if (rate === null) return 'none';
  if (rate > ABANDONMENT_LIMIT) return 'bad';
  return rate > ABANDONMENT_WATCH ? 'warn' : 'ok';
}

export function occupancyStatus(occupancy: number | null | undefined): Status {
  if (occupancy === null || occupancy === undefined) return 'none';
  if (occupancy > OCCUPANCY_LIMIT) return 'bad';
  return occupancy > OCCUPANCY_WATCH ? 'warn' : 'ok';
}

/** Any callback past its promised time is a promise broken to someone who was told they would be called. */
export function overdueStatus(overdue: number): Status {
  return overdue > 0 ? 'bad' : 'ok';
}

export function surgeStatus(level: SurgeLevelName | undefined): Status {
  switch (level) {
    case undefined:
      return 'none';
    case 'normal':
      return 'ok';
    case 'elevated':
      return 'warn';
    case 'surge':
    case 'critical':
      return 'bad';
  }
}

/** Agents short of what Erlang A says the language needs now. */
export function gapStatus(gap: number, open: boolean): Status {
  if (!open) return 'none';
  return gap > 0 ? 'bad' : 'ok';
}
