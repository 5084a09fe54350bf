/*
 * Part (b): the whole durable path. The built api (with the worker modules) runs as its own process on a scratch
 * PostgreSQL schema and Redis prefix; this process is the load generator: channel adapter (HTTP intake with a service
 * credential) and agents (socket.io for offers, HTTP to accept, end and complete). Baseline in the same run: a plain
 * INSERT of the same rows into a scratch table of the same PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { Secret, TOTP } from 'otpauth';
import { Pool } from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  benchEnv,
  DATABASE_URL,
  deleteKeys,
  log,
  nowMs,
  pidCpuSeconds,
  REDIS_URL,
  redisCpuSeconds,
  round,
  selfCpuSeconds,
  sleep,
  summarise,
  type LatencySummary,
} from './bench-util';

const ROOT = resolve(__dirname, '../..');
const AGENTS = Number(benchEnv.BENCH_DURABLE_AGENTS ?? 20);
const CONTACTS = Number(benchEnv.BENCH_DURABLE_CONTACTS ?? 400);
/** Intake requests in flight at once (the channel adapters' concurrency). */
const INTAKE_CONCURRENCY = 8;
const PASSWORD = 'bench password that is long enough';

export interface DurablePathResult {
  agents: number;
  contacts: number;
  completed: number;
  intakeMs: LatencySummary;
  intakeToOfferMs: LatencySummary;
  acceptMs: LatencySummary;
  endMs: LatencySummary;
  completeMs: LatencySummary;
  intakePerSec: number;
  completedPerSec: number;
  plainInsertMs: LatencySummary;
  plainInsertPerSec: number;
  ratioIntakeToInsertPerSec: number;
  ratioIntakeP50ToInsertP50: number;
  rowsWrittenPerContact: Record<string, { inserted: number; updated: number }>;
  cpuSeconds: { loadGenerator: number; api: number; redisServer: number };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

class Http {
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

async function waitForHealth(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('api did not become healthy');
}

const totp = (secret: string): string =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();

interface Tokens {
  accessToken: string;
}

async function plainInsertBaseline(
  pool: Pool,
  schema: string,
  rows: number,
): Promise<{ ms: number[]; perSec: number }> {
  await pool.query(`create table "${schema}".bench_contacts (
    id uuid primary key, helpline_id uuid not null, queue_id uuid not null, idempotency_key text not null,
    channel text not null, language text not null, priority text not null, state text not null,
    first_arrived_at bigint not null, created_at timestamptz not null default now(),
    unique (helpline_id, idempotency_key))`);
  const helplineId = randomUUID();
  const queueId = randomUUID();
  const ms: number[] = [];
  let next = 0;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: INTAKE_CONCURRENCY }, async () => {
      while (next < rows) {
        const i = next++;
        const t = nowMs();
        await pool.query(
          `insert into "${schema}".bench_contacts
             (id, helpline_id, queue_id, idempotency_key, channel, language, priority, state, first_arrived_at)
           values ($1, $2, $3, $4, 'voice', 'fi', 'normal', 'queued', $5)`,
          [randomUUID(), helplineId, queueId, `insert-${i}`, Date.now()],
        );
        ms.push(nowMs() - t);
      }
    }),
  );
  return { ms, perSec: rows / ((nowMs() - started) / 1000) };
}

