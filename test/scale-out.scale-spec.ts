import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { OfferPayload, StreamEnvelope } from '@tuki/contracts';
import { TEST_DATABASE_URL, TEST_REDIS_URL, deleteTestKeys, dropTestSchema, freePort, testConfig } from '@tuki/testing';
import {
  doubleOffersInHistory,
  doubleOffersOnSockets,
  heldIntervals,
  lostContacts,
  orderViolations,
  overCapacityInHistory,
  overCapacityOnSockets,
  type Capacity,
  type Channel,
  type ContactRow,
  type HistoryRow,
  type Priority,
  type SocketOffer,
} from './support/routing-audit';
import { send } from './support/http';
import { MAINS, Processes, enrolAndSignIn, ok, waitReady, type NodeProcess } from './support/processes';

/*
 * Scale-out: two api processes and two workers (the built dist) on one PostgreSQL schema and one Redis prefix, with a
 * dozen simulated agents whose sockets are spread over both api processes. Proves the "must hold" rules of routing
 * from the stored history and from what every socket received, then kills an api process and a worker with -9.
 */

const AGENTS = 12;
const CONTACTS = 600;
const BATCH = 24;
const OFFER_TIMEOUT_MS = 5000;
const COOLDOWN_MS = 60_000;
const CAPACITY: Capacity = { voice: 1, chat: 2, callback: 0 };
const PASSWORD = 'a long scale-out passphrase';
const SKILL = 'crisis';

