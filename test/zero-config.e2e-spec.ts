import { statusOf, within } from './support/http';
import { freePort } from '@tuki/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built api (`npm run build`), started as `npm start` starts it. */
const API_MAIN = resolve(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');

interface Started {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

const started: Started[] = [];
const tempDirs: string[] = [];
/** Redis servers the api started for us (read from its pidfile), stopped at the end by pid. */
const redisPids = new Set<number>();

/** Runs the api in `cwd` with an environment of only PATH, HOME and what the test gives. */
function startApi(cwd: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [API_MAIN, '--with-worker'], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')),
  );
  const run = { child, output, exited };
  started.push(run);
  return run;
}

/** Polls until GET url answers `expected`, or fails after `ms` with what the process said. */
async function waitForStatus(url: string, expected: number, ms: number, run?: Started): Promise<void> {
  const deadline = Date.now() + ms;
  let last: number | undefined;
  while (Date.now() < deadline) {
    if (run && run.child.exitCode !== null) {
      throw new Error(`the process exited (${run.child.exitCode}) before ${url} answered: ${run.output.stderr}`);
    }
    last = await statusOf(url);
    if (last === expected) return;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  throw new Error(`${url} answered ${last ?? 'nothing'}, not ${expected}, for ${ms} ms: ${run?.output.stderr ?? ''}`);
}

/** True while the pid is a live process (a zombie waiting to be reaped counts as gone). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!running(pid)) return true;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return !running(pid);
}

function readPid(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}

/** Stops a process politely, then hard after a few seconds. */
async function stop(run: Started): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGTERM');
  const ended = await within(run.exited, 10_000, 'stopping the api').catch(() => undefined);
  if (ended === undefined) {
    run.child.kill('SIGKILL');
    await within(run.exited, 5_000, 'killing the api').catch(() => undefined);
  }
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuki-zero-config-'));
  tempDirs.push(dir);
  return dir;
}

/** Lines that look like a stack trace frame. */
const stackFrames = (text: string) => text.split('\n').filter((line) => /^\s+at\s/.test(line));

beforeAll(() => {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build first`);
});

afterAll(async () => {
  await Promise.all(started.map(stop));
  for (const pid of redisPids) {
    if (running(pid)) process.kill(pid, 'SIGTERM');
    if (!(await waitUntilGone(pid, 10_000)) && running(pid)) process.kill(pid, 'SIGKILL');
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('zero-config start (built dist, SQLite, no settings)', () => {
  it('starts its own Redis, refuses a second server on the same SQLite file, and reuses its Redis after a crash', async () => {
    const dir = freshDir();
    const dataDir = join(dir, 'data');
    const pidFile = join(dataDir, 'redis', 'redis.pid');
    const [port, secondPort, healthPort, secondHealthPort, redisPort] = await Promise.all(
      Array.from({ length: 5 }, freePort),
    );
    const env = {
      DATA_DIR: dataDir,
      WORKER_HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'warn',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_AUTOSTART: 'true',
    };

    const first = startApi(dir, { ...env, PORT: String(port) });
    await waitForStatus(`http://127.0.0.1:${port}/ready`, 200, 60_000, first);
    expect(existsSync(pidFile)).toBe(true);
    const redisPid = readPid(pidFile);
    redisPids.add(redisPid);
    expect(running(redisPid)).toBe(true);
    expect(existsSync(join(dataDir, 'tuki.sqlite'))).toBe(true);

    // A second server on the same file: one clear line, non-zero exit.
    const second = startApi(dir, { ...env, PORT: String(secondPort), WORKER_HEALTH_PORT: String(secondHealthPort) });
    const secondExit = await within(second.exited, 20_000, 'the second server refusing to start');
    expect(secondExit).not.toBe(0);
    const refusal = second.output.stderr.split('\n').filter((line) => /sqlite/i.test(line) && /another/i.test(line));
    expect(refusal).toHaveLength(1);
    expect(stackFrames(second.output.stderr)).toEqual([]);
    // The first server was not disturbed.
    expect(await statusOf(`http://127.0.0.1:${port}/ready`)).toBe(200);

    // A crash: the api dies, the redis-server it started stays behind.
    first.child.kill('SIGKILL');
    await within(first.exited, 5_000, 'the crash');
    expect(running(redisPid)).toBe(true);

    const third = startApi(dir, { ...env, PORT: String(port) });
    await waitForStatus(`http://127.0.0.1:${port}/ready`, 200, 60_000, third);
    expect(readPid(pidFile)).toBe(redisPid);
    expect(running(redisPid)).toBe(true);

    await stop(third);
    expect(third.child.exitCode ?? third.child.signalCode).not.toBeNull();
    process.kill(redisPid, 'SIGTERM');
    expect(await waitUntilGone(redisPid, 10_000)).toBe(true);
  }, 180_000);

  it('says in one line how to start Redis and exits non-zero within 10 s when Redis is unreachable and autostart is off', async () => {
    const dir = freshDir();
    const [port, healthPort, redisPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const began = Date.now();
    const run = startApi(dir, {
      DATA_DIR: join(dir, 'data'),
      PORT: String(port),
      WORKER_HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'warn',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_AUTOSTART: 'false',
    });
    const code = await within(run.exited, 10_000, 'failing without Redis');
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(code).not.toBe(0);
    const about = run.output.stderr.split('\n').filter((line) => line.includes(`127.0.0.1:${redisPort}`));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatch(/start Redis/i);
    expect(about[0]).toMatch(/redis-server/);
    expect(stackFrames(run.output.stderr)).toEqual([]);
  }, 30_000);

  it('refuses to start in production without secrets, naming TOKEN_SIGNING_KEY', async () => {
    const dir = freshDir();
    const [port, healthPort, redisPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const run = startApi(dir, {
      NODE_ENV: 'production',
      DATA_DIR: join(dir, 'data'),
      PORT: String(port),
      WORKER_HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'warn',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    const code = await within(run.exited, 10_000, 'refusing production without secrets');
    expect(code).not.toBe(0);
    expect(run.output.stderr).toMatch(/TOKEN_SIGNING_KEY/);
    expect(stackFrames(run.output.stderr)).toEqual([]);
    // Nothing was generated for production.
    expect(existsSync(join(dir, 'data', 'secrets.json'))).toBe(false);
  }, 30_000);
});
