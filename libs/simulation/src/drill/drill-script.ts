import { DateTime } from 'luxon';
import type { Priority } from '@tuki/contracts';
import { ArrivalRate } from '../planner/arrival-rate';
import { Sampler } from '../planner/sampling';
import type { Scenario } from '../scenario/scenario.schema';

const HOUR_MS = 3_600_000;

/** One callback attempt as the caller will live it. */
export interface ScriptedAttempt {
  /** Whether the caller picks up. */
  answered: boolean;
  /** Simulated seconds the attempt holds the agent: the conversation, or the ringing nobody answers. */
  seconds: number;
}

/** One simulated caller: when they call and everything they will do, drawn before the drill starts. */
export interface ScriptedCaller {
  index: number;
  /** Simulated milliseconds from the scenario's start. */
  atMs: number;
  language: string;
  channel: 'voice' | 'chat';
  priority: Priority;
  highRisk: boolean;
  /** Simulated seconds they wait before hanging up; Infinity for callers who never do. */
  patienceSeconds: number;
  /** Whether they take a callback when the queue offers one. */
  takesCallback: boolean;
  /** Simulated seconds of conversation once answered. */
  handleSeconds: number;
  /** Their callback's attempts, as many as the policy allows. */
  attempts: ScriptedAttempt[];
}

/**
 * The drill's callers, from the scenario's distributions and seed: arrivals a Poisson process whose rate follows the
 * scenario (by thinning, as the planner does), and each caller's language, channel, priority, risk, patience, choice of
 * a callback, handle time and callback attempts. Drawn whole before the drill starts, so one scenario always plays the
 * same callers whatever the server does; the planner draws from the same distributions but interleaves its draws with
 * its own events, so the two runs are alike in law, not caller by caller.
 */
export function scriptOf(scenario: Scenario, maxAttempts: number): ScriptedCaller[] {
  const sampler = new Sampler(scenario.seed);
  const rate = new ArrivalRate(scenario);
  const startMs = DateTime.fromISO(scenario.startAt).toMillis();
  const endMs = startMs + scenario.hours * HOUR_MS;
  const peakPerMs = rate.maxPerHour / HOUR_MS;
  const callers: ScriptedCaller[] = [];
  const { arrivals, callbacks } = scenario;
  const chatHandle = scenario.chatHandleTime ?? scenario.handleTime;
  let at = startMs;
  for (;;) {
    at += sampler.exponential(1 / peakPerMs);
    if (at >= endMs) break;
    if (sampler.uniform() * rate.maxPerHour > rate.perHourAt(at)) continue;
    const channel = sampler.pick<'voice' | 'chat'>(arrivals.channels);
    const caller: ScriptedCaller = {
      index: callers.length,
      atMs: at - startMs,
      language: sampler.pick(arrivals.languages),
      channel,
      priority: sampler.pick<Priority>(arrivals.priorities),
      highRisk: sampler.chance(arrivals.highRiskShare),
      patienceSeconds: sampler.patience(scenario.patience),
      takesCallback: sampler.chance(callbacks?.takeShare ?? 0),
      handleSeconds: sampler.duration(channel === 'chat' ? chatHandle : scenario.handleTime),
      attempts: [],
    };
    for (let i = 0; i < maxAttempts; i++) {
      const answered = sampler.chance(callbacks?.answerShare ?? 1);
      const talk = sampler.duration(scenario.handleTime);
      caller.attempts.push({ answered, seconds: answered ? talk : (callbacks?.noAnswerSeconds ?? 40) });
    }
    callers.push(caller);
  }
  return callers;
}
