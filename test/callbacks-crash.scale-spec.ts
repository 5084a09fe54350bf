import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { OfferPayload, StreamEnvelope } from '@tuki/contracts';
import { OwnRedis, TEST_DATABASE_URL, dropTestSchema, freePort, testConfig } from '@tuki/testing';
import { send, until } from './support/http';
import { MAINS, Processes, enrolAndSignIn, ok, waitReady, type NodeProcess } from './support/processes';

/*
 * Callbacks across real processes (the built dist): two api processes and a worker on one PostgreSQL schema and a
 * Redis of the test's own. Proves two of issue 4's requirements:
 *  - concurrency: 50 simultaneous requests for one number, spread over both api processes, make exactly one callback;
 *  - crash: with callbacks waiting and attempts scheduled, kill -9 the worker and both api processes and restart Redis
 *    empty; after restart every callback is there with its attempts and its place, its timers are rebuilt, the due
 *    ones are offered again, and no (callback, attempt) happens twice;
 *  - and, for the same durability rule: callbacks that come due while Redis restarts empty under running processes
 *    are not stranded between the routing index rebuild and the callback timer rebuild.
 */

const PASSWORD = 'a long callback crash passphrase';
const OFFER_TIMEOUT_SECONDS = 30;
const RETRY_SECONDS = 60;
const SAME_NUMBER = ['+358401234567', '+358 40 123 4567', '+358-40-123-4567', '+358 (40) 123-45-67'];

const id = randomBytes(4).toString('hex');
const schema = `t_cbcrash_${id}`;
const prefix = `t-cbcrash-${id}`;
const dataDir = mkdtempSync(join(tmpdir(), 'tuki-cb-crash-'));

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const log = (...lines: string[]) => process.stdout.write(`[callbacks-crash] ${lines.join('\n[callbacks-crash] ')}\n`);

// ---------------------------------------------------------------------------------------------------------------------
// Processes

let ownRedis: OwnRedis;
let baseEnv: Record<string, string> = {};
/** Every line about callback timers or a rebuild, per process, kept whole (a process's output is only its tail). */
const timerLines = new Map<NodeProcess, string[]>();
const processes = new Processes(
  () => baseEnv,
  dataDir,
  (proc, text) => {
    const lines = timerLines.get(proc) ?? [];
    for (const line of text.split('\n')) if (/callback timer|rebuilt/i.test(line)) lines.push(line.slice(0, 400));
    timerLines.set(proc, lines);
  },
);
const timerLinesOf = (proc: NodeProcess) => timerLines.get(proc) ?? [];

interface Api {
  url: string;
  proc: NodeProcess;
}

const ports = { api: [0, 0], apiHealth: [0, 0], worker: 0 };
let apis: Api[] = [];
let worker: NodeProcess;