export async function runDurablePath(): Promise<DurablePathResult> {
  const id = randomBytes(4).toString('hex');
  const schema = `bench_${id}`;
  const redisPrefix = `bench-durable-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tuki-bench-'));
  const [port, healthPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    PATH: benchEnv.PATH ?? '',
    NODE_ENV: 'development',
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    REDIS_AUTOSTART: 'false',
    PORT: String(port),
    HOST: '127.0.0.1',
    WORKER_HEALTH_PORT: String(healthPort),
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    DATA_DIR: dataDir,
  };
  const pool = new Pool({ connectionString: DATABASE_URL, max: INTAKE_CONCURRENCY });
  const redis = new Redis(REDIS_URL);
  const url = `http://127.0.0.1:${port}`;
  const http = new Http(url);
  log(`(b) the whole durable path — api on ${url}, schema ${schema}, Redis prefix ${redisPrefix}`);
  const api = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js'), '--with-worker'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const sockets: Socket[] = [];
  const beats: NodeJS.Timeout[] = [];
  try {
    await waitForHealth(url, api, 60_000);
    await runCli(['create-admin', '--helpline', 'Bench line', '--login', 'bench.admin'], env, `${PASSWORD}\n`);
    const enrolment = await http.call<{ secret: string }>('POST', '/auth/mfa/enrol', undefined, {
      login: 'bench.admin',
      password: PASSWORD,
    });
    const admin = await http.call<Tokens>('POST', '/auth/mfa/confirm', undefined, {
      login: 'bench.admin',
      password: PASSWORD,
      totp: totp(enrolment.secret),
    });
    const queue = await http.call<{ id: string }>('POST', '/routing-queues', admin.accessToken, {
      name: 'Bench queue',
      languages: ['fi', 'sv'],
      requiredSkills: { extortion: 3 },
    });
    const service = await http.call<{ token: string }>('POST', '/service-credentials', admin.accessToken, {
      name: 'Bench adapter',
    });

    // Agents: created, profiled, signed in, connected, available; each takes an offer through to completed.
    const offerSeenAt = new Map<string, number>();
    const accept: number[] = [];
    const end: number[] = [];
    const complete: number[] = [];
    let completed = 0;
    let failures = 0;
    for (let i = 0; i < AGENTS; i++) {
      const login = `bench.agent.${i}`;
      const user = await http.call<{ id: string }>('POST', '/staff/users', admin.accessToken, {
        login,
        displayName: `Bench agent ${i}`,
        roles: ['agent'],
        password: PASSWORD,
      });
      await http.call('PUT', `/agents/${user.id}/profile`, admin.accessToken, {
        languages: i % 3 === 0 ? ['fi', 'sv'] : ['fi'],
        skills: { extortion: 3 + (i % 8) },
        capacity: { voice: 1, chat: 1, callback: 1 },
      });
      const { accessToken } = await http.call<Tokens>('POST', '/auth/sign-in', undefined, {
        login,
        password: PASSWORD,
      });
      const socket = io(url, {
        transports: ['websocket'],
        auth: { token: accessToken },
        reconnection: false,
        forceNew: true,
      });
      await new Promise<void>((resolveConnect, reject) => {
        socket.once('connect', resolveConnect);
        socket.once('connect_error', reject);
      });
      beats.push(setInterval(() => socket.emit('presence.heartbeat', () => undefined), 2000));
      socket.on('offer.created', (envelope: { data: { contactId: string } }) => {
        const contactId = envelope.data.contactId;
        offerSeenAt.set(contactId, nowMs());
        void (async () => {
          let t = nowMs();
          await http.call('POST', `/offers/${contactId}/accept`, accessToken);
          accept.push(nowMs() - t);
          t = nowMs();
          await http.call('POST', `/contacts/${contactId}/end`, accessToken);
          end.push(nowMs() - t);
          t = nowMs();
          await http.call('POST', `/contacts/${contactId}/complete`, accessToken);
          complete.push(nowMs() - t);
          completed++;
        })().catch((error: unknown) => {
          failures++;
          if (failures <= 5) log(`  agent ${i}: ${(error as Error).message}`);
        });
      });
      sockets.push(socket);
      await http.call('POST', '/agents/me/state', accessToken, { state: 'available' });
    }
    log(
      `  ${AGENTS} agents signed in, connected and available; firing ${CONTACTS} contacts, ${INTAKE_CONCURRENCY} in flight`,
    );

    const apiCpu0 = pidCpuSeconds(api.pid!);
    const selfCpu0 = selfCpuSeconds();
    const redisCpu0 = await redisCpuSeconds(redis);
    const intake: number[] = [];
    const sentAt = new Map<string, number>();
    let next = 0;
    const started = nowMs();
    await Promise.all(
      Array.from({ length: INTAKE_CONCURRENCY }, async () => {
        while (next < CONTACTS) {
          // Paced so agents are mostly free: the figure is the path, not waiting for a human.
          while (sentAt.size - offerSeenAt.size >= AGENTS / 2) await sleep(2);
          if (next >= CONTACTS) break;
          const i = next++;
          const t = nowMs();
          const contact = await http.call<{ id: string }>('POST', '/contacts', service.token, {
            idempotencyKey: `bench-${id}-${i}`,
            queueId: queue.id,
            channel: 'voice',
            language: i % 4 === 0 ? 'sv' : 'fi',
          });
          intake.push(nowMs() - t);
          sentAt.set(contact.id, t);
        }
      }),
    );
    const intakeSeconds = (nowMs() - started) / 1000;
    const drainDeadline = Date.now() + 120_000;
    while (completed + failures < CONTACTS && Date.now() < drainDeadline) await sleep(50);
    const allSeconds = (nowMs() - started) / 1000;
    const cpu = {
      loadGenerator: round(selfCpuSeconds() - selfCpu0, 2),
      api: round(pidCpuSeconds(api.pid!) - apiCpu0, 2),
      redisServer: round((await redisCpuSeconds(redis)) - redisCpu0, 2),
    };
    const intakeToOffer = [...sentAt].flatMap(([contactId, t]) => {
      const seen = offerSeenAt.get(contactId);
      return seen === undefined ? [] : [seen - t];
    });

    // Rows written per contact, by table (PostgreSQL's own counters for the scratch schema).
    await sleep(1000);
    const stats = await pool.query<{ relname: string; n_tup_ins: string; n_tup_upd: string }>(
      'select relname, n_tup_ins, n_tup_upd from pg_stat_user_tables where schemaname = $1 and (n_tup_ins > 0 or n_tup_upd > 0)',
      [schema],
    );
    const rowsWrittenPerContact = Object.fromEntries(
      stats.rows.map((r) => [
        r.relname,
        { inserted: round(Number(r.n_tup_ins) / CONTACTS, 2), updated: round(Number(r.n_tup_upd) / CONTACTS, 2) },
      ]),
    );

    const insert = await plainInsertBaseline(pool, schema, CONTACTS);
    const result: DurablePathResult = {
      agents: AGENTS,
      contacts: CONTACTS,
      completed,
      intakeMs: summarise(intake),
      intakeToOfferMs: summarise(intakeToOffer),
      acceptMs: summarise(accept),
      endMs: summarise(end),
      completeMs: summarise(complete),
      intakePerSec: round(CONTACTS / intakeSeconds, 0),
      completedPerSec: round(completed / allSeconds, 0),
      plainInsertMs: summarise(insert.ms),
      plainInsertPerSec: round(insert.perSec, 0),
      ratioIntakeToInsertPerSec: 0,
      ratioIntakeP50ToInsertP50: 0,
      rowsWrittenPerContact,
      cpuSeconds: cpu,
    };
    result.ratioIntakeToInsertPerSec = round(result.intakePerSec / result.plainInsertPerSec, 3);
    result.ratioIntakeP50ToInsertP50 = round(result.intakeMs.p50 / result.plainInsertMs.p50, 1);
    log(
      `  HTTP intake (POST /contacts, stored with its outbox event): p50 ${result.intakeMs.p50} ms p99 ${result.intakeMs.p99} ms, ` +
        `${result.intakePerSec} contacts/s with ${INTAKE_CONCURRENCY} in flight`,
    );
    log(
      `  intake -> offer received on the agent's socket: p50 ${result.intakeToOfferMs.p50} ms p99 ${result.intakeToOfferMs.p99} ms ` +
        `(${intakeToOffer.length} offers; includes the outbox relay's polling, about 200 ms, when the agent was already idle, ` +
        `and waiting for a free agent when all were busy)`,
    );
    log(
      `  agent side: accept p50 ${result.acceptMs.p50} p99 ${result.acceptMs.p99}; end p50 ${result.endMs.p50} p99 ${result.endMs.p99}; ` +
        `complete (incl. routing the next contact) p50 ${result.completeMs.p50} p99 ${result.completeMs.p99} ms; ` +
        `${completed} completed, ${failures} failed, ${result.completedPerSec} completed/s overall`,
    );
    log(
      `  plain INSERT of the same rows (${INTAKE_CONCURRENCY} connections): p50 ${result.plainInsertMs.p50} ms p99 ${result.plainInsertMs.p99} ms, ` +
        `${result.plainInsertPerSec} rows/s; intake rate ÷ INSERT rate = ${result.ratioIntakeToInsertPerSec}, ` +
        `intake p50 ÷ INSERT p50 = ${result.ratioIntakeP50ToInsertP50}`,
    );
    log(`  rows written per contact, by table: ${JSON.stringify(rowsWrittenPerContact)}`);
    log(
      `  CPU s during the run: load generator ${cpu.loadGenerator}, api+worker ${cpu.api}, redis-server ${cpu.redisServer}`,
    );
    return result;
  } finally {
    beats.forEach(clearInterval);
    sockets.forEach((s) => s.disconnect());
    const exited = new Promise((resolveExit) => api.once('exit', resolveExit));
    if (api.exitCode === null) api.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (api.exitCode === null) api.kill('SIGKILL');
    await pool
      .query(`drop schema if exists "${schema}" cascade`)
      .catch((e: unknown) => log(`  drop schema: ${(e as Error).message}`));
    await pool.end();
    await deleteKeys(redis, `{${redisPrefix}}*`);
    await redis.quit();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
