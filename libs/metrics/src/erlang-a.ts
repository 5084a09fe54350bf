/**
 * Erlang A: the M/M/N+M queue (Palm 1943; Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn). Like Erlang C
 * (Poisson arrivals at rate λ, exponential handle times with rate μ = 1/h, N agents, one FIFO queue) but each caller
 * also has an exponential patience with mean θ = 1/γ and hangs up when their wait reaches it. A queue with
 * abandonment is stable at any staffing, so Erlang A has answers where Erlang C only says "unstable".
 *
 * Steady state (a birth–death chain; state = callers in the system):
 *   π_n ∝ A^n / n!                                   for n = 0..N (A = λ/μ)
 *   π_{N+k} = π_N · Π_{j=1..k} λ / (Nμ + jγ)         for k ≥ 1 callers queued
 * The idle states are summed through Erlang B: Σ_{n≤N} π_n/π_N = 1/B(N, A), so Σ_{n<N} π_n/π_N = 1/B − 1. The
 * queue states are an infinite sum; their ratio λ/(Nμ + jγ) falls towards 0, so once it is below 1 the rest of the
 * sum is at most (current term)·r/(1 − r), and the sum stops when that bound is below 1e-15 of the total.
 * Everything is carried against a running maximum (log-space weights, rescaled sums), so loads near 1000 Erlangs
 * and long queues in overload neither overflow nor underflow.
 *
 * One caller's wait (PASTA: an arrival sees the steady state). Arriving to N + k (all busy, k queued), the caller is
 * served once k + 1 departures happen ahead of them: while j callers are ahead, the next one happens at rate
 * Nμ + jγ (an agent frees up or someone ahead hangs up), j = k..0. Their "offered wait" V (the wait if they were
 * infinitely patient) is the sum of those k + 1 independent exponentials; they are served iff V < T, T ~ Exp(γ):
 *   P(served | k)               = E[e^{−γV}] = Π_{j=0..k} (Nμ + jγ)/(Nμ + (j+1)γ) = Nμ / (Nμ + (k+1)γ)   (telescopes)
 *   P(served within t | k)      = ∫_0^t f_V(v)·e^{−γv} dv = P(served | k) · P(S ≤ t),
 *       where S is a sum of exponentials at rates Nμ + iγ, i = 1..k+1 (tilting each rate by γ).
 *   P(wait over by t | k)       = 1 − P(V > t)·P(T > t) = 1 − e^{−γt}·P(V > t)
 *   E[V; V < T | k]             = −d/ds E[e^{−sV}] at s = γ = P(served | k) · Σ_{i=1..k+1} 1/(Nμ + iγ)
 * A sum of exponentials at the evenly spaced rates c + iγ, i = 1..m, has e^{−γS} ~ Beta(c/γ + 1, m) (a product of
 * independent Beta(c/γ + i, 1) variables), so P(S ≤ t) = 1 − I_x(c/γ + 1, m) with x = e^{−γt}; for a whole m the
 * regularised incomplete beta is the negative-binomial sum I_x(α, m) = Σ_{j<m} Γ(α+j)/(Γ(α)·j!)·x^α·(1−x)^j,
 * whose positive terms are summed as k grows (no alternating sums, no special functions). V itself has rates
 * Nμ + jγ, j = 0..k, i.e. c = Nμ − γ, so P(V > t) = I_x(Nμ/γ, k + 1). Every formula is checked in the spec against
 * a direct computation and against the simulation in mmn-simulation.ts.
 */
import { logAddExp, logInverseErlangB } from './erlang-b';
import {
  assertAgents,
  assertStaffingTarget,
  assertTargetSeconds,
  assertTraffic,
  type StaffingTarget,
} from './staffing-inputs';

/** Relative size of the queue-state tail below which the infinite sum stops. */
const TRUNCATION_TOLERANCE = 1e-15;
/** A guard against patience so long that the sum runs for ever; Erlang C is the model for such callers. */
const MAX_QUEUE_STATES = 10_000_000;

/** One queue's traffic, patience and staffing, for `erlangA`. */
export interface ErlangAInput {
  /** Mean arrivals per second (λ). */
  arrivalRatePerSecond: number;
  /** Mean handle time in seconds (1/μ). */
  handleTimeSeconds: number;
  /** Mean caller patience in seconds (θ = 1/γ), finite and > 0: how long callers wait before hanging up. */
  patienceSeconds: number;
  /** Agents answering the queue (N). */
  agents: number;
  /** The service-level threshold in seconds. */
  targetSeconds: number;
}

