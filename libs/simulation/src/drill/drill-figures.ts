import { DateTime } from 'luxon';
import type { HourFigures } from '../planner/plan-report';
import type { Scenario } from '../scenario/scenario.schema';
import { heldIntervals } from './checks-shared';
import { percentile } from './drill-client';
import { round } from './drill-compression';
import type { DrillRecording, RecordedCallback, RecordedContact } from './drill-recording';

const HOUR_MS = 3_600_000;

/**
 * The figures a drill sets beside the planner's: per hour of the scenario, what the drill observed (from the record,
 * with the planner's own definitions: contacts counted in the hour they arrived, waits to the accept, service level
 * over arrivals that did not take a callback), and what Tuki's live metrics said (the supervision snapshot of the
 * drill's queue, sampled at each hour's end: counted when things happened, with the server's definitions).
 */

/** What the drill knows of one of its callers. */
export interface CallerFacts {
  /** Simulated ms from the scenario's start. */
  atMs: number;
  language: string;
  contactId?: string;
  tookCallback: boolean;
}

/** The drill's observed figures of one hour: the planner's HourFigures, less what is per language. */
export type ObservedHour = Omit<HourFigures, 'byLanguage'>;

export interface ObservedSummary {
  arrivals: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  tookCallback: number;
  serviceLevel: number | null;
  meanWaitSeconds: number | null;
  p95WaitSeconds: number | null;
  abandonment: number | null;
  callbacksRequested: number;
  callbacksCompleted: number;
  callbacksFailed: number;
  meanCallbackDelaySeconds: number | null;
  maxCallbacksPending: number;
}

/** How drill time maps onto the scenario's. */
export interface DrillClock {
  /** Drill clock (epoch ms) at the scenario's start. */
  realStart: number;
  speed: number;
  /** Server clock minus drill clock. */
  clockOffsetMs: number;
}

/** Server-clock time of a simulated offset. */
export const serverMsOf = (clock: DrillClock, simMs: number) =>
  clock.realStart + clock.clockOffsetMs + simMs / clock.speed;

/** The accept that answered the caller on the line (not a later callback's), if any. */
export function answeredLive(contact: RecordedContact) {
  const becameCallback = contact.history.find((h) => h.change === 'request-callback');
  return contact.history.find((h) => h.change === 'accept' && (!becameCallback || h.at < becameCallback.at));
}

/** The caller hung up while waiting (queued or on offer). */
export const abandonedWaiting = (contact: RecordedContact) =>
  contact.history.some((h) => h.change === 'abandon' && (h.from === 'queued' || h.from === 'offered'));

