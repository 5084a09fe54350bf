import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  SUPERVISOR_NAMESPACE,
  type MetricsMessage,
  type OfferPayload,
  type ScopeFigures,
  type StreamEnvelope,
  type SupervisorSnapshot,
} from '@tuki/contracts';
import { METRIC_EVENT_TYPES } from '@tuki/metrics';
import { TEST_DATABASE_URL, TEST_REDIS_URL, deleteTestKeys, dropTestSchema, freePort, testConfig } from '@tuki/testing';
import { until } from './support/http';
import { MAINS, Processes, enrolAndSignIn, ok, waitReady, type NodeProcess } from './support/processes';

/*
 * Issue 7's scale-out proof: two api processes (A and B) and a worker (the built dist) on one PostgreSQL schema and
 * one Redis prefix, a supervisor's dashboard socket on each. Every event goes in through A only; both dashboards must
 * show the same figures, and both must equal a recount made here with SQL from the stored record (contacts, their
 * history, callbacks, agent profiles), never through the metrics code. Again after B's socket reconnects, after B is
 * killed with -9 and restarted, and after more events through A.
 */

const PASSWORD = 'a long metrics scale-out passphrase';
const ZONE = 'Europe/Helsinki';
/** The consumer that folds events into the live aggregates (libs/metrics, MetricsEventsConsumer). */
const SHORT_ABANDON_MS = 5000;

const id = randomBytes(4).toString('hex');
const schema = `t_mscale_${id}`;
const prefix = `t-mscale-${id}`;
const dataDir = mkdtempSync(join(tmpdir(), 'tuki-metrics-scale-'));
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
const log = (...lines: string[]) =>
  process.stdout.write(`[metrics-scale-out] ${lines.join('\n[metrics-scale-out] ')}\n`);

const processes = new Processes(() => baseEnv, dataDir);

interface Api {
  name: string;
  url: string;
  port: number;
  healthPort: number;
  proc: NodeProcess;
}

function startApi(name: string, port: number, healthPort: number): Api {
  const proc = processes.spawn(name, MAINS.api, { PORT: String(port), WORKER_HEALTH_PORT: String(healthPort) });
  return { name, url: `http://127.0.0.1:${port}`, port, healthPort, proc };
}

// ---------------------------------------------------------------------------------------------------------------------
// Clients: a supervisor's dashboard (applies the numbered messages as the page does) and an agent's desk

/** The figures of a snapshot that do not move with the clock alone (arrival rates and what is computed from them do). */
function settled(snapshot: SupervisorSnapshot) {
  const scope = ({ arrivalsPerMinute: _a, surge: _s, ...rest }: ScopeFigures) => rest;
  return {
    day: snapshot.day,
    complete: snapshot.complete,
    overall: scope(snapshot.overall),
    queues: snapshot.queues.map(scope),
    languages: snapshot.languages.map(scope),
    staffing: snapshot.staffing.map(({ language, open, ahtSeconds, patienceSeconds, target, present }) => ({
      language,
      open,
      ahtSeconds,
      patienceSeconds,
      target,
      present,
    })),
    agents: snapshot.agents,
    overdueCallbacks: snapshot.overdueCallbacks,
  };
}

/**
 * Everything two dashboards must agree on: the whole snapshot but the moment it was built and the arrival rates
 * (sliding with the clock: checked apart, against the recount at each snapshot's own moment).
 */
function shared(snapshot: SupervisorSnapshot) {
  const { generatedAt: _g, ...rest } = snapshot;
  const scope = <T extends ScopeFigures>({ arrivalsPerMinute: _a, ...figures }: T) => figures;
  return {
    ...rest,
    overall: scope(rest.overall),
    queues: rest.queues.map(scope),
    languages: rest.languages.map(scope),
    staffing: rest.staffing.map(({ arrivalsPerHour: _r, ...s }) => s),
  };
}

class Dashboard {
  snapshot?: SupervisorSnapshot;
  seq = 0;
  gaps = 0;
  messages = 0;
  /** Full snapshots received: one per (re)connection. */
  snapshots = 0;
  disconnects = 0;
  /** When the settled figures last changed (a message that only moves the rates does not count). */
  changedAt = 0;
  private settledKey = '';