export interface ErlangAResult {
  /** A = λ·h, in Erlangs. */
  offeredLoad: number;
  /** Share of callers who find every agent busy and wait. */
  probabilityOfWaiting: number;
  /** Share of callers who hang up before being answered. */
  probabilityOfAbandonment: number;
  /** Share of all callers answered within the target (abandons count against it). */
  serviceLevel: number;
  /** Share of all callers who hang up within the target. */
  probabilityAbandonedWithinTarget: number;
  /**
   * Share of all callers whose wait was over within the target, answered or hung up: the variant in which short
   * abandons count for the helpline. (Answered within target / (1 − abandoned within target) is the other common
   * variant, the one that leaves short abandons out; it follows from the two fields above.)
   */
  serviceLevelCountingAbandonsWithinTarget: number;
  /** Mean wait in seconds of the callers who are answered (0 for those answered at once); NaN with no agents. */
  averageWaitOfServed: number;
  /** Mean number of callers waiting (by Little's law, equal to λ·P(abandon)·θ). */
  averageQueueLength: number;
  /** Share of agent time spent handling contacts: the carried load λ·(1 − P(abandon))·h over N (1 with no agents). */
  occupancy: number;
}

/** The Erlang A staffing target: the Erlang C one plus the callers' mean patience. */
export interface ErlangAStaffingTarget extends StaffingTarget {
  /** Mean caller patience in seconds. */
  patienceSeconds: number;
}

/** The waiting, abandonment and service level of an M/M/N+M queue. */
export function erlangA(input: ErlangAInput): ErlangAResult {
  const { arrivalRatePerSecond: lambda, handleTimeSeconds: handle, patienceSeconds, agents, targetSeconds } = input;
  assertTraffic(lambda, handle);
  assertPatience(patienceSeconds);
  assertAgents(agents);
  assertTargetSeconds(targetSeconds);
  const offeredLoad = lambda * handle;
  if (lambda === 0) {
    return {
      offeredLoad,
      probabilityOfWaiting: 0,
      probabilityOfAbandonment: 0,
      serviceLevel: 1,
      probabilityAbandonedWithinTarget: 0,
      serviceLevelCountingAbandonsWithinTarget: 1,
      averageWaitOfServed: 0,
      averageQueueLength: 0,
      occupancy: 0,
    };
  }

  const gamma = 1 / patienceSeconds;
  const allBusyRate = agents / handle; // Nμ
  const x = Math.exp(-gamma * targetSeconds); // P(a caller is still patient at the target)
  const logX = -gamma * targetSeconds;
  const logOneMinusX = Math.log(-Math.expm1(logX));
  // At k queued: P(S > t) = I_x(Nμ/γ + 1, k + 1) and P(V > t) = I_x(Nμ/γ, k + 1), the CDFs at k.
  const tiltedWaitBeyondTarget = new NegativeBinomialCdf(allBusyRate / gamma + 1, logX, logOneMinusX);
  const offeredWaitBeyondTarget = new NegativeBinomialCdf(allBusyRate / gamma, logX, logOneMinusX);

  // Weights are relative to π_N and kept as e^{log weight − shift}; when a larger weight arrives, every sum is
  // rescaled to it so the largest term is always 1.
  const sums = new ScaledSums();
  const logIdle = agents === 0 ? -Infinity : logIdleStatesOverAllBusy(offeredLoad, agents);
  sums.add(logIdle, { idle: 1 });

  let logWeight = 0; // ln(π_{N+k}/π_N)
  let tiltedMeanWait = 0; // Σ_{i=1..k+1} 1/(Nμ + iγ)
  for (let k = 0; ; k++) {
    if (k > 0) logWeight += Math.log(lambda / (allBusyRate + k * gamma));
    const served = allBusyRate / (allBusyRate + (k + 1) * gamma);
    tiltedMeanWait += 1 / (allBusyRate + (k + 1) * gamma);
    const answeredWithin = served * tiltedWaitBeyondTarget.complementAt(k);
    const overWithin = 1 - x * offeredWaitBeyondTarget.at(k);
    sums.add(logWeight, {
      waiting: 1,
      abandoned: 1 - served,
      served,
      answeredWithin,
      abandonedWithin: Math.max(0, overWithin - answeredWithin),
      servedWait: served * tiltedMeanWait,
      queued: k,
    });
    const nextRatio = lambda / (allBusyRate + (k + 1) * gamma);
    if (nextRatio < 1 && sums.relative(logWeight) * (nextRatio / (1 - nextRatio)) <= TRUNCATION_TOLERANCE) break;
    if (k >= MAX_QUEUE_STATES) throw new RangeError('patienceSeconds is too long for Erlang A here; use Erlang C');
  }

  // Rounding can leave a probability a few ulps outside [0, 1] (an overloaded queue's service level is ~1e-19).
  const total = sums.get('idle') + sums.get('waiting');
  const probabilityOfAbandonment = clampProbability(sums.get('abandoned') / total);
  const serviceLevel = clampProbability((sums.get('idle') + sums.get('answeredWithin')) / total);
  const probabilityAbandonedWithinTarget = clampProbability(sums.get('abandonedWithin') / total);
  return {
    offeredLoad,
    probabilityOfWaiting: clampProbability(sums.get('waiting') / total),
    probabilityOfAbandonment,
    serviceLevel,
    probabilityAbandonedWithinTarget,
    serviceLevelCountingAbandonsWithinTarget: clampProbability(serviceLevel + probabilityAbandonedWithinTarget),
    averageWaitOfServed: sums.get('servedWait') / (sums.get('idle') + sums.get('served')),
    averageQueueLength: sums.get('queued') / total,
    occupancy: agents === 0 ? 1 : clampProbability((lambda * (1 - probabilityOfAbandonment) * handle) / agents),
  };
}

