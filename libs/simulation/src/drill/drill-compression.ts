import type { Scenario } from '../scenario/scenario.schema';
import { callbackPolicyOf } from '../scenario/scenario-loader';
import type { LatencyLog } from './drill-client';

/**
 * Time compression: a drill at `speed` 60 plays one simulated minute per real second. Every duration the drill controls
 * (arrivals, patience, talk, wrap-up, answering) is divided by the speed; the drill's own routing queue is defined with
 * its timeouts divided too, as far as the API accepts them. What cannot be shortened (the API's minimums, timers fixed
 * in Tuki, and the latency of HTTP and the socket, which count `speed` times over when read in simulated time) is
 * reported as the tolerance the compression costs, measured during the run.
 */

/** One queue setting: what the scenario says, what compression wanted, what the server took. */
export interface CompressedSetting {
  name: string;
  /** Simulated seconds (the scenario's value); null when the scenario leaves it unset. */
  scenarioSeconds: number | null;
  /** The scenario's value divided by the speed. */
  wantedRealSeconds: number | null;
  /** What the queue was defined with (the API takes whole seconds, within bounds). */
  appliedRealSeconds: number | null;
  /** What that is in simulated time: applied x speed. */
  simulatedSeconds: number | null;
  /** Why applied differs from wanted, when it does. */
  note: string | null;
}

/** A timer fixed in Tuki that the drill cannot shorten, and what it means at this speed. */
export interface FixedTimer {
  what: string;
  realSeconds: number;
  simulatedSeconds: number;
  effect: string;
}

/** One measured latency, in real milliseconds and in the simulated seconds it stands for. */
export interface MeasuredLatency {
  name: string;
  meaning: string;
  count: number;
  medianMs: number;
  p95Ms: number;
  medianSimulatedSeconds: number;
  p95SimulatedSeconds: number;
}

export interface CompressionReport {
  speed: number;
  settings: CompressedSetting[];
  fixed: FixedTimer[];
  measured: MeasuredLatency[];
  /**
   * How much longer than the scenario's every wait the drill measures is, in simulated seconds: offer delivery, the
   * agent's timer firing late and half the accept's round trip (median; p95 beside it).
   */
  waitErrorSeconds: { median: number; p95: number };
  /** How much longer every conversation holds its agent: the timer firing late and half the end's round trip. */
  holdErrorSeconds: { median: number; p95: number };
  /** The tolerance in one sentence, for the report's head. */
  statement: string;
}

