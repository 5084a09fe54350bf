import type { ScopeFigures, WindowFigures } from '@tuki/contracts';
import { round } from './drill-compression';
import { rate, type DrillClock } from './drill-figures';

const HOUR_MS = 3_600_000;

/** Tuki's live metrics for the drill's queue over one hour (server definitions; waits in simulated seconds). */
export interface LiveHour {
  hour: number;
  arrivals: number;
  answered: number;
  answeredWithinTarget: number;
  /** Hang-ups while waiting, short abandons (under 5 real seconds) added back. */
  abandoned: number;
  shortAbandons: number;
  callbacksRequested: number;
  callbacksCompleted: number;
  callbacksExpired: number;
  /** Answered within the queue's (whole-second, compressed) target over arrivals that did not take a callback. */
  serviceLevel: number | null;
  /** The server's own: answered within target over answered. */
  serviceLevelAnsweredOnly: number | null;
  meanWaitSeconds: number | null;
  abandonment: number | null;
  /** At the hour's end. */
  callbacksPending: number | null;
  waiting: number | null;
}

/** A live-metrics sample of the drill's queue. */
export interface LiveSample {
  /** Drill clock. */
  at: number;
  queue: ScopeFigures | null;
}

/** Counters of the queue's `today` window, so two samples can be subtracted. */
function countersOf(figures: WindowFigures) {
  return {
    arrivals: figures.arrivals,
    answered: figures.answered,
    answeredWithinTarget: figures.answeredWithinTarget,
    abandoned: figures.abandoned,
    shortAbandons: figures.shortAbandons,
    waitSeconds: (figures.asaSeconds ?? 0) * figures.answered,
    callbacksRequested: figures.callbacks.requested,
    callbacksCompleted: figures.callbacks.completed,
    callbacksExpired: figures.callbacks.expired,
  };
}

type Counters = ReturnType<typeof countersOf>;

/** b - a, counter by counter; a counter that went down (the helpline's day turned) counts from zero. */
function minus(b: Counters, a: Counters): Counters {
  const out = { ...b };
  for (const key of Object.keys(b) as (keyof Counters)[]) out[key] = b[key] >= a[key] ? b[key] - a[key] : b[key];
  return out;
}

/** The live figures of one stretch between two samples (or of the whole run). */
export function liveBetween(hour: number, from: LiveSample | undefined, to: LiveSample | undefined, speed: number) {
  if (!to?.queue) return null;
  const end = countersOf(to.queue.windows.today);
  const start = from?.queue ? countersOf(from.queue.windows.today) : undefined;
  const d = start ? minus(end, start) : end;
  const abandoned = d.abandoned + d.shortAbandons;
  const judged = d.arrivals - d.callbacksRequested;
  const live: LiveHour = {
    hour,
    arrivals: d.arrivals,
    answered: d.answered,
    answeredWithinTarget: d.answeredWithinTarget,
    abandoned,
    shortAbandons: d.shortAbandons,
    callbacksRequested: d.callbacksRequested,
    callbacksCompleted: d.callbacksCompleted,
    callbacksExpired: d.callbacksExpired,
    serviceLevel: judged <= 0 ? null : round(d.answeredWithinTarget / judged, 4),
    serviceLevelAnsweredOnly: rate(d.answeredWithinTarget, d.answered),
    meanWaitSeconds: d.answered === 0 ? null : round((d.waitSeconds / d.answered) * speed),
    abandonment: rate(abandoned, d.arrivals),
    callbacksPending: to.queue.callbacks.pending + to.queue.callbacks.due,
    waiting: to.queue.waiting,
  };
  return live;
}

/** Live figures per hour: between the samples taken at each hour's ends. */
export function liveHours(samples: readonly LiveSample[], clock: DrillClock, hours: number): (LiveHour | null)[] {
  const at = (simMs: number) => {
    const realAt = clock.realStart + simMs / clock.speed;
    return samples.find((s) => s.at >= realAt - 50);
  };
  return Array.from({ length: Math.ceil(hours) }, (_, hour) => {
    const from = hour === 0 ? samples[0] : at(hour * HOUR_MS);
    return liveBetween(hour, from, at((hour + 1) * HOUR_MS), clock.speed);
  });
}
