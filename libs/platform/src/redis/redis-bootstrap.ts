import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Redis could not be reached at start: one line saying what was tried and how to fix it. */
export class RedisUnreachableError extends Error {
  readonly code = 'REDIS_UNREACHABLE';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

async function ping(url: string, timeoutMs: number): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function which(binary: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface EnsureRedisOptions {
  url: string;
  dataDir: string;
  autostart: boolean;
  /** Give up after this long. Default 10 s (the limit for failing clearly). */
  deadlineMs?: number;
  log?: (message: string) => void;
}

/**
 * Makes sure Redis answers before anything else connects. When nothing answers at a loopback address and the
 * machine has `redis-server`, starts one under DATA_DIR/redis (AOF on, loopback only, `noeviction`) as a daemon with
 * a pidfile: a server left by a crashed start is reused when it answers, or stopped and replaced when it does not.
 * Throws RedisUnreachableError within the deadline otherwise.
 */
export async function ensureRedis(options: EnsureRedisOptions): Promise<{ started: boolean }> {
  const deadline = Date.now() + (options.deadlineMs ?? 10_000);
  if (await ping(options.url, 1500)) return { started: false };

  const parsed = new URL(options.url);
  const port = Number(parsed.port || 6379);
  const binary = which('redis-server');
  const howTo = `start Redis (for example: redis-server --port ${port} --appendonly yes) or set REDIS_URL`;
  if (!options.autostart || !LOOPBACK.has(parsed.hostname) || !binary) {
    const why = !binary ? 'no redis-server binary is installed' : 'REDIS_AUTOSTART is off or the address is not local';
    throw new RedisUnreachableError(`Redis did not answer at ${parsed.host} (${why}); ${howTo}.`);
  }

  const dir = join(options.dataDir, 'redis');
  const pidFile = join(dir, 'redis.pid');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (pid > 0 && pidAlive(pid)) {
      // An orphan from an earlier start that does not answer at our address: stop it before starting afresh.
      process.kill(pid, 'SIGTERM');
    }
    unlinkSync(pidFile);
  }
  options.log?.(`Nothing answered at ${parsed.host}; starting redis-server under ${dir}.`);
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--protected-mode',
    'yes',
    '--dir',
    dir,
    '--pidfile',
    pidFile,
    '--daemonize',
    'yes',
    '--logfile',
    join(dir, 'redis.log'),
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
  if (parsed.password) args.push('--requirepass', decodeURIComponent(parsed.password));
  const started = spawnSync(binary, args, { stdio: 'ignore' });
  if (started.status !== 0) {
    throw new RedisUnreachableError(
      `Redis did not answer at ${parsed.host} and redis-server failed to start; ${howTo}.`,
    );
  }
  while (Date.now() < deadline) {
    if (await ping(options.url, 500)) return { started: true };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new RedisUnreachableError(`Redis did not answer at ${parsed.host} even after starting one; ${howTo}.`);
}
