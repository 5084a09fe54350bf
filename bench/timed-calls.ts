// Timing of repeated async calls at a fixed concurrency, alone or two operations interleaved in ABBA blocks.
import { nowMs, round, selfCpuSeconds, summarise, type LatencySummary } from './bench-util';

/** Timed calls of one operation: the rate over the time spent in them, each call's latency, CPU per call. */
export interface PhaseResult {
  ops: number;
  seconds: number;
  perSec: number;
  ms: LatencySummary;
  /** Node CPU (the services, TypeORM, the crypto, and the load generator, all in this process) per call. */
  cpuMsPerOp: number;
}

export type Operation = () => Promise<unknown>;

/** Timed calls of one operation, gathered over one or more blocks. */
export class Tally {
  private readonly ms: number[] = [];
  private seconds = 0;
  private cpuSeconds = 0;

  /** Runs `ops` calls with `concurrency` in flight at all times (a closed loop, like agents saving notes). */
  async run(ops: number, concurrency: number, op: Operation): Promise<void> {
    let left = ops;
    const cpu0 = selfCpuSeconds();
    const started = nowMs();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, ops) }, async () => {
        while (left > 0) {
          left--;
          const t = nowMs();
          await op();
          this.ms.push(nowMs() - t);
        }
      }),
    );
    this.seconds += (nowMs() - started) / 1000;
    this.cpuSeconds += selfCpuSeconds() - cpu0;
  }

  /** One tally of all the calls of several (the rounds of a run). */
  static merge(tallies: Tally[]): Tally {
    const merged = new Tally();
    for (const t of tallies) {
      for (const ms of t.ms) merged.ms.push(ms); // not push(...): a long run would pass the argument limit
      merged.seconds += t.seconds;
      merged.cpuSeconds += t.cpuSeconds;
    }
    return merged;
  }

  result(): PhaseResult {
    const ops = this.ms.length;
    return {
      ops,
      seconds: round(this.seconds, 3),
      perSec: round(ops / this.seconds, 0),
      ms: summarise(this.ms),
      cpuMsPerOp: round((this.cpuSeconds * 1000) / ops, 3),
    };
  }
}

/** `ops` calls of one operation in one block. */
export async function timed(ops: number, concurrency: number, op: Operation): Promise<Tally> {
  const tally = new Tally();
  await tally.run(ops, concurrency, op);
  return tally;
}

/**
 * `ops` calls of each of two operations, in blocks of `block` calls, ordered A B B A A B B A...: on a shared machine
 * the load of other processes drifts over seconds, and blocks a fraction of a second long in mirrored order put
 * that drift (and any order effect) on both operations alike.
 */
export async function interleaved<K extends string>(
  order: readonly [K, K],
  operations: Record<K, Operation>,
  ops: number,
  block: number,
  concurrency: number,
): Promise<Record<K, Tally>> {
  const tallies = { [order[0]]: new Tally(), [order[1]]: new Tally() } as Record<K, Tally>;
  for (let done = 0, j = 0; done < ops; done += block, j++) {
    const size = Math.min(block, ops - done);
    for (const name of j % 2 === 0 ? order : [order[1], order[0]]) {
      await tallies[name].run(size, concurrency, operations[name]);
    }
  }
  return tallies;
}