/** Two api processes and one worker, on the same ports each time. */
async function startProcesses(): Promise<void> {
  apis = [0, 1].map((i) => ({
    url: `http://127.0.0.1:${ports.api[i]}`,
    proc: processes.spawn(`api${i}`, MAINS.api, {
      PORT: String(ports.api[i]),
      WORKER_HEALTH_PORT: String(ports.apiHealth[i]),
    }),
  }));
  // The worker logs at info, so "Callback timers rebuilt" can be seen.
  worker = processes.spawn('worker', MAINS.worker, {
    PORT: '0',
    WORKER_HEALTH_PORT: String(ports.worker),
    LOG_LEVEL: 'info',
  });
  await Promise.all([
    ...apis.map((api) => waitReady(`${api.url}/ready`, api.proc)),
    waitReady(`http://127.0.0.1:${ports.worker}/health`, worker),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------------
// HTTP and agents

/** An agent desk: a socket that heartbeats and collects offers, as the agent desktop does. */
class Desk {
  readonly offers: (OfferPayload & { receivedAt: number })[] = [];
  private beat?: NodeJS.Timeout;
  private socket?: Socket;

  constructor(private readonly token: string) {}

  async connect(api: Api): Promise<void> {
    const socket = io(api.url, {
      transports: ['websocket'],
      auth: { token: this.token },
      reconnection: false,
      forceNew: true,
    });
    socket.on('offer.created', (e: StreamEnvelope<OfferPayload>) =>
      this.offers.push({ ...e.data, receivedAt: Date.now() }),
    );
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => done());
      socket.once('connect_error', fail);
    });
    this.socket = socket;
    this.beat = setInterval(() => socket.connected && socket.emit('presence.heartbeat', () => undefined), 2000);
  }

  close(): void {
    clearInterval(this.beat);
    this.socket?.disconnect();
  }

  /** The next offer received after `seen` offers, within `ms`. */
  async offerAfter(seen: number, ms: number, what: string): Promise<OfferPayload & { receivedAt: number }> {
    await until(() => this.offers.length > seen, ms, what);
    return this.offers[seen];
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The world

let pg: Client;
let adminToken = '';
let serviceToken = '';
let agentToken = '';
let agentId = '';
let helplineId = '';
/** Concurrency: a queue no agent serves (its callback is never offered). */
let formQueueId = '';
/** Crash: the queue the agent serves. */
let crashQueueId = '';

const pick = () => apis[Math.floor(Math.random() * apis.length)];

beforeAll(async () => {
  for (const main of [MAINS.api, MAINS.worker, MAINS.cli]) {
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  }
  ownRedis = await OwnRedis.start();
  baseEnv = {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: ownRedis.url,
    REDIS_PREFIX: prefix,
    REDIS_AUTOSTART: 'false',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  };
  const cli = processes.spawn('cli', MAINS.cli, {}, [
    'create-admin',
    '--helpline',
    'Callback line',
    '--login',
    'cb.admin',
  ]);
  cli.child.stdin?.end(`${PASSWORD}\n`);
  if ((await cli.exited) !== 0) throw new Error(`create-admin failed: ${cli.output}`);

  const [a, b, c, d, e] = await Promise.all(Array.from({ length: 5 }, freePort));
  Object.assign(ports, { api: [a, b], apiHealth: [c, d], worker: e });
  await startProcesses();
  pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();

  const [api0, api1] = apis;
  adminToken = await enrolAndSignIn(api0, 'cb.admin', PASSWORD);
  helplineId = (await ok(api0, 'GET', '/staff/me', adminToken)).helplineId as string;
  const callbackPolicy = { retryDelaysSeconds: [RETRY_SECONDS], maxAttempts: 3, initialDelaySeconds: 0 };
  formQueueId = (
    await ok(api1, 'POST', '/routing-queues', adminToken, {
      name: 'Web form queue',
      languages: ['fi'],
      requiredSkills: { 'nobody-has-this': 1 },
      callbackPolicy,
    })
  ).id as string;
  crashQueueId = (
    await ok(api1, 'POST', '/routing-queues', adminToken, {
      name: 'Callback queue',
      languages: ['fi'],
      requiredSkills: { callbacks: 1 },
      offerTimeoutSeconds: OFFER_TIMEOUT_SECONDS,
      callbackPolicy,
    })
  ).id as string;
  serviceToken = (await ok(api0, 'POST', '/service-credentials', adminToken, { name: 'Web form' })).token as string;
  const user = await ok(api0, 'POST', '/staff/users', adminToken, {
    login: 'cb.agent',
    displayName: 'Callback agent',
    roles: ['agent'],
    password: PASSWORD,
  });
  agentId = user.id as string;
  // Callbacks only: the live contacts that become callbacks are never offered as calls.
  await ok(api1, 'PUT', `/agents/${agentId}/profile`, adminToken, {
    languages: ['fi'],
    skills: { callbacks: 5 },
    capacity: { voice: 0, chat: 0, callback: 1 },
  });
  agentToken = (await ok(api1, 'POST', '/auth/sign-in', undefined, { login: 'cb.agent', password: PASSWORD }))
    .accessToken as string;
}, 120_000);

const desks: Desk[] = [];

afterAll(async () => {
  for (const desk of desks) desk.close();
  await processes.killAll();
  await pg?.end().catch(() => undefined);
  await ownRedis?.stop();
  const config = testConfig('cb-crash-cleanup', { env: { DATABASE_SCHEMA: schema } });
  await dropTestSchema(config);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(config.dataDir, { recursive: true, force: true });
}, 60_000);

// ---------------------------------------------------------------------------------------------------------------------
// Reading the record

interface Snapshot {
  status: string;
  attemptsMade: number;
  openAttempt: number | null;
  nextAttemptAt: number | null;
  promisedBy: number;
  deadline: number;
  attempts: unknown[];
  state: string;
  firstArrivedAt: number;
  notBefore: number | null;
}

async function snapshot(api: Api, callbackId: string): Promise<Snapshot> {
  const callback = await ok(api, 'GET', `/callbacks/${callbackId}`, adminToken);
  const contact = await ok(api, 'GET', `/contacts/${callbackId}`, adminToken);
  return {
    status: callback.status as string,
    attemptsMade: callback.attemptsMade as number,
    openAttempt: callback.openAttempt as number | null,
    nextAttemptAt: callback.nextAttemptAt as number | null,
    promisedBy: callback.promisedBy as number,
    deadline: callback.deadline as number,
    attempts: callback.attempts as unknown[],
    state: contact.state as string,
    firstArrivedAt: contact.firstArrivedAt as number,
    notBefore: contact.notBefore as number | null,
  };
}

/** (callback, attempt) pairs stored more than once, and callbacks whose attempt numbers are not 1..n. */
async function attemptProblems(): Promise<string[]> {
  const { rows } = await pg.query<{ callback_id: string; attempt_no: number }>(
    `SELECT callback_id, attempt_no FROM "${schema}".callback_attempts ORDER BY callback_id, attempt_no`,
  );
  const byCallback = new Map<string, number[]>();
  for (const row of rows) byCallback.set(row.callback_id, [...(byCallback.get(row.callback_id) ?? []), row.attempt_no]);
  const problems: string[] = [];
  for (const [callbackId, numbers] of byCallback) {
    const expected = numbers.map((_, i) => i + 1);
    if (JSON.stringify(numbers) !== JSON.stringify(expected))
      problems.push(`${callbackId}: attempts ${numbers.join(',')}`);
  }
  return problems;
}

/** The timers BullMQ holds as delayed jobs for one callback. */
async function delayedTimers(queue: Queue, callbackId: string, notBefore: number | null) {
  const state = async (jobId: string) => (await queue.getJob(jobId))?.getState() ?? 'missing';
  return {
    due: notBefore === null ? 'none' : await state(`callback%3A${callbackId}%3Adue%3A${notBefore}`),
    overdue: await state(`callback%3A${callbackId}%3Aoverdue`),
    deadline: await state(`callback%3A${callbackId}%3Adeadline`),
  };
}

const bullQueue = () => new Queue('short', { connection: { url: ownRedis.url }, prefix: `{${prefix}}:jobs` });

async function undispatched(): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".outbox_events WHERE dispatched_at IS NULL`,
  );
  return Number(rows[0].n);
}

