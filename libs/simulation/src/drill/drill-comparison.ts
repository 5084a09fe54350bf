import type { HourFigures, PlanReport, PlanSummary } from '../planner/plan-report';
import { percentile } from './drill-client';
import { round } from './drill-compression';
import { openCallbacksAt, serverMsOf, type DrillClock, type ObservedHour, type ObservedSummary } from './drill-figures';
import type { DrillRecording, RecordedContact } from './drill-recording';
import type { LiveHour, LiveSample } from './live-figures';

export interface ComparedHour {
  hour: number;
  startsAt: string;
  predicted: HourFigures | null;
  observed: ObservedHour;
  live: LiveHour | null;
}

/** One figure side by side: the planner's, the drill's and the live metrics', and how far the drill is off. */
export interface Difference {
  metric: string;
  predicted: number | null;
  /**
   * The 10th to 90th percentile of the planner's figure over runs of the same scenario with other seeds: how much one
   * run of this size varies by chance alone. Null when too few runs fitted in the time allowed.
   */
  predictedRange: [number, number] | null;
  observed: number | null;
  live: number | null;
  /** observed - predicted. */
  difference: number | null;
  note: string;
}

export interface TimelinePoint {
  /** Simulated minutes from the scenario's start. */
  minute: number;
  /** Callers on the line waiting (queued or on offer), from the record. */
  waiting: number;
  /** Callbacks asked for and not yet ended, from the record. */
  callbacksPending: number;
  /** The live metrics at the nearest sample, when there was one. */
  liveWaiting: number | null;
  liveCallbacksPending: number | null;
}

/** Waiting callers and pending callbacks over the run, from the record, beside the nearest live sample. */
export function timelineOf(
  recording: DrillRecording,
  samples: readonly LiveSample[],
  clock: DrillClock,
  simulatedEndMs: number,
  points = 60,
): TimelinePoint[] {
  const step = Math.max(60_000, Math.ceil(simulatedEndMs / points / 60_000) * 60_000);
  const spells = recording.contacts.flatMap((contact) =>
    contact.history
      .map((row, i) => ({ row, until: contact.history[i + 1]?.at ?? Infinity }))
      .filter(({ row }) => row.to === 'queued' || row.to === 'offered' || row.to === 'callback-pending')
      .map(({ row, until }) => ({
        from: row.at,
        until,
        callback: row.to === 'callback-pending' || channelIsCallback(contact, row.at),
      })),
  );
  const timeline: TimelinePoint[] = [];
  for (let sim = 0; sim <= simulatedEndMs; sim += step) {
    const at = serverMsOf(clock, sim);
    const open = spells.filter((s) => s.from <= at && s.until > at);
    const sample = nearest(samples, clock.realStart + sim / clock.speed);
    timeline.push({
      minute: sim / 60_000,
      waiting: open.filter((s) => !s.callback).length,
      callbacksPending: openCallbacksAt(recording.callbacks, at).length,
      liveWaiting: sample?.queue?.waiting ?? null,
      liveCallbacksPending: sample?.queue ? sample.queue.callbacks.pending + sample.queue.callbacks.due : null,
    });
  }
  return timeline;
}

function channelIsCallback(contact: RecordedContact, at: number): boolean {
  const became = contact.history.find((h) => h.change === 'request-callback');
  return became !== undefined && became.at <= at;
}

function nearest(samples: readonly LiveSample[], at: number): LiveSample | undefined {
  let best: LiveSample | undefined;
  for (const s of samples) if (!best || Math.abs(s.at - at) < Math.abs(best.at - at)) best = s;
  return best && Math.abs(best.at - at) < 5000 ? best : undefined;
}

/** The summary figures side by side. */
type SummaryKey = keyof PlanSummary;

/** The planner's figures over several runs with other seeds: 10th and 90th percentile per summary figure. */
export function spreadOf(plans: readonly PlanReport[]): Partial<Record<SummaryKey, [number, number]>> {
  if (plans.length < 5) return {};
  const ranges: Partial<Record<SummaryKey, [number, number]>> = {};
  for (const key of Object.keys(plans[0].summary) as SummaryKey[]) {
    const values = plans.map((p) => p.summary[key]).filter((v): v is number => typeof v === 'number');
    if (values.length >= 5) ranges[key] = [percentile(values, 0.1), percentile(values, 0.9)];
  }
  return ranges;
}

const SUMMARY_KEYS: Record<string, SummaryKey> = {
  arrivals: 'arrivals',
  answered: 'answered',
  'service level': 'serviceLevel',
  'mean wait (s)': 'meanWaitSeconds',
  'p95 wait (s)': 'p95WaitSeconds',
  abandonment: 'abandonment',
  'took a callback': 'tookCallback',
  'callbacks completed': 'callbacksCompleted',
  'callbacks failed': 'callbacksFailed',
  'max callbacks pending': 'maxCallbacksPending',
};

/** The summary figures side by side, with the planner's range over other seeds where there is one. */
export function differencesOf(
  plan: PlanReport | null,
  observed: ObservedSummary,
  live: LiveHour | null,
  spread: Partial<Record<SummaryKey, [number, number]>> = {},
): Difference[] {
  const p: Partial<PlanSummary> = plan?.summary ?? {};
  const row = (
    metric: string,
    predicted: number | null | undefined,
    obs: number | null,
    liveValue: number | null | undefined,
    note: string,
  ): Difference => ({
    metric,
    predicted: predicted ?? null,
    predictedRange: spread[SUMMARY_KEYS[metric]] ?? null,
    observed: obs,
    live: liveValue ?? null,
    difference: predicted === null || predicted === undefined || obs === null ? null : round(obs - predicted, 4),
    note,
  });
  return [
    row(
      'arrivals',
      p.arrivals,
      observed.arrivals,
      live?.arrivals,
      'Poisson draws of the same rate: expect about ±2 sqrt(n)',
    ),
    row(
      'answered',
      p.answered,
      observed.answered,
      live?.answered,
      "live: answered callers, a callback's call not counted",
    ),
    row(
      'service level',
      p.serviceLevel,
      observed.serviceLevel,
      live?.serviceLevel,
      'answered within target / arrivals that did not take a callback; live against the whole-second compressed target',
    ),
    row(
      'mean wait (s)',
      p.meanWaitSeconds,
      observed.meanWaitSeconds,
      live?.meanWaitSeconds,
      "simulated seconds to the accept; the drill's include the measured latency (see compression)",
    ),
    row('p95 wait (s)', p.p95WaitSeconds, observed.p95WaitSeconds, null, 'simulated seconds'),
    row(
      'abandonment',
      p.abandonment,
      observed.abandonment,
      live?.abandonment,
      'hang-ups while waiting / arrivals; live adds short abandons back',
    ),
    row(
      'took a callback',
      p.tookCallback,
      observed.tookCallback,
      live?.callbacksRequested,
      'callers who left a number when offered (the offer threshold compressed to whole seconds)',
    ),
    row(
      'callbacks completed',
      p.callbacksCompleted,
      observed.callbacksCompleted,
      live?.callbacksCompleted,
      'the planner plays every callback out; the drill ends after its drain, with later attempts still pending',
    ),
    row(
      'callbacks failed',
      p.callbacksFailed,
      observed.callbacksFailed,
      live?.callbacksExpired,
      'ran out of attempts or time',
    ),
    row('max callbacks pending', p.maxCallbacksPending, observed.maxCallbacksPending, null, "at an hour's end"),
  ];
}
