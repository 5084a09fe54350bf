/*
 * The dashboard bench's plumbing: the built api as a child process on a scratch PostgreSQL schema and Redis prefix,
 * its HTTP calls and CLI, a helpline with a supervisor, and CPU readings of the processes taking part.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { benchEnv, pidCpuSeconds, sleep } from './bench-util';

export const ROOT = resolve(__dirname, '../..');
const PASSWORD = 'bench password that is long enough';

/** Wall-clock milliseconds with sub-millisecond precision, comparable between the processes of one machine. */
export const wallMs = (): number => performance.timeOrigin + performance.now();

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export class Http {
  constructor(private readonly base: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Starts `dist/apps/api/src/main.js --with-worker` (api and worker modules in one process) and waits for it. */
export async function startApi(options: {
  databaseUrl: string;
  schema: string;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
}): Promise<ApiProcess> {
  const [port, healthPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    PATH: benchEnv.PATH ?? '',
    NODE_ENV: 'development',
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: options.schema,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    REDIS_AUTOSTART: 'false',
    PORT: String(port),
    HOST: '127.0.0.1',
    WORKER_HEALTH_PORT: String(healthPort),
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    DATA_DIR: options.dataDir,
  };
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js'), '--with-worker'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('api did not become healthy');
      try {
        if ((await fetch(`${url}/health`)).status < 500) break;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, url, env, stop };
}

function runCli(args: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), ...args], { env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`cli exited ${code}: ${out}`))));
    child.stdin.end(stdin);
  });
}

const totp = (secret: string): string =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();

/** First sign-in of a staff member who needs a second factor: enrol a TOTP authenticator and confirm it. */
async function signInWithMfa(http: Http, login: string): Promise<string> {
  const enrolment = await http.call<{ secret: string }>('POST', '/auth/mfa/enrol', undefined, {
    login,
    password: PASSWORD,
  });
  const tokens = await http.call<{ accessToken: string }>('POST', '/auth/mfa/confirm', undefined, {
    login,
    password: PASSWORD,
    totp: totp(enrolment.secret),
  });
  return tokens.accessToken;
}

export interface SeededLine {
  queueId: string;
  supervisorToken: string;
  serviceToken: string;
}

/** A helpline (through the CLI, as an operator makes one), a routing queue, a supervisor and a channel adapter. */
export async function seedLine(api: ApiProcess): Promise<SeededLine> {
  const http = new Http(api.url);
  await runCli(['create-admin', '--helpline', 'Bench line', '--login', 'bench.admin'], api.env, `${PASSWORD}\n`);
  const admin = await signInWithMfa(http, 'bench.admin');
  const queue = await http.call<{ id: string }>('POST', '/routing-queues', admin, {
    name: 'Bench queue',
    languages: ['fi', 'sv'],
    requiredSkills: { extortion: 3 },
  });
  await http.call('POST', '/staff/users', admin, {
    login: 'bench.supervisor',
    displayName: 'Bench supervisor',
    roles: ['supervisor'],
    password: PASSWORD,
  });
  const supervisorToken = await signInWithMfa(http, 'bench.supervisor');
  const service = await http.call<{ token: string }>('POST', '/service-credentials', admin, { name: 'Bench adapter' });
  return { queueId: queue.id, supervisorToken, serviceToken: service.token };
}

/**
 * CPU seconds of the PostgreSQL server: the postmaster's own and its exited children's, plus every live backend's.
 * NaN when the postmaster is not a local process this user can read.
 */
export function postgresCpuSeconds(postmasterPid: number | undefined): number {
  if (postmasterPid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${postmasterPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime: fields 14-17 of the full line.
    let ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    for (const entry of readdirSync(`/proc/${postmasterPid}/task`)) {
      const children = readFileSync(`/proc/${postmasterPid}/task/${entry}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) ticks += pidCpuSeconds(Number(child)) * 100 || 0;
    }
    return ticks / 100;
  } catch {
    return NaN;
  }
}

/** The local PostgreSQL postmaster's pid: the parent of a backend (`SELECT pg_backend_pid()`); undefined if unreadable. */
export function postmasterOf(backendPid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${backendPid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}