async function setState(state: 'available' | 'away'): Promise<void> {
  await ok(pick(), 'POST', '/agents/me/state', agentToken, { state, ...(state === 'away' ? { reason: 'break' } : {}) });
}

/** The agent takes an offered callback, dials it, and the caller does not answer. Returns the attempt number. */
async function dialNoAnswer(callbackId: string): Promise<number> {
  await ok(pick(), 'POST', `/offers/${callbackId}/accept`, agentToken);
  const dial = await ok(pick(), 'POST', `/callbacks/${callbackId}/attempts`, agentToken);
  await ok(pick(), 'POST', `/callbacks/${callbackId}/attempts/${dial.attempt as number}/outcome`, agentToken, {
    outcome: 'no-answer',
  });
  return dial.attempt as number;
}

/** The agent takes an offered callback, dials it and reaches the caller; the conversation ends. Returns the attempt. */
async function dialAndReach(callbackId: string): Promise<number> {
  await ok(pick(), 'POST', `/offers/${callbackId}/accept`, agentToken);
  const dial = await ok(pick(), 'POST', `/callbacks/${callbackId}/attempts`, agentToken);
  await ok(pick(), 'POST', `/callbacks/${callbackId}/attempts/${dial.attempt as number}/outcome`, agentToken, {
    outcome: 'reached',
  });
  await ok(pick(), 'POST', `/contacts/${callbackId}/end`, agentToken);
  await ok(pick(), 'POST', `/contacts/${callbackId}/complete`, agentToken);
  return dial.attempt as number;
}

