// Small helpers shared by the benchmarks: percentiles, timing, CPU use, Redis key cleanup.
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * The benchmark's own knobs (BENCH_*) and PATH for the child processes: a bench script is not the app, whose
 * configuration goes through @tuki/platform; the api child gets its whole environment spelled out.
 */
// eslint-disable-next-line no-restricted-properties
export const benchEnv: Readonly<Record<string, string | undefined>> = process.env;

export const REDIS_URL = benchEnv.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = benchEnv.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Milliseconds since an arbitrary origin, sub-millisecond precision. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The q-quantile (0..1) of the samples, nearest-rank; NaN when empty. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarise(samples: readonly number[]): LatencySummary {
  return {
    n: samples.length,
    p50: round(quantile(samples, 0.5)),
    p99: round(quantile(samples, 0.99)),
    max: round(samples.length ? Math.max(...samples) : NaN),
  };
}

/** CPU seconds (user + system) of this process. */
export function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** CPU seconds (utime + stime) of another process, from /proc; NaN when unreadable (not Linux, or gone). */
export function pidCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15 of the full line
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** CPU seconds of the Redis server process, from INFO (all its threads). */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return read('used_cpu_sys') + read('used_cpu_user');
}

/** Deletes every key matching the pattern (SCAN, never KEYS or FLUSH). Returns how many were deleted. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