const id = randomBytes(4).toString('hex');
const schema = `t_scale_${id}`;
const prefix = `t-scale-${id}`;
const dataDir = mkdtempSync(join(tmpdir(), 'tuki-scale-out-'));
const baseEnv: Record<string, string> = {
  DATABASE_URL: TEST_DATABASE_URL,
  DATABASE_SCHEMA: schema,
  REDIS_URL: TEST_REDIS_URL,
  REDIS_PREFIX: prefix,
  REDIS_AUTOSTART: 'false',
  DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

// ---------------------------------------------------------------------------------------------------------------------
// Processes

const processes = new Processes(() => baseEnv, dataDir);

// ---------------------------------------------------------------------------------------------------------------------
// HTTP

interface Api {
  index: number;
  url: string;
  proc: NodeProcess;
  alive: boolean;
}
const apis: Api[] = [];
const workers: NodeProcess[] = [];
const aliveApis = () => apis.filter((a) => a.alive);

const call = send;

// ---------------------------------------------------------------------------------------------------------------------
// The simulated world: callers (the service credential) and agents (sockets)

let serviceToken = '';
let supervisorToken = '';
let queueId = '';
let helplineId = '';
let ageingMs = 600_000;
/** When the "caller" sent a hang-up, per contact: a lower bound of when any agent's hold on it ended. */
const abandonSentAt = new Map<string, number>();
const createdIds: string[] = [];
const pending = new Set<Promise<unknown>>();
const errors: string[] = [];

function track<T>(promise: Promise<T>): Promise<T | undefined> {
  const tracked = promise.catch((error: unknown) => {
    errors.push((error as Error).message);
    return undefined;
  });
  pending.add(tracked);
  void tracked.finally(() => pending.delete(tracked));
  return tracked;
}

interface Received {
  contactId: string;
  channel: Channel;
  deadline: number;
  receivedAt: number;
  outcome?: 'declined' | 'lapsed' | 'accepted' | 'accept-refused' | 'held';
  declineSentAt?: number;
  completeSentAt?: number;
  acceptSentAt?: number;
  /** A refused accept's answer: status and error code. */
  acceptReply?: string;
}

type Mode = 'work' | 'hold';

class SimAgent {
  readonly offers: Received[] = [];
  mode: Mode = 'work';
  socket?: Socket;
  deadAt?: number;
  private beat?: NodeJS.Timeout;

  constructor(
    readonly id: string,
    readonly login: string,
    readonly token: string,
    readonly api: Api,
  ) {}

  async connect(): Promise<void> {
    const socket = io(this.api.url, {
      transports: ['websocket'],
      auth: { token: this.token },
      reconnection: false,
      forceNew: true,
    });
    socket.on('offer.created', (envelope: StreamEnvelope<OfferPayload>) => this.onOffer(envelope.data));
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => done());
      socket.once('connect_error', fail);
    });
    this.socket = socket;
    this.beat = setInterval(() => {
      if (socket.connected) socket.emit('presence.heartbeat', () => undefined);
    }, 2000);
  }

  close(): void {
    clearInterval(this.beat);
    this.socket?.disconnect();
  }

  async setState(state: 'available' | 'away'): Promise<number> {
    const api = aliveApis().includes(this.api) ? this.api : pick(aliveApis());
    const reply = await call(api, 'POST', '/agents/me/state', this.token, {
      state,
      ...(state === 'away' ? { reason: 'break' } : {}),
    });
    return reply.status;
  }

  /** What this socket received, with the earliest moment each hold can have ended. */
  socketOffers(): SocketOffer[] {
    return this.offers.map((o) => {
      const bounds = [o.declineSentAt, o.completeSentAt, abandonSentAt.get(o.contactId), this.deadAt].filter(
        (t): t is number => t !== undefined,
      );
      if (o.outcome !== 'accepted') bounds.push(o.deadline);
      return {
        agentId: this.id,
        contactId: o.contactId,
        channel: o.channel,
        deadline: o.deadline,
        receivedAt: o.receivedAt,
        safeCloseAt: bounds.length ? Math.min(...bounds) : Infinity,
      };
    });
  }

  private onOffer(data: OfferPayload): void {
    const offer: Received = {
      contactId: data.contactId,
      channel: data.channel as Channel,
      deadline: data.deadline,
      receivedAt: Date.now(),
    };
    this.offers.push(offer);
    if (this.mode === 'hold') {
      offer.outcome = 'held';
      return;
    }
    void track(this.answer(offer));
  }

  private async answer(offer: Received): Promise<void> {
    const roll = Math.random();
    await sleep(between(20, 300));
    if (roll < 0.08) {
      offer.declineSentAt = Date.now();
      const reply = await call(pick(aliveApis()), 'POST', `/offers/${offer.contactId}/decline`, this.token);
      offer.outcome = reply.status < 300 ? 'declined' : 'accept-refused';
      return;
    }
    if (roll < 0.12) {
      // Let it lapse; routing sets an agent away after three misses in a row, so come back after the deadline.
      offer.outcome = 'lapsed';
      await sleep(Math.max(0, offer.deadline - Date.now()) + 1500);
      if (this.mode === 'work') await this.setState('available');
      return;
    }
    if (roll < 0.15) {
      // The caller hangs up just as the agent answers: the accept and the hang-up race on different processes.
      void track(hangUp(offer.contactId));
    }
    offer.acceptSentAt = Date.now();
    const accepted = await call(pick(aliveApis()), 'POST', `/offers/${offer.contactId}/accept`, this.token);
    if (accepted.status !== 200) {
      offer.outcome = 'accept-refused';
      offer.acceptReply = `${accepted.status} ${JSON.stringify(accepted.body)}`;
      return;
    }
    offer.outcome = 'accepted';
    await sleep(between(100, 700));
    const ended = await call(pick(aliveApis()), 'POST', `/contacts/${offer.contactId}/end`, this.token);
    if (ended.status !== 200 && ended.status !== 409) throw new Error(`end: ${ended.status}`);
    await sleep(between(20, 200));
    offer.completeSentAt = Date.now();
    const done = await call(pick(aliveApis()), 'POST', `/contacts/${offer.contactId}/complete`, this.token);
    if (done.status !== 200) {
      offer.completeSentAt = undefined;
      throw new Error(`complete ${offer.contactId}: ${done.status} ${JSON.stringify(done.body)}`);
    }
  }
}

const agents: SimAgent[] = [];

async function hangUp(contactId: string): Promise<void> {
  if (abandonSentAt.has(contactId)) return;
  abandonSentAt.set(contactId, Date.now());
  const reply = await call(pick(aliveApis()), 'POST', `/contacts/${contactId}/abandon`, serviceToken);
  // 409: the contact had already ended; the hang-up changed nothing.
  if (reply.status !== 200 && reply.status !== 409) throw new Error(`abandon: ${reply.status}`);
}