// ---------------------------------------------------------------------------------------------------------------------

describe('callbacks across processes: concurrency and a crash with Redis restarted empty', () => {
  it('makes exactly one callback of 50 simultaneous requests for one number over two api processes', async () => {
    // Rolled-back transactions show that requests raced past the lookup and the unique index turned them away.
    const rollbacks = async () => {
      await pg.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await pg.query<{ n: string }>(
        'SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
      );
      return Number(rows[0].n);
    };
    const rollbacksBefore = await rollbacks();
    const began = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        send(apis[i % 2], 'POST', '/callbacks', serviceToken, {
          idempotencyKey: `same-number-${i}`,
          queueId: formQueueId,
          language: 'fi',
          number: SAME_NUMBER[i % SAME_NUMBER.length],
        }),
      ),
    );
    const tookMs = Date.now() - began;
    const statuses = replies.map((r) => r.status);
    const ids = new Set(replies.map((r) => (r.body.callback as { id?: string } | undefined)?.id));
    const merged = replies.filter((r) => r.body.merged === true).length;
    log(
      `50 requests in ${tookMs} ms: statuses ${JSON.stringify(statuses.reduce<Record<number, number>>((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {}))}, ids ${ids.size}, merged ${merged}`,
      ...replies
        .filter((r) => r.status !== 200)
        .slice(0, 3)
        .map((r) => `${r.status} ${JSON.stringify(r.body)}`),
    );
    await sleep(1500);
    log(
      `transactions rolled back during the burst (PostgreSQL statistics, indicative): ${(await rollbacks()) - rollbacksBefore}`,
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect([...ids]).toHaveLength(1);
    expect(merged).toBe(49);

    const open = (await ok(apis[0], 'GET', '/callbacks?status=open', adminToken)) as unknown as {
      id: string;
      queueId: string;
      mergedRequests: number;
    }[];
    const inQueue = open.filter((c) => c.queueId === formQueueId);
    expect(inQueue.map((c) => c.id)).toEqual([...ids]);
    expect(inQueue[0].mergedRequests).toBe(49);

    const rows = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".callbacks WHERE helpline_id = $1 AND status = 'open'`,
      [helplineId],
    );
    expect(Number(rows.rows[0].n)).toBe(1);
    // The losers' contacts were rolled back with their inserts: one callback contact, no orphans.
    const contacts = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".contacts WHERE queue_id = $1`,
      [formQueueId],
    );
    expect(Number(contacts.rows[0].n)).toBe(1);
  }, 60_000);

  it('keeps every callback, its attempts, place and timers through kill -9 of every process and an empty Redis', async () => {
    const began = Date.now();
    const desk = new Desk(agentToken);
    desks.push(desk);
    await desk.connect(apis[0]);

    // E: asked for now, offered, dialled, not reached: its second attempt waits RETRY_SECONDS.
    const e = (
      await ok(pick(), 'POST', '/callbacks', serviceToken, {
        idempotencyKey: 'crash-e',
        queueId: crashQueueId,
        language: 'fi',
        number: '+358401234505',
      })
    ).callback.id as string;
    await setState('available');
    const firstOffer = await desk.offerAfter(0, 10_000, 'the offer of E');
    expect(firstOffer.contactId).toBe(e);
    expect(firstOffer.channel).toBe('callback');
    expect(await dialNoAnswer(e)).toBe(1);
    await setState('away');
    // The routing index learns of "away" from the outbox (agentGone on agent.state-changed), not from the request: a
    // callback created before that event is delivered is offered to the away agent. Wait for it (see the report).
    await until(async () => (await undispatched()) === 0, 10_000, 'the outbox delivered');

    // B and D: callers waiting in the queue who leave a number (they keep their first arrival); A and C: web forms.
    const liveContact = async (key: string) =>
      (
        await ok(pick(), 'POST', '/contacts', serviceToken, {
          idempotencyKey: key,
          queueId: crashQueueId,
          channel: 'voice',
          language: 'fi',
        })
      ).id as string;
    const b = await liveContact('crash-b');
    const d = await liveContact('crash-d');
    await sleep(50);
    const inMs = (ms: number) => new Date(Date.now() + ms).toISOString().replace('Z', '+00:00');
    const a = (
      await ok(pick(), 'POST', '/callbacks', serviceToken, {
        idempotencyKey: 'crash-a',
        queueId: crashQueueId,
        language: 'fi',
        number: '+358401234501',
      })
    ).callback.id as string;
    expect(
      (await ok(pick(), 'POST', `/contacts/${b}/callback`, serviceToken, { number: '+358401234502' })).merged,
    ).toBe(false);
    const c = (
      await ok(pick(), 'POST', '/callbacks', serviceToken, {
        idempotencyKey: 'crash-c',
        queueId: crashQueueId,
        language: 'fi',
        number: '+358401234503',
        window: { notBefore: inMs(70_000) },
      })
    ).callback.id as string;
    await ok(pick(), 'POST', `/contacts/${d}/callback`, serviceToken, {
      number: '+358401234504',
      window: { notBefore: inMs(80_000) },
    });
    const all = { a, b, c, d, e };
    const names = new Map(Object.entries(all).map(([k, v]) => [v, k]));

    const before = new Map<string, Snapshot>();
    for (const callbackId of Object.values(all)) before.set(callbackId, await snapshot(apis[0], callbackId));
    log(
      `before the crash (${Date.now() - began} ms in):`,
      ...[...before].map(([cid, s]) => `${names.get(cid)} ${JSON.stringify(s)}`),
    );
    // What the record says before anything dies.
    for (const s of before.values()) expect(s).toMatchObject({ status: 'open', state: 'callback-pending' });
    expect(before.get(e)!.attemptsMade).toBe(1);
    expect(before.get(e)!.attempts).toMatchObject([{ attempt: 1, agentId, outcome: 'no-answer' }]);
    expect(before.get(e)!.notBefore).toBeGreaterThan(Date.now());
    expect(before.get(c)!.notBefore).toBeGreaterThan(Date.now() + 30_000);
    expect(before.get(d)!.notBefore).toBeGreaterThan(Date.now() + 30_000);
    expect(before.get(a)!.notBefore).toBeLessThanOrEqual(Date.now());
    expect(before.get(b)!.notBefore).toBeLessThanOrEqual(Date.now());
    // B kept its arrival as a live caller: earlier than A's request.
    expect(before.get(b)!.firstArrivedAt).toBeLessThan(before.get(a)!.firstArrivedAt);
    const future = [c, d, e];

    // The timers exist before the crash (so their presence after it means they were rebuilt).
    let queue = bullQueue();
    for (const callbackId of Object.values(all)) {
      const notBefore = future.includes(callbackId) ? before.get(callbackId)!.notBefore : null;
      expect(await delayedTimers(queue, callbackId, notBefore)).toEqual({
        due: notBefore === null ? 'none' : 'delayed',
        overdue: 'delayed',
        deadline: 'delayed',
      });
    }
    await queue.close();

    // The crash: every process killed hard, Redis gone and back empty.
    desk.close();
    await processes.killAll();
    await ownRedis.stop();
    await ownRedis.start();
    const probe = new Redis(ownRedis.url);
    expect(await probe.dbsize()).toBe(0);
    probe.disconnect();
    const restartAt = Date.now();
    await startProcesses();
    log(`crashed and restarted ${restartAt - began} ms in; processes ready after ${Date.now() - restartAt} ms`);

    // Every callback is there, with its attempts and place.
    for (const [callbackId, was] of before) {
      expect({ name: names.get(callbackId), ...(await snapshot(apis[1], callbackId)) }).toEqual({
        name: names.get(callbackId),
        ...was,
      });
    }
    const open = (await ok(apis[0], 'GET', '/callbacks?status=open', adminToken)) as unknown as { id: string }[];
    expect(open.map((o) => o.id)).toEqual(expect.arrayContaining(Object.values(all)));

    // The timers were rebuilt from the record.
    queue = bullQueue();
    const rebuiltIn = await until(
      async () => {
        for (const callbackId of Object.values(all)) {
          const notBefore = future.includes(callbackId) ? before.get(callbackId)!.notBefore : null;
          const timers = await delayedTimers(queue, callbackId, notBefore);
          if (timers.overdue !== 'delayed' || timers.deadline !== 'delayed') return false;
          if (notBefore !== null && timers.due !== 'delayed') return false;
        }
        return true;
      },
      15_000,
      'callback timers rebuilt in Redis',
    ).catch((error: Error) => error.message);
    const timersAfter = await Promise.all(
      Object.values(all).map(async (cid) => ({
        name: names.get(cid),
        ...(await delayedTimers(queue, cid, future.includes(cid) ? before.get(cid)!.notBefore : null)),
      })),
    );
    await queue.close();
    log(`timers after restart (${String(rebuiltIn)}): ${JSON.stringify(timersAfter)}`, ...timerLinesOf(worker));
    expect(timersAfter).toEqual(
      Object.entries(all).map(([name, cid]) => ({
        name,
        due: future.includes(cid) ? 'delayed' : 'none',
        overdue: 'delayed',
        deadline: 'delayed',
      })),
    );
    expect(timerLinesOf(worker).some((l) => l.includes('Callback timers rebuilt'))).toBe(true);

    // The due callbacks are offered again to a connected desk, oldest arrival first; each attempt is the next number.
    // The agent reaches each caller, so none comes back for a retry while the later ones are awaited.
    const after = new Desk(agentToken);
    desks.push(after);
    await after.connect(apis[1]);
    await setState('available');
    const dialled: { name: string; attempt: number; offeredAfterRestartMs: number }[] = [];
    const takeNext = async (ms: number, what: string) => {
      const offer = await after.offerAfter(dialled.length, ms, what);
      const attempt = await dialAndReach(offer.contactId);
      dialled.push({
        name: names.get(offer.contactId) ?? offer.contactId,
        attempt,
        offeredAfterRestartMs: offer.receivedAt - restartAt,
      });
    };
    const dueIn = (callbackId: string) => Math.max(before.get(callbackId)!.notBefore! - Date.now(), 0);
    try {
      await takeNext(15_000, 'the first due callback offered after the restart');
      await takeNext(15_000, 'the second due callback offered after the restart');
      // E's next attempt comes due on its rebuilt timer, then C's and D's windows open.
      await takeNext(dueIn(e) + 15_000, "E's second attempt");
      await takeNext(dueIn(c) + 15_000, "C's window");
      await takeNext(dueIn(d) + 15_000, "D's window");
    } finally {
      log(
        `after the restart the desk was offered and dialled: ${JSON.stringify(dialled)}`,
        `offers received: ${JSON.stringify(after.offers.map((o) => names.get(o.contactId) ?? o.contactId))}`,
        `whole test ${Date.now() - began} ms`,
      );
    }
    expect(dialled.map((x) => x.name)).toEqual(['b', 'a', 'e', 'c', 'd']);
    expect(dialled.map((x) => x.attempt)).toEqual([1, 1, 2, 1, 1]);
    expect(dialled[0].offeredAfterRestartMs).toBeLessThan(15_000);
    // No callback offered before its time.
    for (const x of dialled) {
      const cid = all[x.name as keyof typeof all];
      const offer = after.offers.find((o) => o.contactId === cid)!;
      expect(offer.receivedAt).toBeGreaterThanOrEqual(before.get(cid)!.notBefore!);
    }

    // No (callback, attempt) twice: the record holds 1..n per callback, the attempts before the crash unchanged.
    expect(await attemptProblems()).toEqual([]);
    for (const [callbackId, was] of before) {
      const now = await snapshot(apis[0], callbackId);
      expect({ name: names.get(callbackId), status: now.status, attemptsMade: now.attemptsMade }).toEqual({
        name: names.get(callbackId),
        status: 'completed',
        attemptsMade: was.attemptsMade + 1,
      });
      expect(now.attempts.slice(0, was.attemptsMade)).toEqual(was.attempts);
      expect(now.attempts[was.attemptsMade]).toMatchObject({
        attempt: was.attemptsMade + 1,
        agentId,
        outcome: 'reached',
      });
      expect(now.firstArrivedAt).toBe(was.firstArrivedAt);
    }
  }, 180_000);

  it('leaves no callback stranded that comes due while Redis restarts empty under running processes', async () => {
    // Callbacks whose windows open one after another, 75 ms apart, across the moments Redis is restarted and the
    // worker rebuilds the routing index and the callback timers. Each must end up indexed (it has a position), whether
    // the index rebuild found it due or its rebuilt timer announced it.
    const began = Date.now();
    const first = began + 6_000;
    const ids: { id: string; notBefore: number }[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const at = first + i * 75;
        const receipt = await ok(pick(), 'POST', '/callbacks', serviceToken, {
          idempotencyKey: `around-restart-${i}`,
          queueId: formQueueId,
          language: 'fi',
          number: `+3584012350${String(i).padStart(2, '0')}`,
          window: { notBefore: new Date(at).toISOString().replace('Z', '+00:00') },
        });
        ids.push({ id: receipt.callback.id as string, notBefore: receipt.callback.nextAttemptAt as number });
      }),
    );
    ids.sort((x, y) => x.notBefore - y.notBefore);
    expect(ids[0].notBefore).toBeGreaterThan(Date.now() + 1_000);
    const linesBefore = timerLinesOf(worker).length;
    await sleep(Math.max(0, first - 150 - Date.now()));
    const stoppedAt = Date.now();
    await ownRedis.stop();
    await ownRedis.start();
    const startedAt = Date.now();
    // Every window has opened, and the rebuilt timers had time to fire.
    await sleep(Math.max(0, ids[ids.length - 1].notBefore + 8_000 - Date.now()));
    const positions = await Promise.all(
      ids.map(async ({ id: callbackId, notBefore }) => {
        const where = await ok(pick(), 'GET', `/contacts/${callbackId}/position`, serviceToken);
        return { notBefore, sinceRestart: notBefore - startedAt, state: where.state, position: where.position };
      }),
    );
    const stranded = positions.filter((p) => p.position === null);
    log(
      `Redis stopped at ${stoppedAt}, back at ${startedAt}; windows opened ${ids[0].notBefore - startedAt}..${ids[ids.length - 1].notBefore - startedAt} ms after it`,
      ...timerLinesOf(worker).slice(linesBefore),
      `stranded (due, not indexed): ${stranded.length}${stranded.length ? `: windows at ${stranded.map((p) => p.sinceRestart).join(', ')} ms after Redis came back` : ''}`,
      `took ${Date.now() - began} ms`,
    );
    expect(positions.filter((p) => p.state !== 'callback-pending')).toEqual([]);
    expect(stranded).toEqual([]);
  }, 60_000);
});
