import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig, type TukiConfig } from '@tuki/platform';

/** The machine's PostgreSQL (trust auth) that integration and e2e tests use, each in a schema of its own. */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

const unique = (label: string) => `${label}_${randomBytes(4).toString('hex')}`;

export interface TestConfigOptions {
  database?: 'postgres' | 'sqlite';
  redisUrl?: string;
  env?: Record<string, string>;
}

/**
 * A configuration of its own for one test file: a fresh PostgreSQL schema (or SQLite file), a fresh Redis key prefix,
 * a temporary data folder, and cheap argon2 costs. Nothing is shared with another test file.
 */
export function testConfig(label: string, options: TestConfigOptions = {}): TukiConfig {
  const dataDir = mkdtempSync(join(tmpdir(), `tuki-${label}-`));
  const id = unique(label.replace(/[^a-z0-9]/gi, '_').toLowerCase());
  const database =
    options.database === 'sqlite'
      ? { SQLITE_PATH: join(dataDir, 'tuki.sqlite') }
      : { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: `t_${id}` };
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    REDIS_URL: options.redisUrl ?? TEST_REDIS_URL,
    REDIS_PREFIX: `t-${id}`,
    REDIS_AUTOSTART: 'false',
    LOG_LEVEL: 'silent',
    PORT: '0',
    WORKER_HEALTH_PORT: '0',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    ...database,
    ...options.env,
  }).config;
}

/** Drops the test's own PostgreSQL schema (and nothing else). */
export async function dropTestSchema(config: TukiConfig): Promise<void> {
  if (config.database.type !== 'postgres' || config.database.schema === 'public') return;
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