/**
 * The fewest agents whose Erlang A service level (answered within target, over all callers) meets the target, with
 * occupancy at or under `maxOccupancy` when given; 0 when there are no arrivals. Both get better as agents are
 * added, so the count is found by doubling and then bisecting: O(log N) evaluations of `erlangA`.
 */
export function agentsNeededErlangA(target: ErlangAStaffingTarget): number {
  assertStaffingTarget(target);
  assertPatience(target.patienceSeconds);
  if (target.arrivalRatePerSecond === 0) return 0;
  const maxOccupancy = target.maxOccupancy ?? 1;
  const meets = (agents: number): boolean => {
    const result = erlangA({ ...target, agents });
    return result.serviceLevel >= target.serviceLevel && result.occupancy <= maxOccupancy;
  };
  let failing = 0; // no agents answers nobody, so with arrivals it never meets a target
  let passing = Math.max(1, Math.ceil(target.arrivalRatePerSecond * target.handleTimeSeconds));
  while (!meets(passing)) {
    failing = passing;
    passing *= 2;
  }
  while (passing - failing > 1) {
    const middle = Math.floor((failing + passing) / 2);
    if (meets(middle)) passing = middle;
    else failing = middle;
  }
  return passing;
}

/** ln(Σ_{n<N} π_n / π_N) = ln(1/B − 1), from ln(1/B) so that neither a tiny nor a near-1 B loses precision. */
function logIdleStatesOverAllBusy(offeredLoad: number, agents: number): number {
  const logInverseB = logInverseErlangB(offeredLoad, agents);
  return logInverseB + Math.log(-Math.expm1(-logInverseB));
}

function clampProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function assertPatience(patienceSeconds: number): void {
  if (!Number.isFinite(patienceSeconds) || patienceSeconds <= 0) {
    throw new RangeError('patienceSeconds must be finite and > 0 (for callers who never hang up, use Erlang C)');
  }
}

/**
 * The CDF of a negative binomial (shape α, success probability x) at 0, 1, 2, ... in order, in log space: the pmf
 * Γ(α+j)/(Γ(α)·j!)·x^α·(1−x)^j comes from its predecessor by the factor (α+j−1)/j·(1−x), so x^α may underflow
 * (a long target on a big team) without losing the terms that matter.
 */
class NegativeBinomialCdf {
  private logPmf: number;
  private logCdf = -Infinity;
  private reached = -1;

  constructor(
    private readonly shape: number,
    logX: number,
    private readonly logOneMinusX: number,
  ) {
    // 0·ln x is 0 even when x underflows: a shape-0 negative binomial is a point mass at 0.
    this.logPmf = shape === 0 ? 0 : shape * logX;
  }

  /** P(count ≤ j); j must not go backwards. */
  at(j: number): number {
    this.advanceTo(j);
    return Math.exp(this.logCdf);
  }

  /** P(count > j), without the cancellation 1 − P(count ≤ j) suffers when P(count ≤ j) is tiny. */
  complementAt(j: number): number {
    this.advanceTo(j);
    return Math.max(0, -Math.expm1(this.logCdf));
  }

  private advanceTo(j: number): void {
    while (this.reached < j) {
      this.reached += 1;
      const i = this.reached;
      if (i > 0) this.logPmf += Math.log((this.shape + i - 1) / i) + this.logOneMinusX;
      this.logCdf = logAddExp(this.logCdf, this.logPmf);
    }
  }
}

type SumName =
  'idle' | 'waiting' | 'abandoned' | 'served' | 'answeredWithin' | 'abandonedWithin' | 'servedWait' | 'queued';

/** Named sums of weight·value over states whose weights are given as logarithms, rescaled to the largest weight. */
class ScaledSums {
  private shift = -Infinity;
  private readonly values = new Map<SumName, number>();

  add(logWeight: number, contributions: Partial<Record<SumName, number>>): void {
    if (logWeight === -Infinity) return;
    if (logWeight > this.shift) {
      const factor = Math.exp(this.shift - logWeight);
      for (const [name, value] of this.values) this.values.set(name, value * factor);
      this.shift = logWeight;
    }
    const weight = Math.exp(logWeight - this.shift);
    for (const [name, value] of Object.entries(contributions) as [SumName, number][]) {
      this.values.set(name, this.get(name) + weight * value);
    }
  }

  get(name: SumName): number {
    return this.values.get(name) ?? 0;
  }

  /** A weight measured against the current total (idle plus waiting). */
  relative(logWeight: number): number {
    return Math.exp(logWeight - this.shift) / (this.get('idle') + this.get('waiting'));
  }
}
