/**
 * Erlang C: the M/M/N queue. Poisson arrivals at rate λ, exponential handle times with mean h = 1/μ, N agents, one
 * FIFO queue, and callers who never hang up. Offered load A = λ·h Erlangs.
 *
 *   probability of waiting  C = N·B / (N − A·(1 − B))          (B = Erlang B, from its stable recursion)
 *   service level           P(wait ≤ t) = 1 − C·e^{−(Nμ − λ)·t}
 *   average speed of answer ASA = C / (Nμ − λ)                  (mean wait over all callers, answered at once or not)
 *   occupancy               A / N
 *
 * Only N > A is stable; at N ≤ A the queue grows without bound, so every caller waits (C = 1), the service level is 0,
 * the ASA is Infinity and agents are busy all the time. Because nobody abandons, Erlang C overstates the wait (and so
 * the staff needed) when callers do hang up: see Erlang A for that.
 */
import { erlangB } from './erlang-b';
import {
  assertAgents,
  assertStaffingTarget,
  assertTargetSeconds,
  assertTraffic,
  type StaffingTarget,
} from './staffing-inputs';

/** One queue's traffic and staffing, for `erlangC`. */
export interface ErlangCInput {
  /** Mean arrivals per second (λ). */
  arrivalRatePerSecond: number;
  /** Mean handle time in seconds (1/μ). */
  handleTimeSeconds: number;
  /** Agents answering the queue (N). */
  agents: number;
  /** The service-level threshold in seconds. */
  targetSeconds: number;
}

export interface ErlangCResult {
  /** A = λ·h, in Erlangs. */
  offeredLoad: number;
  /** False when agents ≤ offered load: the queue then grows without bound. */
  stable: boolean;
  /** Share of callers who find every agent busy and wait (Erlang C). */
  probabilityOfWaiting: number;
  /** Share of callers answered within the target. */
  serviceLevel: number;
  /** Mean wait in seconds over all callers; Infinity when unstable. */
  averageSpeedOfAnswer: number;
  /** Share of agent time spent handling contacts, A/N (1 when unstable). */
  occupancy: number;
}

/** Erlang C's probability of waiting for `offeredLoad` Erlangs on `agents` agents (1 when agents ≤ load). */
export function erlangCProbabilityOfWaiting(offeredLoad: number, agents: number): number {
  if (offeredLoad === 0) return 0;
  if (agents <= offeredLoad) return 1;
  return probabilityOfWaitingFromErlangB(offeredLoad, agents, erlangB(offeredLoad, agents));
}

/** The service level, speed of answer and occupancy of an M/M/N queue. */
export function erlangC(input: ErlangCInput): ErlangCResult {
  const { arrivalRatePerSecond: lambda, handleTimeSeconds: handle, agents, targetSeconds } = input;
  assertTraffic(lambda, handle);
  assertAgents(agents);
  assertTargetSeconds(targetSeconds);
  const offeredLoad = lambda * handle;
  // No arrivals: nobody waits, whatever the staffing (even none).
  if (offeredLoad === 0) {
    return {
      offeredLoad,
      stable: true,
      probabilityOfWaiting: 0,
      serviceLevel: 1,
      averageSpeedOfAnswer: 0,
      occupancy: 0,
    };
  }
  if (agents <= offeredLoad) {
    return {
      offeredLoad,
      stable: false,
      probabilityOfWaiting: 1,
      serviceLevel: 0,
      averageSpeedOfAnswer: Infinity,
      occupancy: 1,
    };
  }
  const probabilityOfWaiting = erlangCProbabilityOfWaiting(offeredLoad, agents);
  const drainRate = (agents - offeredLoad) / handle; // Nμ − λ, per second
  return {
    offeredLoad,
    stable: true,
    probabilityOfWaiting,
    serviceLevel: 1 - probabilityOfWaiting * Math.exp(-drainRate * targetSeconds),
    averageSpeedOfAnswer: probabilityOfWaiting / drainRate,
    occupancy: offeredLoad / agents,
  };
}

/**
 * The fewest agents whose Erlang C service level meets the target (and whose occupancy stays at or under
 * `maxOccupancy` when given). 0 when there are no arrivals. Walks N upwards from the first stable count, carrying
 * Erlang B along with the recursion so each step costs O(1) rather than O(N).
 */
export function agentsNeeded(target: StaffingTarget): number {
  assertStaffingTarget(target);
  const { arrivalRatePerSecond: lambda, handleTimeSeconds: handle, targetSeconds, serviceLevel } = target;
  const maxOccupancy = target.maxOccupancy ?? 1;
  const offeredLoad = lambda * handle;
  if (offeredLoad === 0) return 0;
  let agents = Math.floor(offeredLoad) + 1;
  let blocking = erlangB(offeredLoad, agents);
  for (;;) {
    const probabilityOfWaiting = probabilityOfWaitingFromErlangB(offeredLoad, agents, blocking);
    const drainRate = (agents - offeredLoad) / handle;
    const achieved = 1 - probabilityOfWaiting * Math.exp(-drainRate * targetSeconds);
    if (achieved >= serviceLevel && offeredLoad / agents <= maxOccupancy) return agents;
    agents += 1;
    const carried = offeredLoad * blocking;
    blocking = carried / (agents + carried);
  }
}

/** C = N·B / (N − A·(1 − B)), valid for N > A. */
function probabilityOfWaitingFromErlangB(offeredLoad: number, agents: number, blocking: number): number {
  return (agents * blocking) / (agents - offeredLoad * (1 - blocking));
}