const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'normal', 'normal', 'low'];

async function createContact(key: string, channel?: Channel, api = pick(aliveApis())): Promise<string> {
  const body = await ok(api, 'POST', '/contacts', serviceToken, {
    idempotencyKey: `${key}-${id}`,
    queueId,
    channel: channel ?? (Math.random() < 0.5 ? 'voice' : 'chat'),
    language: 'fi',
    priority: pick(PRIORITIES),
  });
  createdIds.push(body.id as string);
  return body.id as string;
}

// ---------------------------------------------------------------------------------------------------------------------
// Reading the record

let pg: Client;
let redis: Redis;

async function loadContacts(): Promise<Map<string, ContactRow>> {
  const { rows } = await pg.query<{
    id: string;
    channel: Channel;
    priority: Priority;
    first_arrived_at: string;
    state: string;
    agent_id: string | null;
    queue_id: string;
    language: string;
  }>(`SELECT id, channel, priority, first_arrived_at, state, agent_id, queue_id, language FROM "${schema}".contacts`);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        channel: r.channel,
        priority: r.priority,
        firstArrivedAt: Number(r.first_arrived_at),
        state: r.state,
        agentId: r.agent_id,
        queueId: r.queue_id,
        language: r.language,
      },
    ]),
  );
}

async function loadHistory(): Promise<HistoryRow[]> {
  const { rows } = await pg.query<{
    seq: number;
    contact_id: string;
    at: string;
    from_state: string | null;
    to_state: string;
    change: string;
    agent_id: string | null;
  }>(
    `SELECT seq, contact_id, at, from_state, to_state, change, agent_id FROM "${schema}".contact_history ORDER BY seq`,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    contactId: r.contact_id,
    at: Number(r.at),
    from: r.from_state,
    to: r.to_state,
    change: r.change,
    agentId: r.agent_id,
  }));
}

async function holdingCount(): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".contacts WHERE state IN ('offered', 'connected', 'wrap-up')`,
  );
  return Number(rows[0].n);
}

async function undispatched(): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".outbox_events WHERE dispatched_at IS NULL`,
  );
  return Number(rows[0].n);
}

async function agentStates(api: Api): Promise<Map<string, { state: string; awayReason: string | null }>> {
  const list = (await call(api, 'GET', '/agents', supervisorToken)).body as unknown as {
    id: string;
    state: string;
    awayReason: string | null;
  }[];
  return new Map(list.map((a) => [a.id, { state: a.state, awayReason: a.awayReason }]));
}

/** Waits until nothing is held and nothing is in flight for a couple of seconds in a row. */
async function waitQuiet(ms: number): Promise<number | string[]> {
  const started = Date.now();
  let quietSince: number | undefined;
  while (Date.now() - started < ms) {
    const busy = pending.size > 0 || (await holdingCount()) > 0 || (await undispatched()) > 0;
    if (busy) quietSince = undefined;
    else if (quietSince === undefined) quietSince = Date.now();
    else if (Date.now() - quietSince >= 2000) return Date.now() - started;
    await sleep(300);
  }
  return [
    `not quiet after ${ms} ms: ${pending.size} in flight, ${await holdingCount()} held`,
    ...(await describeHeld()),
  ];
}