/** The drill's own figures per hour, with the planner's definitions. */
export function observedHours(input: {
  scenario: Scenario;
  clock: DrillClock;
  callers: readonly CallerFacts[];
  recording: DrillRecording;
  /** Each agent's duty, drill-relative real ms. */
  duty: readonly (readonly [number, number])[][];
}): { hours: ObservedHour[]; summary: ObservedSummary } {
  const { scenario, clock, callers, recording } = input;
  const startMs = DateTime.fromISO(scenario.startAt).toMillis();
  const target = scenario.target.answerWithinSeconds;
  const contacts = new Map(recording.contacts.map((c) => [c.id, c]));
  const books = Math.ceil(scenario.hours);
  const hours: ObservedHour[] = [];
  const allWaits: number[] = [];
  const busy = busyIntervals(recording, clock);
  for (let hour = 0; hour < books; hour++) {
    const mine = callers.filter((c) => Math.floor(c.atMs / HOUR_MS) === hour);
    const counts = { arrivals: mine.length, answered: 0, answeredWithinTarget: 0, abandoned: 0, tookCallback: 0 };
    let waitSum = 0;
    const waits: number[] = [];
    for (const caller of mine) {
      if (caller.tookCallback) counts.tookCallback += 1;
      const contact = caller.contactId ? contacts.get(caller.contactId) : undefined;
      if (!contact) continue;
      const accept = answeredLive(contact);
      if (accept) {
        const wait = ((accept.at - contact.firstArrivedAt) / 1000) * clock.speed;
        counts.answered += 1;
        waitSum += wait;
        waits.push(wait);
        if (wait <= target) counts.answeredWithinTarget += 1;
      } else if (abandonedWaiting(contact)) counts.abandoned += 1;
    }
    allWaits.push(...waits);
    const endServer = serverMsOf(clock, (hour + 1) * HOUR_MS);
    const open = openCallbacksAt(recording.callbacks, endServer);
    const window: [number, number] = [(hour * HOUR_MS) / clock.speed, ((hour + 1) * HOUR_MS) / clock.speed];
    const judged = counts.arrivals - counts.tookCallback;
    hours.push({
      hour,
      startsAt: DateTime.fromMillis(startMs + hour * HOUR_MS, { zone: scenario.timeZone }).toISO()!,
      ...counts,
      waitSecondsOfAnswered: round(waitSum),
      serviceLevel: judged === 0 ? null : round(counts.answeredWithinTarget / judged, 4),
      meanWaitSeconds: counts.answered === 0 ? null : round(waitSum / counts.answered),
      p95WaitSeconds: waits.length === 0 ? null : round(percentile(waits, 0.95)),
      abandonment: counts.arrivals === 0 ? null : round(counts.abandoned / counts.arrivals, 4),
      callbacksPending: open.length,
      callbacksOverdue: open.filter((c) => c.promisedBy <= endServer).length,
      agentsOnDuty: round(input.duty.reduce((sum, d) => sum + overlap(d, window), 0) / (window[1] - window[0])),
      agentsBusy: round(busy.reduce((sum, d) => sum + overlap(d, window), 0) / (window[1] - window[0])),
    });
  }
  const sum = (key: 'arrivals' | 'answered' | 'answeredWithinTarget' | 'abandoned' | 'tookCallback') =>
    hours.reduce((total, h) => total + h[key], 0);
  const waitTotal = hours.reduce((total, h) => total + h.waitSecondsOfAnswered, 0);
  const completed = recording.callbacks.filter((c) => c.status === 'completed');
  const summary: ObservedSummary = {
    arrivals: sum('arrivals'),
    answered: sum('answered'),
    answeredWithinTarget: sum('answeredWithinTarget'),
    abandoned: sum('abandoned'),
    tookCallback: sum('tookCallback'),
    serviceLevel: rate(sum('answeredWithinTarget'), sum('arrivals') - sum('tookCallback')),
    meanWaitSeconds: sum('answered') === 0 ? null : round(waitTotal / sum('answered')),
    p95WaitSeconds: allWaits.length === 0 ? null : round(percentile(allWaits, 0.95)),
    abandonment: rate(sum('abandoned'), sum('arrivals')),
    callbacksRequested: recording.callbacks.length,
    callbacksCompleted: completed.length,
    callbacksFailed: recording.callbacks.filter((c) => c.status === 'expired' || c.status === 'cancelled').length,
    meanCallbackDelaySeconds:
      completed.length === 0
        ? null
        : round(
            (completed.reduce((total, c) => total + ((c.closedAt ?? c.requestedAt) - c.requestedAt), 0) /
              completed.length /
              1000) *
              clock.speed,
          ),
    maxCallbacksPending: Math.max(0, ...hours.map((h) => h.callbacksPending)),
  };
  return { hours, summary };
}

/** Per agent, when they held anything (an offer, a conversation, a wrap-up): drill-relative real ms. */
function busyIntervals(recording: DrillRecording, clock: DrillClock): [number, number][][] {
  const byAgent = new Map<string, [number, number][]>();
  const toDrill = (serverMs: number) => serverMs - clock.clockOffsetMs - clock.realStart;
  for (const h of heldIntervals(recording.contacts)) {
    const list = byAgent.get(h.agentId) ?? [];
    list.push([toDrill(h.offerAt), Number.isFinite(h.closeAt) ? toDrill(h.closeAt) : Infinity]);
    byAgent.set(h.agentId, list);
  }
  return [...byAgent.values()].map(union);
}

function union(intervals: [number, number][]): [number, number][] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function overlap(intervals: readonly (readonly [number, number])[], window: readonly [number, number]): number {
  return intervals.reduce(
    (sum, [from, to]) => sum + Math.max(0, Math.min(to, window[1]) - Math.max(from, window[0])),
    0,
  );
}

/** Callbacks asked for by `serverMs` and not yet closed then. */
export function openCallbacksAt(callbacks: readonly RecordedCallback[], serverMs: number): RecordedCallback[] {
  return callbacks.filter((c) => c.requestedAt <= serverMs && (c.closedAt === null || c.closedAt > serverMs));
}

/** part / whole to four places; null of nothing. */
export const rate = (part: number, whole: number) => (whole <= 0 ? null : round(part / whole, 4));