/** The routing queue's definition as POST /routing-queues takes it. */
export interface QueueDefinition {
  name: string;
  languages: string[];
  requiredSkills: Record<string, number>;
  strategy: string;
  targetAnswerPercent: number;
  targetAnswerSeconds: number;
  offerTimeoutSeconds: number;
  ageingSeconds: number;
  voiceBlocksChat: boolean;
  callbackPolicy: Record<string, unknown>;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The drill's queue for `scenario` at `speed`, and how each setting was compressed. */
export function compressedQueue(
  scenario: Scenario,
  speed: number,
  name: string,
  languages: string[],
): { definition: QueueDefinition; settings: CompressedSetting[] } {
  const settings: CompressedSetting[] = [];
  const seconds = (
    setting: string,
    value: number,
    bounds: { min: number; max: number; unit?: number },
    why: string,
  ): number => {
    const unit = bounds.unit ?? 1;
    const wanted = value / speed;
    const applied = clamp(Math.round(wanted / unit), bounds.min, bounds.max) * unit;
    const rounded = Math.round(wanted / unit) * unit;
    settings.push({
      name: setting,
      scenarioSeconds: value,
      wantedRealSeconds: round(wanted, 3),
      appliedRealSeconds: applied,
      simulatedSeconds: round(applied * speed, 1),
      note:
        applied === rounded
          ? Math.abs(applied - wanted) > 1e-9
            ? `the API takes whole ${unit === 3600 ? 'hours' : unit === 60 ? 'minutes' : 'seconds'}`
            : null
          : why,
    });
    return applied / unit;
  };
  const target = seconds(
    'target: answer within',
    scenario.target.answerWithinSeconds,
    { min: 1, max: 3600 },
    'the API takes 1-3600 s: the server judges its service level against this, the drill against the exact target',
  );
  const offerTimeout = seconds(
    'offer timeout',
    scenario.queue.offerTimeoutSeconds,
    { min: 5, max: 300 },
    'the API takes 5-300 s: matters only for offers nobody answers (the simulated agents answer all)',
  );
  const ageing = seconds(
    'ageing per priority level',
    scenario.queue.ageingSeconds,
    { min: 30, max: 86_400 },
    'the API takes 30 s or more: lower priorities age more slowly than the scenario says (the order check uses what was applied)',
  );
  const policy = callbackPolicyOf(scenario);
  const callbackPolicy: Record<string, unknown> = { enabled: scenario.callbacks !== undefined && policy.enabled };
  if (scenario.callbacks) {
    callbackPolicy.maxAttempts = policy.maxAttempts;
    callbackPolicy.offerAfterWaitSeconds =
      policy.offerAfterWaitSeconds === null
        ? null
        : seconds(
            'callback offered past an estimated wait of',
            policy.offerAfterWaitSeconds,
            { min: 0, max: 86_400 },
            '',
          );
    callbackPolicy.initialDelaySeconds = seconds(
      'callback: first attempt after',
      policy.initialDelaySeconds,
      { min: 0, max: 86_400 },
      '',
    );
    callbackPolicy.retryDelaysSeconds = policy.retryDelaysSeconds.map((delay, i) =>
      seconds(
        `callback: retry ${i + 1} after`,
        delay,
        { min: 60, max: 86_400 },
        'the API takes 60 s or more between attempts: retries come later than the scenario says',
      ),
    );
    callbackPolicy.expireAfterHours = seconds(
      'callback: expires after',
      policy.expireAfterHours * 3600,
      { min: 1, max: 720, unit: 3600 },
      'the API takes whole hours, at least 1: unreached callbacks expire later than the scenario says',
    );
    callbackPolicy.defaultPromiseMinutes = seconds(
      'callback: promise when nobody is on duty',
      policy.defaultPromiseMinutes * 60,
      { min: 5, max: 10_080, unit: 60 },
      'the API takes 5 minutes or more',
    );
  }
  return {
    definition: {
      name,
      languages,
      requiredSkills: {},
      strategy: scenario.queue.strategy,
      targetAnswerPercent: clamp(Math.round(scenario.target.serviceLevel * 100), 1, 100),
      targetAnswerSeconds: target,
      offerTimeoutSeconds: offerTimeout,
      ageingSeconds: ageing,
      // The planner's queue blocks chats while on the phone: the drill's does too, so the two route alike.
      voiceBlocksChat: true,
      callbackPolicy,
    },
    settings,
  };
}

/** Tuki's fixed timers at this speed. */
export function fixedTimers(speed: number): FixedTimer[] {
  const timer = (what: string, realSeconds: number, effect: string): FixedTimer => ({
    what,
    realSeconds,
    simulatedSeconds: round(realSeconds * speed, 1),
    effect,
  });
  return [
    timer('short abandon', 5, 'hang-ups within it are counted apart by the live metrics: the drill adds them back'),
    timer(
      'callback promise rounding',
      900,
      'promises are rounded up to a real quarter hour, so compressed callbacks are hardly ever overdue',
    ),
    timer(
      'presence heartbeat lifetime',
      10,
      'an agent whose socket fell silent goes offline this late (the drill keeps its sockets beating)',
    ),
    timer('lease reaper period', 0.25, 'an offer nobody answers comes back up to this late'),
    timer('wrap-up ends by itself after', 1, 'whole seconds: the simulated agents complete their wrap-up themselves'),
  ];
}

/** The measured latencies and what they cost at `speed`. */
export function measuredCompression(
  speed: number,
  latency: LatencyLog,
  settings: CompressedSetting[],
): CompressionReport {
  const measures: [string, string, ReturnType<LatencyLog['summary']>][] = [
    [
      'offer delivery',
      'from the server sending an offer to the agent socket receiving it',
      latency.summary('socket:delivery'),
    ],
    [
      'accept round trip',
      "the agent's accept over the socket, to its acknowledgement",
      latency.summary('socket:accept'),
    ],
    ['timer lateness', "the drill's scheduled steps firing after their time", latency.summary('timer:late')],
    ['contact intake', 'POST /contacts, the call arriving', latency.summary('http:intake')],
    ['end of conversation', 'POST /contacts/:id/end', latency.summary('http:end')],
    ['every HTTP request', 'all of the above and the rest, together', latency.summaryOf('http:')],
  ];
  const measured: MeasuredLatency[] = measures
    .filter((m): m is [string, string, NonNullable<ReturnType<LatencyLog['summary']>>] => m[2] !== undefined)
    .map(([name, meaning, s]) => ({
      name,
      meaning,
      count: s.count,
      medianMs: round(s.medianMs, 1),
      p95Ms: round(s.p95Ms, 1),
      medianSimulatedSeconds: round((s.medianMs * speed) / 1000, 1),
      p95SimulatedSeconds: round((s.p95Ms * speed) / 1000, 1),
    }));
  const part = (what: string, quantile: 'medianMs' | 'p95Ms', share = 1) =>
    (latency.summary(what)?.[quantile] ?? 0) * share;
  const simulated = (ms: number) => round((ms * speed) / 1000, 1);
  const waitError = {
    median: simulated(
      part('socket:delivery', 'medianMs') + part('timer:late', 'medianMs') + part('socket:accept', 'medianMs', 0.5),
    ),
    p95: simulated(
      part('socket:delivery', 'p95Ms') + part('timer:late', 'p95Ms') + part('socket:accept', 'p95Ms', 0.5),
    ),
  };
  const holdError = {
    median: simulated(part('timer:late', 'medianMs') + part('http:end', 'medianMs', 0.5)),
    p95: simulated(part('timer:late', 'p95Ms') + part('http:end', 'p95Ms', 0.5)),
  };
  const clamped = settings.filter((s) => s.note && !s.note.startsWith('the API takes whole')).map((s) => s.name);
  const statement =
    `At ${speed}x, every wait the drill measures runs about ${waitError.median} s (p95 ${waitError.p95} s) of ` +
    `simulated time longer than the scenario's, and every conversation holds its agent about ${holdError.median} s ` +
    `(p95 ${holdError.p95} s) longer, from latency measured in this run` +
    (clamped.length > 0 ? `; clamped by the API: ${clamped.join(', ')}.` : '.');
  return {
    speed,
    settings,
    fixed: fixedTimers(speed),
    measured,
    waitErrorSeconds: waitError,
    holdErrorSeconds: holdError,
    statement,
  };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
