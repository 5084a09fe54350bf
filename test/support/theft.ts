import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { RedisKeys, type TukiConfig } from '@tuki/platform';
import { TEST_DATABASE_URL } from '@tuki/testing';
import type { RunningApi } from './api-harness';
import { until } from './http';

// What a thief could copy from a running Tuki, for the theft tests: the database files, a dump, Redis, the logs.

/** Everything written to stdout (pino's JSON lines) and stderr while the apis run. */
export class OutputCapture {
  readonly chunks: string[] = [];
  private readonly stdoutWrite = process.stdout.write;
  private readonly stderrWrite = process.stderr.write;

  start(): void {
    // pino writes through process.stdout.write once it is replaced, so every log
    // line of the apis started after this passes here. Stdout is kept, not shown; stderr goes on too.
    const keep = (forward?: (...args: unknown[]) => boolean) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        if (forward) return forward(chunk, ...rest);
        const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        done?.();
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = keep();
    process.stderr.write = keep(this.stderrWrite.bind(process.stderr) as (...args: unknown[]) => boolean);
  }

  stop(): void {
    process.stdout.write = this.stdoutWrite;
    process.stderr.write = this.stderrWrite;
  }

  get text(): string {
    return this.chunks.join('');
  }
}

/** Every file under the data folder (the SQLite file, its -wal and -shm, the keyring), as bytes. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, bytes: readFileSync(path) }];
  });
}

/** pg_dump of one schema (run without blocking the event loop, so the api goes on). */
export function pgDump(schema: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'pg_dump',
      ['--dbname', TEST_DATABASE_URL, '--schema', schema, '--lock-wait-timeout=10000'],
      { maxBuffer: 256 * 1024 * 1024, timeout: 30_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`pg_dump failed: ${stderr}`)) : resolve(stdout)),
    ),
  );
}

/** Every key of the test's prefix with its value, whatever its type, as text. */
export async function redisDump(config: TukiConfig): Promise<{ keys: string[]; text: string }> {
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
  try {
    const pattern = `${new RedisKeys(config.redis.prefix).tag}*`.replace(/[{}]/g, (c) => `\\${c}`);
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const parts: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === 'string') value = (await redis.getBuffer(key))?.toString('latin1');
      else if (type === 'hash') value = await redis.hgetall(key);
      else if (type === 'list') value = await redis.lrange(key, 0, -1);
      else if (type === 'set') value = await redis.smembers(key);
      else if (type === 'zset') value = await redis.zrange(key, 0, -1, 'WITHSCORES');
      else if (type === 'stream') value = await redis.xrange(key, '-', '+');
      else if (type === 'none')
        continue; // expired between SCAN and TYPE
      else throw new Error(`a Redis type this check does not read: ${type}`);
      parts.push(`${key} ${type} ${JSON.stringify(value)}`);
    }
    return { keys, text: parts.join('\n') };
  } finally {
    redis.disconnect();
  }
}

export const dataSourceOf = (api: RunningApi) => api.app.get<DataSource>(getDataSourceToken());

/** A table's name as raw SQL must spell it (PostgreSQL tests each have a schema of their own). */
export function tableOf(config: TukiConfig, name: string): string {
  return config.database.type === 'postgres' ? `"${config.database.schema}"."${name}"` : `"${name}"`;
}

/** Raw SQL over either database: `{table}` names a table, `$1` a parameter. */
export function rows<T>(api: RunningApi, sql: string, params: unknown[] = []): Promise<T[]> {
  const { config } = api;
  const text = sql.replace(/\{(\w+)\}/g, (_, name: string) => tableOf(config, name));
  return dataSourceOf(api).query<T[]>(config.database.type === 'postgres' ? text : text.replace(/\$\d+/g, '?'), params);
}

/** Waits until the outbox has delivered every event (so the jobs and events they cause are in Redis too). */
export async function settled(api: RunningApi): Promise<void> {
  const pending = async () =>
    Number(
      (await rows<{ n: number }>(api, 'SELECT COUNT(*) AS n FROM {outbox_events} WHERE dispatched_at IS NULL'))[0].n,
    );
  await until(async () => (await pending()) === 0, 10_000, 'the outbox to be delivered');
}