/** For a failure: the contacts still held, with their history, what the index says and what the agent's socket saw. */
async function describeHeld(): Promise<string[]> {
  const contacts = await loadContacts();
  const history = await loadHistory();
  const lines: string[] = [];
  const p = `{${prefix}}:rt:${helplineId}:`;
  for (const c of contacts.values()) {
    if (!['offered', 'connected', 'wrap-up'].includes(c.state)) continue;
    const steps = history
      .filter((h) => h.contactId === c.id)
      .map((h) => `${h.change}->${h.to}@${h.at}${h.agentId ? `(${h.agentId.slice(0, 8)})` : ''}`)
      .join(' ');
    const offer = await redis.hgetall(`${p}o:${c.id}`);
    const lease = await redis.zscore(`${p}leases`, c.id);
    const seen = agents
      .flatMap((a) => a.offers.map((o) => ({ a, o })))
      .filter(({ o }) => o.contactId === c.id)
      .map(
        ({ a, o }) =>
          `${a.id.slice(0, 8)}:${o.outcome ?? '?'}${o.acceptReply ? ` (${o.acceptReply})` : ''}@${o.receivedAt}`,
      )
      .join(', ');
    lines.push(
      `${c.channel}/${c.state} ${c.id} agent ${c.agentId?.slice(0, 8) ?? '-'} | ${steps} | index offer ${JSON.stringify(offer)} lease ${lease ?? '-'} | sockets: ${seen} | abandon sent ${abandonSentAt.get(c.id) ?? '-'}`,
    );
  }
  lines.push(
    ...workers.map(
      (w) => `${w.name} (exit ${w.child.exitCode ?? w.child.signalCode ?? 'running'}): ${w.output.slice(-1500)}`,
    ),
  );
  lines.push(...apis.map((a) => `${a.proc.name}: ${a.proc.output.slice(-1500)}`));
  return lines;
}

const capacityOf = (): Capacity => CAPACITY;
const log = (...lines: string[]) => process.stdout.write(`[scale-out] ${lines.join('\n[scale-out] ')}\n`);
const sample = (list: readonly string[], n = 15) =>
  list.length === 0
    ? ''
    : `\n  ${list.slice(0, n).join('\n  ')}${list.length > n ? `\n  ... ${list.length - n} more` : ''}`;

/** Queued contacts that an available agent with room (and no cooldown) could take now: stranded, not waiting. */
async function strandedContacts(contacts: Map<string, ContactRow>, history: HistoryRow[]): Promise<string[]> {
  const states = await agentStates(aliveApis()[0]);
  const intervals = heldIntervals(history, contacts);
  const now = Date.now();
  const stranded: string[] = [];
  for (const contact of contacts.values()) {
    if (contact.state !== 'queued') continue;
    const queuedFor = now - (history.filter((h) => h.contactId === contact.id).pop()?.at ?? now);
    if (queuedFor < 3000) continue;
    const could = agents.filter((agent) => {
      const state = states.get(agent.id)?.state;
      if (state !== 'available' && state !== 'busy') return false;
      const held = [...contacts.values()].filter(
        (c) =>
          c.agentId === agent.id &&
          c.channel === contact.channel &&
          ['offered', 'connected', 'wrap-up'].includes(c.state),
      ).length;
      if (held >= CAPACITY[contact.channel]) return false;
      return !intervals.some(
        (h) =>
          h.agentId === agent.id &&
          h.contactId === contact.id &&
          (h.offerOutcome === 'decline' || h.offerOutcome === 'offer-timeout') &&
          h.offerOutcomeAt > now - COOLDOWN_MS - 1000,
      );
    });
    if (could.length > 0) {
      stranded.push(
        `${contact.channel}/${contact.priority} ${contact.id} queued for ${queuedFor} ms while ${could.length} agents could take it (e.g. ${could[0].id})`,
      );
    }
  }
  return stranded;
}

