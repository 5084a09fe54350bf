/**
 * A discrete-event simulation of one FIFO queue with N agents: Poisson arrivals, exponential handle times and
 * exponential patience (M/M/N+M; infinite patience gives M/M/N). It exists to check Erlang A and Erlang C against
 * something that does not share their algebra.
 *
 * With FIFO and a caller's patience drawn when they arrive, callers can be processed one by one in arrival order:
 * every earlier caller has already either taken an agent (fixing when that agent is free again) or hung up (taking
 * none), so a caller is answered at max(arrival, earliest time an agent is free), unless that is later than
 * arrival + patience, in which case they hang up and no agent's time changes. The agents' free times live in a
 * binary min-heap, so each caller costs O(log N).
 */
import { SeededRandom } from './seeded-random';

export interface MmnSimulationInput {
  /** Mean arrivals per second (λ). */
  arrivalRatePerSecond: number;
  /** Mean handle time in seconds. */
  handleTimeSeconds: number;
  /** Mean patience in seconds; Infinity for callers who never hang up. */
  patienceSeconds: number;
  /** Agents (at least 1). */
  agents: number;
  /** The service-level threshold in seconds. */
  targetSeconds: number;
  /** Callers measured. */
  arrivals: number;
  /** Callers simulated first and left out of the figures, so the queue starts near steady state. Default 0. */
  warmUpArrivals?: number;
  /** PRNG seed: the same input and seed give the same figures. */
  seed: number;
}

export interface MmnSimulationResult {
  arrivals: number;
  answered: number;
  abandoned: number;
  /** Share of measured callers who found every agent busy. */
  probabilityOfWaiting: number;
  /** Share of measured callers answered within the target. */
  serviceLevel: number;
  /** Share of measured callers answered or hung up within the target. */
  serviceLevelCountingAbandonsWithinTarget: number;
  /** Share of measured callers who hung up. */
  abandonmentRate: number;
  /** Mean wait in seconds of the measured callers who were answered. */
  meanWaitOfServed: number;
}

/** Runs the simulation. Deterministic for a given input. */
export function simulateMmnQueue(input: MmnSimulationInput): MmnSimulationResult {
  assertSimulationInput(input);
  const { arrivalRatePerSecond, handleTimeSeconds, patienceSeconds, agents, targetSeconds, arrivals } = input;
  const warmUp = input.warmUpArrivals ?? 0;
  const random = SeededRandom.fromSeed(input.seed);
  const freeAt = new AgentFreeTimes(agents);
  const meanGap = 1 / arrivalRatePerSecond;
  const patient = patienceSeconds === Infinity;
  const never = Number.POSITIVE_INFINITY;

  let now = 0;
  let answered = 0;
  let abandoned = 0;
  let waited = 0;
  let answeredWithinTarget = 0;
  let abandonedWithinTarget = 0;
  let totalWaitOfServed = 0;
  for (let i = 0; i < warmUp + arrivals; i++) {
    now += random.exponential(meanGap);
    // Every caller draws all three numbers, answered or not, so one caller's fate never shifts the stream of another.
    const handle = random.exponential(handleTimeSeconds);
    const patience = patient ? never : random.exponential(patienceSeconds);
    const freeFrom = freeAt.earliest();
    const wait = freeFrom > now ? freeFrom - now : 0;
    const hangsUp = wait > patience;
    if (!hangsUp) freeAt.replaceEarliest(now + wait + handle);
    if (i < warmUp) continue;

    if (wait > 0) waited += 1;
    if (hangsUp) {
      abandoned += 1;
      if (patience <= targetSeconds) abandonedWithinTarget += 1;
    } else {
      answered += 1;
      totalWaitOfServed += wait;
      if (wait <= targetSeconds) answeredWithinTarget += 1;
    }
  }
  return {
    arrivals,
    answered,
    abandoned,
    probabilityOfWaiting: waited / arrivals,
    serviceLevel: answeredWithinTarget / arrivals,
    serviceLevelCountingAbandonsWithinTarget: (answeredWithinTarget + abandonedWithinTarget) / arrivals,
    abandonmentRate: abandoned / arrivals,
    meanWaitOfServed: answered === 0 ? NaN : totalWaitOfServed / answered,
  };
}

function assertSimulationInput(input: MmnSimulationInput): void {
  const positive = (value: number) => Number.isFinite(value) && value > 0;
  if (!positive(input.arrivalRatePerSecond)) throw new RangeError('arrivalRatePerSecond must be finite and > 0');
  if (!positive(input.handleTimeSeconds)) throw new RangeError('handleTimeSeconds must be finite and > 0');
  if (!(input.patienceSeconds > 0)) throw new RangeError('patienceSeconds must be > 0 (Infinity allowed)');
  if (!Number.isInteger(input.agents) || input.agents < 1) throw new RangeError('agents must be a whole number >= 1');
  if (!(input.targetSeconds >= 0)) throw new RangeError('targetSeconds must be >= 0');
  if (!Number.isInteger(input.arrivals) || input.arrivals < 1)
    throw new RangeError('arrivals must be a whole number >= 1');
  const warmUp = input.warmUpArrivals ?? 0;
  if (!Number.isInteger(warmUp) || warmUp < 0) throw new RangeError('warmUpArrivals must be a whole number >= 0');
}

/** The times at which each agent is next free, as a binary min-heap (all free at time 0). */
class AgentFreeTimes {
  private readonly heap: Float64Array;

  constructor(agents: number) {
    this.heap = new Float64Array(agents);
  }

  earliest(): number {
    return this.heap[0];
  }

  /** The earliest-free agent takes a caller and is next free at `time` (≥ the old earliest): sift it down. */
  replaceEarliest(time: number): void {
    const heap = this.heap;
    const size = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && heap[right] < heap[left] ? right : left;
      if (heap[child] >= time) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = time;
  }
}
