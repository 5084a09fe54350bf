import { statusOf, within } from './support/http';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TukiConfig } from '@tuki/platform';
import { TEST_DATABASE_URL, TEST_REDIS_URL, deleteTestKeys, dropTestSchema, testConfig, freePort } from '@tuki/testing';

/** The built worker (`npm run build`), started as `npm run start:worker` starts it. */
const WORKER_MAIN = resolve(__dirname, '..', 'dist', 'apps', 'worker', 'src', 'main.js');

let config: TukiConfig;
let child: ChildProcess | undefined;
let exited: Promise<number | string> | undefined;
const output = { stdout: '', stderr: '' };

beforeAll(() => {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build first`);
  // Only for its unique schema, key prefix and data folder, which the spawned worker is given below.
  config = testConfig('worker_e2e');
});

afterAll(async () => {
  try {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await within(exited!, 5_000, 'killing the worker').catch(() => undefined);
    }
  } finally {
    await dropTestSchema(config);
    await deleteTestKeys(config);
    rmSync(config.dataDir, { recursive: true, force: true });
  }
}, 30_000);

describe('worker process (built dist, PostgreSQL)', () => {
  it('answers GET /health on its health port and exits 0 on SIGTERM', async () => {
    if (config.database.type !== 'postgres') throw new Error('the worker test needs its PostgreSQL schema');
    const healthPort = await freePort();
    child = spawn(process.execPath, [WORKER_MAIN], {
      cwd: config.dataDir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? config.dataDir,
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: config.database.schema,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: config.redis.prefix,
        REDIS_AUTOSTART: 'false',
        DATA_DIR: config.dataDir,
        WORKER_HEALTH_PORT: String(healthPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    const worker = child;
    exited = new Promise((resolveExit) =>
      worker.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')),
    );

    const health = `http://127.0.0.1:${healthPort}/health`;
    const deadline = Date.now() + 30_000;
    let answered: number | undefined;
    while (Date.now() < deadline && answered !== 200) {
      if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}): ${output.stderr}`);
      answered = await statusOf(health);
      if (answered !== 200) await new Promise((wait) => setTimeout(wait, 250));
    }
    expect(answered).toBe(200);
    expect(await statusOf(`http://127.0.0.1:${healthPort}/ready`)).toBe(404);

    const stoppingAt = Date.now();
    worker.kill('SIGTERM');
    const code = await within(exited, 10_000, 'the graceful stop');
    expect({ code, stderr: output.stderr }).toEqual({ code: 0, stderr: expect.any(String) as string });
    expect(Date.now() - stoppingAt).toBeLessThan(10_000);
  }, 60_000);
});