  private constructor(
    readonly name: string,
    readonly socket: Socket,
  ) {
    socket.on('disconnect', () => (this.disconnects += 1));
    socket.on('metrics.snapshot', (message: MetricsMessage) => {
      this.snapshots += 1;
      this.seq = message.seq;
      this.take(message.parts as SupervisorSnapshot);
    });
    socket.on('metrics.changed', (message: MetricsMessage) => {
      this.messages += 1;
      if (message.seq !== this.seq + 1) this.gaps += 1;
      this.seq = message.seq;
      this.take({ ...this.snapshot!, ...message.parts });
    });
  }

  /**
   * `reconnect`: as the page does, the socket comes back by itself after a drop (the server sends it a full snapshot
   * again on connect).
   */
  static async open(name: string, api: Api, token: string, reconnect = false): Promise<Dashboard> {
    const socket = io(api.url + SUPERVISOR_NAMESPACE, {
      transports: ['websocket'],
      auth: { token },
      reconnection: reconnect,
      reconnectionDelay: 200,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    const dashboard = new Dashboard(name, socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    await until(() => dashboard.snapshot !== undefined, 10_000, `${name}'s first snapshot`);
    return dashboard;
  }

  /** Waits for the next full snapshot after `count` of them (a reconnected socket's). */
  async snapshotAfter(count: number, ms: number): Promise<void> {
    await until(() => this.snapshots > count, ms, `${this.name}'s snapshot #${count + 1}`);
  }

  get quietMs(): number {
    return Date.now() - this.changedAt;
  }

  close(): void {
    this.socket.disconnect();
  }

  private take(snapshot: SupervisorSnapshot): void {
    this.snapshot = snapshot;
    const key = JSON.stringify(settled(snapshot));
    if (key !== this.settledKey) {
      this.settledKey = key;
      this.changedAt = Date.now();
    }
  }
}

/** An agent's desktop: heartbeats (without them the agent is taken offline) and collects offers. */
class Desk {
  readonly offers: OfferPayload[] = [];
  private readonly beat: NodeJS.Timeout;
  private constructor(private readonly socket: Socket) {
    this.beat = setInterval(() => socket.connected && socket.emit('presence.heartbeat', () => undefined), 2000);
    socket.on('offer.created', (e: StreamEnvelope<OfferPayload>) => this.offers.push(e.data));
  }

  static async connect(api: Api, token: string): Promise<Desk> {
    const socket = io(api.url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return new Desk(socket);
  }

  async offerOf(contactId: string): Promise<void> {
    await until(() => this.offers.some((o) => o.contactId === contactId), 10_000, `the offer of ${contactId}`);
  }

  close(): void {
    clearInterval(this.beat);
    this.socket.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The recount: SQL on the stored record only

type Row = Record<string, string | number | boolean | null>;

interface Expected {
  waiting: number;
  oldestWaitingSince: number | null;
  callbacks: { open: number; overdue: number };
  window: {
    arrivals: number;
    answered: number;
    answeredWithinTarget: number;
    abandoned: number;
    shortAbandons: number;
    abandonedWithinTarget: number;
    asaSeconds: number | null;
    serviceLevel: { answeredOnly: number | null; withAbandons: number | null };
    abandonmentRate: number | null;
    handled: number;
    ahtSeconds: number | null;
    offers: { made: number; accepted: number; declined: number; timedOut: number };
    estimates: { count: number; meanSeconds: number | null; meanAbsoluteSeconds: number | null };
    callbacks: { requested: number; completed: number; expired: number };
  };
  agents?: { available: number; busy: number; wrapUp: number; away: number; occupancy: number | null };
}

interface Recount {
  scopes: Record<string, Expected>;
  /** Arrival times (history `created` rows) per scope key, for the rates. */
  arrivals: Record<string, number[]>;
  /** Live callers answered, overall (the chart's answered). */
  answered: number;
  staffing: Record<string, { present: number; ahtSeconds: number }>;
}

const r = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
const ratio = (top: number, bottom: number) => r(bottom > 0 ? top / bottom : null);
const seconds = (ms: number, n: number) => r(n > 0 ? ms / n / 1000 : null);
const n = (v: unknown) => Number(v ?? 0);

/** The scope key of a grouping-sets row: overall, queue:<id> or language:<code>. */
function keyOf(row: Row, by: 'queue' | 'language' | 'both'): string {
  if (by !== 'language' && row.gq === 0) return `queue:${String(row.queue_id)}`;
  if (by !== 'queue' && row.gl === 0) return `language:${String(row.language)}`;
  return 'overall';
}

async function recount(pg: Client, helplineId: string, queues: string[], languages: string[]): Promise<Recount> {
  const s = `"${schema}"`;
  // Each history row with its contact's channel, language and first arrival, its queue's target, and how long the
  // contact had been in the state it leaves (from the previous row that changed the state).
  const history = await pg.query<Row>(
    `WITH h AS (
       SELECT h.seq, h.contact_id, h.at, h.from_state, h.to_state, h.change, h.queue_id, h.reason,
              c.channel, c.language, c.first_arrived_at, c.quote_error_ms, q.target_answer_seconds,
              h.at - LAG(h.at) OVER (PARTITION BY h.contact_id ORDER BY h.seq) AS in_state_ms
         FROM ${s}.contact_history h
         JOIN ${s}.contacts c ON c.id = h.contact_id
         JOIN ${s}.routing_queues q ON q.id = h.queue_id
        WHERE h.helpline_id = $1 AND h.from_state IS DISTINCT FROM h.to_state
     ), x AS (
       SELECT h.*,
              (from_state = 'offered' AND to_state = 'connected' AND channel <> 'callback') AS answered,
              (to_state = 'abandoned' AND from_state IN ('queued', 'offered') AND channel <> 'callback') AS gave_up,
              at - first_arrived_at AS wait_ms
         FROM h
     )
     SELECT GROUPING(queue_id) AS gq, GROUPING(language) AS gl, queue_id, language,
            count(*) FILTER (WHERE change = 'created') AS arrivals,
            count(*) FILTER (WHERE answered) AS answered,
            count(*) FILTER (WHERE answered AND wait_ms <= target_answer_seconds * 1000) AS answered_in_target,
            coalesce(sum(wait_ms) FILTER (WHERE answered), 0) AS answered_wait_ms,
            count(*) FILTER (WHERE gave_up AND reason IS DISTINCT FROM 'short-abandon') AS abandoned,
            count(*) FILTER (WHERE gave_up AND reason = 'short-abandon') AS short_abandons,
            count(*) FILTER (WHERE gave_up AND reason IS DISTINCT FROM 'short-abandon'
                               AND wait_ms <= target_answer_seconds * 1000) AS abandoned_in_target,
            count(*) FILTER (WHERE change = 'offer') AS offers,
            count(*) FILTER (WHERE change = 'accept') AS accepted,
            count(*) FILTER (WHERE change = 'decline') AS declined,
            count(*) FILTER (WHERE change = 'offer-timeout') AS timed_out,
            count(*) FILTER (WHERE change = 'finish-wrap-up') AS handled,
            coalesce(sum(in_state_ms) FILTER (WHERE from_state IN ('connected', 'wrap-up')), 0) AS handle_ms,
            count(*) FILTER (WHERE answered AND quote_error_ms IS NOT NULL) AS estimates,
            coalesce(sum(quote_error_ms) FILTER (WHERE answered), 0) AS estimate_error_ms,
            coalesce(sum(abs(quote_error_ms)) FILTER (WHERE answered), 0) AS estimate_abs_error_ms,
            coalesce(array_agg(at) FILTER (WHERE change = 'created'), '{}') AS arrived_at
       FROM x
      GROUP BY GROUPING SETS ((), (queue_id), (language))`,
    [helplineId],
  );
  const waiting = await pg.query<Row>(
    `SELECT GROUPING(queue_id) AS gq, GROUPING(language) AS gl, queue_id, language,
            count(*) AS waiting, min(first_arrived_at) AS oldest
       FROM ${s}.contacts
      WHERE helpline_id = $1 AND channel <> 'callback' AND state IN ('queued', 'offered')
      GROUP BY GROUPING SETS ((), (queue_id), (language))`,
    [helplineId],
  );
  const callbacks = await pg.query<Row>(
    `SELECT GROUPING(queue_id) AS gq, 1 AS gl, queue_id,
            count(*) AS requested,
            count(*) FILTER (WHERE status = 'open') AS open,
            count(*) FILTER (WHERE status = 'open' AND overdue) AS overdue,
            count(*) FILTER (WHERE status = 'completed') AS completed,
            count(*) FILTER (WHERE status = 'expired') AS expired
       FROM ${s}.callbacks
      WHERE helpline_id = $1
      GROUP BY GROUPING SETS ((), (queue_id))`,
    [helplineId],
  );
  const agents = await pg.query<{ state: string; languages: string }>(
    `SELECT state, languages FROM ${s}.agent_profiles WHERE helpline_id = $1`,
    [helplineId],
  );

  const keys = ['overall', ...queues.map((q) => `queue:${q}`), ...languages.map((l) => `language:${l}`)];
  const scopes: Record<string, Expected> = {};
  const arrivals: Record<string, number[]> = {};
  const handle: Record<string, { ms: number; handled: number }> = {};
  for (const key of keys) {
    const h = history.rows.find((row) => keyOf(row, 'both') === key) ?? {};
    const w = waiting.rows.find((row) => keyOf(row, 'both') === key) ?? {};
    const c = callbacks.rows.find((row) => keyOf(row, 'queue') === key) ?? {};
    const answered = n(h.answered);
    const abandoned = n(h.abandoned);
    const estimates = n(h.estimates);
    handle[key] = { ms: n(h.handle_ms), handled: n(h.handled) };
    arrivals[key] = ((h.arrived_at as unknown as string[] | undefined) ?? []).map(Number);
    scopes[key] = {
      waiting: n(w.waiting),
      oldestWaitingSince: w.oldest === undefined || w.oldest === null ? null : Number(w.oldest),
      callbacks: { open: n(c.open), overdue: n(c.overdue) },
      window: {
        arrivals: n(h.arrivals),
        answered,
        answeredWithinTarget: n(h.answered_in_target),
        abandoned,
        shortAbandons: n(h.short_abandons),
        abandonedWithinTarget: n(h.abandoned_in_target),
        asaSeconds: seconds(n(h.answered_wait_ms), answered),
        serviceLevel: {
          answeredOnly: ratio(n(h.answered_in_target), answered),
          withAbandons: ratio(n(h.answered_in_target) + n(h.abandoned_in_target), answered + abandoned),
        },
        abandonmentRate: ratio(abandoned, answered + abandoned),
        handled: n(h.handled),
        ahtSeconds: seconds(n(h.handle_ms), n(h.handled)),
        offers: { made: n(h.offers), accepted: n(h.accepted), declined: n(h.declined), timedOut: n(h.timed_out) },
        estimates: {
          count: estimates,
          meanSeconds: seconds(n(h.estimate_error_ms), estimates),
          meanAbsoluteSeconds: seconds(n(h.estimate_abs_error_ms), estimates),
        },
        callbacks: { requested: n(c.requested), completed: n(c.completed), expired: n(c.expired) },
      },
    };
  }
  // Agents by state, overall and per language they take.
  const board = (filter: (languages: string[]) => boolean) => {
    const count = (state: string) =>
      agents.rows.filter((a) => a.state === state && filter(JSON.parse(a.languages) as string[])).length;
    const [available, busy, wrapUp, away] = ['available', 'busy', 'wrap-up', 'away'].map(count);
    return { available, busy, wrapUp, away, occupancy: ratio(busy + wrapUp, available + busy + wrapUp) };
  };
  scopes.overall.agents = board(() => true);
  const staffing: Recount['staffing'] = {};
  for (const language of languages) {
    const agentsOf = board((ls) => ls.includes(language));
    scopes[`language:${language}`].agents = agentsOf;
    const { ms, handled } = handle[`language:${language}`];
    staffing[language] = {
      present: agentsOf.available + agentsOf.busy + agentsOf.wrapUp,
      ahtSeconds: handled > 0 ? r(ms / handled / 1000)! : 480,
    };
  }
  return { scopes, arrivals, answered: scopes.overall.window.answered, staffing };
}

/** What a snapshot says about the recounted figures, in the recount's shape. */
function asRecounted(snapshot: SupervisorSnapshot, window: 'today' | 'rolling15') {
  const scopes: Record<string, Expected> = {};
  for (const scope of [snapshot.overall, ...snapshot.queues, ...snapshot.languages]) {
    const w = scope.windows[window];
    scopes[scope.key] = {
      waiting: scope.waiting,
      oldestWaitingSince: scope.oldestWaitingSince,
      callbacks: { open: scope.callbacks.pending + scope.callbacks.due, overdue: scope.callbacks.overdue },
      window: {
        arrivals: w.arrivals,
        answered: w.answered,
        answeredWithinTarget: w.answeredWithinTarget,
        abandoned: w.abandoned,
        shortAbandons: w.shortAbandons,
        abandonedWithinTarget: w.abandonedWithinTarget,
        asaSeconds: r(w.asaSeconds),
        serviceLevel: { answeredOnly: r(w.serviceLevel.answeredOnly), withAbandons: r(w.serviceLevel.withAbandons) },
        abandonmentRate: r(w.abandonmentRate),
        handled: w.handled,
        ahtSeconds: r(w.ahtSeconds),
        offers: w.offers,
        estimates: {
          count: w.estimateError.count,
          meanSeconds: r(w.estimateError.meanSeconds),
          meanAbsoluteSeconds: r(w.estimateError.meanAbsoluteSeconds),
        },
        callbacks: w.callbacks,
      },
      ...(scope.agents ? { agents: { ...scope.agents, occupancy: r(scope.agents.occupancy) } } : {}),
    };
  }
  return scopes;
}

/** The rates a snapshot should show at its own moment, from the recounted arrival times (same sliding estimate). */
function expectedRates(arrivedAt: number[], now: number) {
  const minute = Math.floor(now / 60_000);
  const elapsed = (now % 60_000) / 60_000;
  const inMinute = (m: number) => arrivedAt.filter((at) => Math.floor(at / 60_000) === m).length;
  const rate = (k: number) => {
    let sum = 0;
    for (let m = minute - k + 1; m <= minute; m++) sum += inMinute(m);
    return (sum + (1 - elapsed) * inMinute(minute - k)) / k;
  };
  return { last1: rate(1), last5: rate(5), last15: rate(15) };
}

// ---------------------------------------------------------------------------------------------------------------------
// The world

let pg: Client;
let apiA: Api;
let apiB: Api;
let worker: NodeProcess;
let helplineId = '';
let serviceToken = '';
let supervisorA = '';
let supervisorB = '';
let queue1 = '';
let queue2 = '';
const languages = ['fi', 'sv'];
let agent1: { id: string; token: string; desk?: Desk };
let agent2: { id: string; token: string; desk?: Desk };
let dashA: Dashboard | undefined;
let dashB: Dashboard | undefined;
let sent = 0;

async function arrive(key: string, queueId: string, language: string, channel: 'voice' | 'chat' = 'voice') {
  const body = await ok(apiA, 'POST', '/contacts', serviceToken, {
    idempotencyKey: `${key}-${id}`,
    queueId,
    channel,
    language,
  });
  sent += 1;
  return { id: body.id as string, at: Date.now() };
}

const act = async (path: string, token: string, body?: unknown) => {
  sent += 1;
  return ok(apiA, 'POST', path, token, body);
};

/**
 * Metric events not yet folded into the live aggregates: the relay folds each batch in-line before it marks the batch
 * dispatched, so an event not yet dispatched is one not yet folded.
 */
async function undelivered(): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".outbox_events e
      WHERE e.helpline_id = $1 AND e.type = ANY($2) AND e.dispatched_at IS NULL`,
    [helplineId, [...METRIC_EVENT_TYPES]],
  );
  return Number(rows[0].n);
}

/**
 * Waits until every event is folded in, both dashboards have been quiet (no change of the settled figures) for a
 * second, and each agrees with the other and with the recount; then asserts it all (for the diff when it does not).
 */
async function expectAgreement(stage: string): Promise<void> {
  const began = Date.now();
  const dashboards = [dashA!, dashB!];
  let expected: Recount | undefined;
  let left = -1;
  const agrees = (d: Dashboard) =>
    d.snapshot !== undefined &&
    isDeepStrictEqual(asRecounted(d.snapshot, 'today'), expected!.scopes) &&
    isDeepStrictEqual(asRecounted(d.snapshot, 'rolling15'), expected!.scopes) &&
    // The chart goes out at most every 5 s, so it may trail the other figures by that much.
    d.snapshot.chart.reduce((sum, p) => sum + p.arrivals, 0) === expected!.scopes.overall.window.arrivals &&
    d.snapshot.chart.reduce((sum, p) => sum + p.answered, 0) === expected!.answered;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    left = await undelivered();
    expected = await recount(pg, helplineId, [queue1, queue2], languages);
    if (
      left === 0 &&
      dashboards.every((d) => d.quietMs >= 1000 && agrees(d)) &&
      isDeepStrictEqual(shared(dashA!.snapshot!), shared(dashB!.snapshot!))
    )
      break;
    await sleep(250);
  }
  const [a, b] = dashboards.map((d) => d.snapshot!);
  log(
    `${stage}: settled in ${Date.now() - began} ms (events sent ${sent}, undelivered ${left}); ` +
      `A seq ${dashA!.seq} (${dashA!.messages} changes), B seq ${dashB!.seq} (${dashB!.messages} changes); ` +
      `overall ${JSON.stringify({ waiting: a.overall.waiting, ...a.overall.windows.today, agents: a.overall.agents })}`,
  );
  expect(left).toBe(0);
  for (const [d, snapshot] of [
    [dashA!, a],
    [dashB!, b],
  ] as const) {
    expect({ dashboard: d.name, gaps: d.gaps, complete: snapshot.complete, timeZone: snapshot.timeZone }).toEqual({
      dashboard: d.name,
      gaps: 0,
      complete: true,
      timeZone: ZONE,
    });
    expect(snapshot.day).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now()));
    expect(snapshot.queues.map((q) => q.id).sort()).toEqual([queue1, queue2].sort());
    expect(snapshot.languages.map((l) => l.id)).toEqual(languages);
    // Every recounted figure, overall, per queue and per language, today and over the rolling 15 minutes.
    expect(asRecounted(snapshot, 'today')).toEqual(expected!.scopes);
    expect(asRecounted(snapshot, 'rolling15')).toEqual(expected!.scopes);
    // The chart's minutes add up to the day (the test runs within its three hours).
    expect({
      arrivals: snapshot.chart.reduce((sum, p) => sum + p.arrivals, 0),
      answered: snapshot.chart.reduce((sum, p) => sum + p.answered, 0),
    }).toEqual({ arrivals: expected!.scopes.overall.window.arrivals, answered: expected!.answered });
    // Staffing inputs per language: agents present and handle time.
    expect(
      Object.fromEntries(
        snapshot.staffing.map((g) => [g.language, { present: g.present, ahtSeconds: r(g.ahtSeconds)! }]),
      ),
    ).toEqual(expected!.staffing);
    // The arrival rates at the snapshot's own moment. An arrival's event and its history row are stamped by two
    // reads of the clock, so one arrival may fall in the next minute: one arrival's worth of slack.
    for (const scope of [snapshot.overall, ...snapshot.queues, ...snapshot.languages]) {
      const want = expectedRates(expected!.arrivals[scope.key], snapshot.generatedAt);
      for (const [window, k] of [
        ['last1', 1],
        ['last5', 5],
        ['last15', 15],
      ] as const) {
        expect({
          scope: scope.key,
          window,
          off: Math.abs(scope.arrivalsPerMinute[window] - want[window]) <= 1 / k,
        }).toEqual({ scope: scope.key, window, off: true });
      }
    }
  }
  // A and B show the same snapshot (but the moment each was built and the rates, which slide with it).
  expect(shared(b)).toEqual(shared(a));
}

beforeAll(async () => {
  const began = Date.now();
  for (const main of [MAINS.api, MAINS.worker, MAINS.cli]) {
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  }
  const created = await processes.runCli(
    ['create-admin', '--helpline', 'Metrics scale line', '--login', 'ms.admin', '--time-zone', ZONE],
    `${PASSWORD}\n`,
  );
  if (created.code !== 0) throw new Error(`create-admin failed: ${created.output}`);

  const [pa, pb, ha, hb, pw] = await Promise.all(Array.from({ length: 5 }, freePort));
  apiA = startApi('apiA', pa, ha);
  apiB = startApi('apiB', pb, hb);
  worker = processes.spawn('worker', MAINS.worker, { PORT: '0', WORKER_HEALTH_PORT: String(pw) });
  await Promise.all([
    waitReady(`${apiA.url}/ready`, apiA.proc),
    waitReady(`${apiB.url}/ready`, apiB.proc),
    waitReady(`http://127.0.0.1:${pw}/health`, worker),
  ]);
  log(`two api processes and a worker ready ${Date.now() - began} ms after the start`);
  pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();

  const adminToken = await enrolAndSignIn(apiA, 'ms.admin', PASSWORD);
  helplineId = (await ok(apiA, 'GET', '/staff/me', adminToken)).helplineId as string;
  queue1 = (
    await ok(apiA, 'POST', '/routing-queues', adminToken, {
      name: 'Crisis line',
      languages: ['fi', 'sv'],
      requiredSkills: { crisis: 3 },
    })
  ).id as string;
  // Nobody has the skill: its callers wait (and its callbacks are never offered).
  queue2 = (
    await ok(apiA, 'POST', '/routing-queues', adminToken, {
      name: 'Legal advice',
      languages: ['fi', 'sv'],
      requiredSkills: { legal: 3 },
    })
  ).id as string;
  serviceToken = (await ok(apiA, 'POST', '/service-credentials', adminToken, { name: 'Phone adapter' }))
    .token as string;
  for (const login of ['ms.supervisor.a', 'ms.supervisor.b']) {
    await ok(apiA, 'POST', '/staff/users', adminToken, {
      login,
      displayName: login,
      roles: ['supervisor'],
      password: PASSWORD,
    });
  }
  supervisorA = await enrolAndSignIn(apiA, 'ms.supervisor.a', PASSWORD);
  supervisorB = await enrolAndSignIn(apiB, 'ms.supervisor.b', PASSWORD);

  const agent = async (login: string, profile: Record<string, unknown>) => {
    const user = await ok(apiA, 'POST', '/staff/users', adminToken, {
      login,
      displayName: login,
      roles: ['agent'],
      password: PASSWORD,
    });
    await ok(apiA, 'PUT', `/agents/${user.id as string}/profile`, adminToken, profile);
    const tokens = await ok(apiA, 'POST', '/auth/sign-in', undefined, { login, password: PASSWORD });
    return { id: user.id as string, token: tokens.accessToken as string };
  };
  // Voice only, Finnish, crisis: takes queue 1's Finnish calls. A long wrap-up time: only the agent ends it here.
  agent1 = await agent('ms.agent1', {
    languages: ['fi'],
    skills: { crisis: 5 },
    capacity: { voice: 1, chat: 0, callback: 0 },
    wrapUpSeconds: 600,
  });
  // Both languages, no skill any queue needs: never offered anything.
  agent2 = await agent('ms.agent2', {
    languages: ['fi', 'sv'],
    skills: { other: 5 },
    capacity: { voice: 1, chat: 1, callback: 0 },
  });
}, 120_000);

afterAll(async () => {
  dashA?.close();
  dashB?.close();
  agent1?.desk?.close();
  agent2?.desk?.close();
  await processes.killAll();
  await pg?.end().catch(() => undefined);
  const config = testConfig('metrics-scale-cleanup', { env: { DATABASE_SCHEMA: schema, REDIS_PREFIX: prefix } });
  await dropTestSchema(config);
  await deleteTestKeys(config);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(config.dataDir, { recursive: true, force: true });
}, 60_000);

describe('live metrics across two api processes', () => {
  it('shows supervisors on both processes the same figures as a recount of the record, after reconnects too', async () => {
    const began = Date.now();
    dashA = await Dashboard.open('A', apiA, supervisorA);
    dashB = await Dashboard.open('B', apiB, supervisorB, true);
    agent1.desk = await Desk.connect(apiA, agent1.token);
    agent2.desk = await Desk.connect(apiA, agent2.token);

    // --- Through A only: agents sign in, callers arrive, are answered, give up, ask for a callback.
    await act('/agents/me/state', agent1.token, { state: 'available' });
    await act('/agents/me/state', agent2.token, { state: 'away', reason: 'break' });
    const c1 = await arrive('c1', queue1, 'fi');
    await agent1.desk.offerOf(c1.id);
    await act(`/offers/${c1.id}/accept`, agent1.token);
    const c4 = await arrive('c4-gives-up', queue2, 'sv');
    await arrive('c2-swedish', queue1, 'sv', 'chat');
    const c3 = await arrive('c3-wants-callback', queue2, 'fi');
    await act(`/contacts/${c3.id}/callback`, serviceToken, { number: '+358401234567' });
    await act('/callbacks', serviceToken, {
      idempotencyKey: `form-${id}`,
      queueId: queue1,
      language: 'sv',
      number: '+358407654321',
    });
    const c5 = await arrive('c5-misdial', queue2, 'fi', 'chat');
    await act(`/contacts/${c5.id}/abandon`, serviceToken);
    await act(`/contacts/${c1.id}/end`, agent1.token);
    await act(`/contacts/${c1.id}/complete`, agent1.token);
    const c6 = await arrive('c6-declined', queue1, 'fi');
    await agent1.desk.offerOf(c6.id);
    await act(`/offers/${c6.id}/decline`, agent1.token);
    // c6 is in the agent's cooldown now: the next Finnish call goes to them.
    const c7 = await arrive('c7-talking', queue1, 'fi');
    await agent1.desk.offerOf(c7.id);
    await act(`/offers/${c7.id}/accept`, agent1.token);
    // A caller who waited longer than a misdial gives up.
    await sleep(Math.max(0, c4.at + SHORT_ABANDON_MS + 500 - Date.now()));
    await act(`/contacts/${c4.id}/abandon`, serviceToken);
    log(`first events sent through A in ${Date.now() - began} ms`);

    await expectAgreement('after the first events');
    const first = dashA.snapshot!;
    // The mix is what it should be (so the comparison above compared something).
    expect(first.overall.waiting).toBe(2); // c2 (Swedish, nobody speaks it) and c6 (declined, in cooldown)
    expect(first.overall.windows.today).toMatchObject({
      arrivals: 8, // seven callers and the web form's callback
      answered: 2,
      abandoned: 1,
      shortAbandons: 1,
      handled: 1,
      offers: { made: 3, accepted: 2, declined: 1, timedOut: 0 },
      callbacks: { requested: 2, completed: 0, expired: 0 },
    });
    expect(first.overall.agents).toMatchObject({ available: 0, busy: 1, wrapUp: 0, away: 1 });

    // --- Forced reconnect: B's transport drops; the socket comes back by itself and is sent a fresh snapshot.
    let snapshots = dashB.snapshots;
    dashB.socket.io.engine.close();
    await dashB.snapshotAfter(snapshots, 10_000);
    expect(dashB.disconnects).toBe(1);
    await expectAgreement('after B reconnected');

    // --- B dies (kill -9) under its dashboard; events go on through A meanwhile; B restarts on the same port and the
    // dashboard reconnects to the new process by itself.
    snapshots = dashB.snapshots;
    apiB.proc.child.kill('SIGKILL');
    await apiB.proc.exited;
    await until(() => dashB!.disconnects === 2, 5_000, "B's dashboard to notice");
    // c6's caller has waited longer than a misdial by now too, and gives up.
    await sleep(Math.max(0, c6.at + SHORT_ABANDON_MS + 500 - Date.now()));
    await act(`/contacts/${c6.id}/abandon`, serviceToken);
    await act('/agents/me/state', agent2.token, { state: 'available' });
    await arrive('c8-swedish', queue1, 'sv');
    apiB = startApi('apiB (restarted)', apiB.port, apiB.healthPort);
    await waitReady(`${apiB.url}/ready`, apiB.proc);
    await dashB.snapshotAfter(snapshots, 15_000);
    await expectAgreement('after B restarted');

    // --- More events through A only; both dashboards follow.
    await act(`/contacts/${c7.id}/end`, agent1.token);
    await act(`/contacts/${c7.id}/complete`, agent1.token);
    await arrive('c9-legal', queue2, 'fi');
    const c10 = await arrive('c10-wrap-up', queue1, 'fi');
    await agent1.desk.offerOf(c10.id);
    await act(`/offers/${c10.id}/accept`, agent1.token);
    await act(`/contacts/${c10.id}/end`, agent1.token);
    await expectAgreement('after more events');
    const last = dashA.snapshot!;
    expect(last.overall.waiting).toBe(3); // c2, c8 (Swedish) and c9 (nobody has the skill)
    expect(last.overall.windows.today).toMatchObject({ arrivals: 11, answered: 3, abandoned: 2, handled: 2 });
    expect(last.overall.agents).toMatchObject({ available: 1, busy: 0, wrapUp: 1, away: 0 });
    log(`whole test ${Date.now() - began} ms`);
  }, 120_000);
});