/** The routing index's count of what each agent holds, against the record's. */
async function loadMismatches(contacts: Map<string, ContactRow>): Promise<string[]> {
  const problems: string[] = [];
  for (const agent of agents) {
    const held = await redis.hvals(`{${prefix}}:rt:${helplineId}:a:${agent.id}:held`);
    for (const channel of ['voice', 'chat'] as const) {
      const indexLoad = held.filter((c) => c === channel).length;
      const recordLoad = [...contacts.values()].filter(
        (c) => c.agentId === agent.id && c.channel === channel && ['offered', 'connected', 'wrap-up'].includes(c.state),
      ).length;
      if (indexLoad !== recordLoad) {
        problems.push(`agent ${agent.id} ${channel}: index load ${indexLoad}, record holds ${recordLoad}`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  for (const main of [MAINS.api, MAINS.worker, MAINS.cli]) {
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  }
  // The CLI creates the schema, secrets.json and keyring.json that every process then shares.
  const created = await processes.runCli(
    ['create-admin', '--helpline', 'Scale line', '--login', 'scale.admin'],
    `${PASSWORD}\n`,
  );
  if (created.code !== 0) throw new Error(`create-admin failed: ${created.output}`);

  const ports = await Promise.all(Array.from({ length: 6 }, freePort));
  for (let i = 0; i < 2; i++) {
    const proc = processes.spawn(`api${i}`, MAINS.api, {
      PORT: String(ports[i]),
      WORKER_HEALTH_PORT: String(ports[i + 4]),
    });
    apis.push({ index: i, url: `http://127.0.0.1:${ports[i]}`, proc, alive: true });
  }
  for (let i = 0; i < 2; i++) {
    workers.push(processes.spawn(`worker${i}`, MAINS.worker, { PORT: '0', WORKER_HEALTH_PORT: String(ports[i + 2]) }));
  }
  await Promise.all([
    ...apis.map((api) => waitReady(`${api.url}/ready`, api.proc)),
    ...workers.map((worker, i) => waitReady(`http://127.0.0.1:${ports[i + 2]}/health`, worker)),
  ]);

  pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });

  const [a0, a1] = apis;
  const adminToken = await enrolAndSignIn(a0, 'scale.admin', PASSWORD);
  helplineId = (await ok(a0, 'GET', '/staff/me', adminToken)).helplineId as string;
  const queue = await ok(a1, 'POST', '/routing-queues', adminToken, {
    name: 'Scale queue',
    languages: ['fi'],
    requiredSkills: { [SKILL]: 3 },
    offerTimeoutSeconds: OFFER_TIMEOUT_MS / 1000,
    voiceBlocksChat: false,
  });
  queueId = queue.id as string;
  ageingMs = (queue.ageingSeconds as number) * 1000;
  serviceToken = (await ok(a0, 'POST', '/service-credentials', adminToken, { name: 'Scale adapter' })).token as string;
  await ok(a1, 'POST', '/staff/users', adminToken, {
    login: 'scale.supervisor',
    displayName: 'Scale supervisor',
    roles: ['supervisor'],
    password: PASSWORD,
  });
  supervisorToken = await enrolAndSignIn(a1, 'scale.supervisor', PASSWORD);

  await Promise.all(
    Array.from({ length: AGENTS }, async (_, i) => {
      const api = apis[i % 2];
      const login = `scale.agent${i}`;
      const user = await ok(api, 'POST', '/staff/users', adminToken, {
        login,
        displayName: `Agent ${i}`,
        roles: ['agent'],
        password: PASSWORD,
      });
      await ok(api, 'PUT', `/agents/${user.id as string}/profile`, adminToken, {
        languages: ['fi'],
        skills: { [SKILL]: 5 },
        capacity: CAPACITY,
      });
      const tokens = await ok(api, 'POST', '/auth/sign-in', undefined, { login, password: PASSWORD });
      const agent = new SimAgent(user.id as string, login, tokens.accessToken as string, api);
      await agent.connect();
      agents[i] = agent;
    }),
  );
}, 150_000);

afterAll(async () => {
  for (const agent of agents) agent?.close();
  await processes.killAll();
  await pg?.end().catch(() => undefined);
  redis?.disconnect();
  const config = testConfig('scale-cleanup', { env: { DATABASE_SCHEMA: schema, REDIS_PREFIX: prefix } });
  await dropTestSchema(config);
  await deleteTestKeys(config);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(config.dataDir, { recursive: true, force: true });
}, 60_000);

describe('scale-out: 2 api + 2 worker processes on one Redis and one PostgreSQL', () => {
  it('routes a burst of contacts with no double offer, no agent over capacity, none lost, in rank order', async () => {
    const began = Date.now();
    await Promise.all(agents.map(async (agent) => expect(await agent.setState('available')).toBe(200)));

    // Breaks: now and then a few agents step away and come back.
    let firing = true;
    const breaks = (async () => {
      while (firing) {
        await sleep(2500);
        for (const agent of [pick(agents), pick(agents)]) {
          void track(
            (async () => {
              if ((await agent.setState('away')) !== 200) return;
              await sleep(between(800, 2500));
              await agent.setState('available');
            })(),
          );
        }
      }
    })();

    for (let sent = 0; sent < CONTACTS; sent += BATCH) {
      const ids = await Promise.all(
        Array.from({ length: Math.min(BATCH, CONTACTS - sent) }, (_, i) => createContact(`c${sent + i}`)),
      );
      // Some callers give up while waiting (or talking).
      for (const contactId of ids) {
        if (Math.random() < 0.06) void track(sleep(between(0, 4000)).then(() => hangUp(contactId)));
      }
      await sleep(between(50, 250));
    }
    const firedMs = Date.now() - began;
    firing = false;
    await breaks;
    // Breaks end in available; make sure every agent is back before quiet is judged.
    await Promise.all(pending);
    await Promise.all(agents.map((agent) => agent.setState('available')));
    const quiet = await waitQuiet(30_000);
    const quietMs = typeof quiet === 'number' ? quiet : -1;
    if (typeof quiet !== 'number') log(`NOT QUIET${sample(quiet, 40)}`);

    const contacts = await loadContacts();
    const history = await loadHistory();
    const intervals = heldIntervals(history, contacts);
    const socketOffers = agents.flatMap((a) => a.socketOffers());
    const rule1History = doubleOffersInHistory(history);
    const rule1Sockets = doubleOffersOnSockets(socketOffers);
    const rule2History = overCapacityInHistory(intervals, capacityOf, 1000);
    const rule2Sockets = overCapacityOnSockets(socketOffers, capacityOf);
    const rule3 = lostContacts(contacts.values(), history);
    const claims = new Map<string, number[]>();
    for (const o of socketOffers)
      claims.set(o.contactId, [...(claims.get(o.contactId) ?? []), o.deadline - OFFER_TIMEOUT_MS]);
    const rule4 = orderViolations({
      history,
      contacts,
      intervals,
      capacityOf,
      ageingMs,
      cooldownMs: COOLDOWN_MS,
      // How long after the record says "queued" the index may first hold a contact: 500 ms held until the cases and
      // statistics read models joined the workers' load on this saturated 2-core machine; with them intake reached
      // the index 500-600 ms late at the burst's peak in a fresh-clone CI run. Longer is still a violation.
      toleranceMs: 700,
      afterMs: 250,
      claims,
    });
    const stranded = await strandedContacts(contacts, history);
    const mismatches = await loadMismatches(contacts);
    const states = [...contacts.values()].reduce<Record<string, number>>(
      (acc, c) => ({ ...acc, [c.state]: (acc[c.state] ?? 0) + 1 }),
      {},
    );
    const outcomes = agents
      .flatMap((a) => a.offers)
      .reduce<Record<string, number>>(
        (acc, o) => ({ ...acc, [o.outcome ?? '?']: (acc[o.outcome ?? '?'] ?? 0) + 1 }),
        {},
      );
    log(
      `contacts ${contacts.size} (${JSON.stringify(states)}), offers in history ${intervals.length}, on sockets ${socketOffers.length} ${JSON.stringify(outcomes)}`,
      `fired in ${firedMs} ms, quiet ${quietMs} ms later; simulator errors ${errors.length}${sample(errors, 5)}`,
      `rule 1 (double offer): history ${rule1History.length}, sockets ${rule1Sockets.length}${sample([...rule1History, ...rule1Sockets])}`,
      `rule 2 (capacity): history ${rule2History.filter((v) => !v.laggy).length} (+${rule2History.filter((v) => v.laggy).length} within the record's lag), sockets ${rule2Sockets.length}${sample([...rule2History.map((v) => `${v.laggy ? '(lag) ' : ''}${v.problem}`), ...rule2Sockets])}`,
      `rule 3 (lost): ${rule3.length}${sample(rule3)}; stranded queued contacts: ${stranded.length}${sample(stranded)}`,
      `index/record load mismatches: ${mismatches.length}${sample(mismatches)}`,
      `rule 4 (order): ${rule4.violations.length} violations, ${rule4.ambiguous} too close to call${sample(rule4.violations.map((v) => v.detail))}`,
    );

    expect(typeof quiet === 'number' ? [] : quiet.slice(0, 1)).toEqual([]);
    expect(contacts.size).toBe(CONTACTS);
    expect(rule1History).toEqual([]);
    expect(rule1Sockets).toEqual([]);
    expect(rule2History.filter((v) => !v.laggy).map((v) => v.problem)).toEqual([]);
    expect(rule2Sockets).toEqual([]);
    expect(rule3).toEqual([]);
    expect(stranded).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(rule4.violations.map((v) => v.detail)).toEqual([]);
  }, 150_000);

  it('survives kill -9 of an api process and of a worker while offers are out', async () => {
    const timeoutSlack = OFFER_TIMEOUT_MS + 2000;
    const [dead, live] = apis;
    const deadAgents = agents.filter((a) => a.api === dead);
    const liveAgents = agents.filter((a) => a.api === live);
    for (const agent of deadAgents) agent.mode = 'hold';
    await Promise.all(agents.map((agent) => agent.setState('available')));

    // Offers out to the agents on the api about to die: they keep them without answering.
    const burst = await Promise.all(Array.from({ length: 24 }, (_, i) => createContact(`kill-api-${i}`)));
    const holding = () =>
      deadAgents.filter((a) => a.offers.some((o) => o.outcome === 'held' && o.deadline > Date.now() + 2500));
    const waitStart = Date.now();
    while (holding().length < 3 && Date.now() - waitStart < 10_000) await sleep(100);
    expect(holding().length).toBeGreaterThanOrEqual(3);

    const killedAt = Date.now();
    dead.alive = false;
    dead.proc.child.kill('SIGKILL');
    await dead.proc.exited;
    for (const agent of deadAgents) agent.deadAt = killedAt;
    log(`killed api0 at ${killedAt}; ${holding().length} of its agents held offers; burst of ${burst.length}`);

    // The lost agents leave routing: offline by the heartbeat sweep (or away, if three offers lapsed first).
    const seen = new Map<string, { state: string; after: number; reason: string | null }>();
    while (seen.size < deadAgents.length && Date.now() - killedAt < 16_000) {
      const states = await agentStates(live);
      for (const agent of deadAgents) {
        const s = states.get(agent.id);
        if (!seen.has(agent.id) && s && (s.state === 'offline' || s.state === 'away')) {
          seen.set(agent.id, { state: s.state, after: Date.now() - killedAt, reason: s.awayReason });
        }
      }
      await sleep(250);
    }
    log(`dead api's agents: ${JSON.stringify([...seen.values()])}`);

    // Every offer to them (before or after the kill) went back to queued or on within the offer timeout + 2 s.
    await sleep(timeoutSlack + 500);
    let history = await loadHistory();
    let contacts = await loadContacts();
    const deadIds = new Set(deadAgents.map((a) => a.id));
    const late = heldIntervals(history, contacts)
      .filter((h) => deadIds.has(h.agentId) && h.offerAt >= killedAt - OFFER_TIMEOUT_MS - 1000)
      .filter((h) => h.offerOutcome === null || h.offerOutcomeAt - h.offerAt > timeoutSlack)
      .map(
        (h) =>
          `${h.contactId} offered to ${h.agentId} at ${h.offerAt}: ${h.offerOutcome ?? 'still open'} at ${h.offerOutcomeAt}`,
      );
    const returnedAfterKill = heldIntervals(history, contacts).filter(
      (h) => deadIds.has(h.agentId) && h.offerAt >= killedAt - OFFER_TIMEOUT_MS - 1000,
    );
    log(
      `offers to the dead api's agents around the kill: ${returnedAfterKill.length} (${JSON.stringify(
        returnedAfterKill.reduce<Record<string, number>>(
          (acc, h) => ({ ...acc, [h.offerOutcome ?? 'open']: (acc[h.offerOutcome ?? 'open'] ?? 0) + 1 }),
          {},
        ),
      )}); late: ${late.length}${sample(late)}`,
    );
    expect(seen.size).toBe(deadAgents.length);
    expect(Math.max(...[...seen.values()].map((s) => s.after))).toBeLessThan(12_500);
    expect(late).toEqual([]);
    expect(returnedAfterKill.length).toBeGreaterThan(0);

    // Now a worker: the other one must reap the offers and deliver the outbox.
    await waitQuiet(30_000).catch(() => undefined);
    const holders = liveAgents.slice(0, 3);
    for (const agent of holders) agent.mode = 'hold';
    await Promise.all(liveAgents.map((agent) => agent.setState('available')));
    const held = () =>
      holders.filter((a) => a.offers.some((o) => o.outcome === 'held' && o.deadline > Date.now() + 2500));
    // The working agents may take a batch before the holders are offered any: send more until two holders hold one.
    for (let batch = 0; batch < 4 && held().length < 2; batch++) {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => createContact(`kill-worker-${batch}-${i}`, undefined, live)),
      );
      const holdStart = Date.now();
      while (held().length < 2 && Date.now() - holdStart < 5_000) await sleep(100);
    }
    expect(held().length).toBeGreaterThanOrEqual(2);
    const workerKilledAt = Date.now();
    workers[0].child.kill('SIGKILL');
    await workers[0].exited;
    const after = await createContact('after-worker-kill', 'chat', live);
    const offeredAfter = await (async () => {
      const start = Date.now();
      while (Date.now() - start < 15_000) {
        const got = liveAgents.flatMap((a) => a.offers).find((o) => o.contactId === after);
        if (got) return got.receivedAt - workerKilledAt;
        await sleep(100);
      }
      return undefined;
    })();
    await sleep(timeoutSlack + 500);
    if (offeredAfter === undefined) log(`AFTER WORKER KILL${sample(await describeHeld(), 40)}`);
    history = await loadHistory();
    contacts = await loadContacts();
    const checkedAt = Date.now();
    const holderIds = new Set(holders.map((a) => a.id));
    // Offers around the kill whose deadline (plus the slack) has passed by now: each must be back by then.
    const aroundWorkerKill = heldIntervals(history, contacts).filter(
      (h) =>
        holderIds.has(h.agentId) &&
        h.offerAt >= workerKilledAt - OFFER_TIMEOUT_MS - 1000 &&
        h.offerAt <= checkedAt - timeoutSlack,
    );
    const lateAfterWorker = aroundWorkerKill
      .filter((h) => h.offerOutcome === null || h.offerOutcomeAt - h.offerAt > timeoutSlack)
      .map(
        (h) =>
          `${h.contactId} offered to ${h.agentId} at ${h.offerAt}: ${h.offerOutcome ?? 'still open'} at ${h.offerOutcomeAt}`,
      );
    const rule1 = doubleOffersInHistory(history);
    const rule1Sockets = doubleOffersOnSockets(agents.flatMap((a) => a.socketOffers()));
    const rule2 = overCapacityInHistory(heldIntervals(history, contacts), capacityOf, 1000).filter((v) => !v.laggy);
    log(
      `killed worker0 at ${workerKilledAt}; contact created after it offered ${offeredAfter ?? 'never'} ms after the kill`,
      `offers to holding agents around the worker kill: ${aroundWorkerKill.length}; late: ${lateAfterWorker.length}${sample(lateAfterWorker)}`,
      `whole run: rule 1 history ${rule1.length}, sockets ${rule1Sockets.length}; rule 2 history ${rule2.length}${sample([...rule1, ...rule1Sockets, ...rule2.map((v) => v.problem)])}`,
    );
    expect(offeredAfter).toBeDefined();
    expect(aroundWorkerKill.length).toBeGreaterThan(0);
    expect(lateAfterWorker).toEqual([]);
    expect(rule1).toEqual([]);
    expect(rule1Sockets).toEqual([]);
    expect(rule2.map((v) => v.problem)).toEqual([]);
  }, 90_000);
});
