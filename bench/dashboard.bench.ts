/*
 * `npm run bench:dashboard` (issue 7): 200 supervisor dashboards while 500 events a second flow. For every event,
 * the time from its being stored to the first `metrics.changed` containing it arriving at each client, p50 and p99
 * over all sockets' receipts, and the CPU each process used; beside a bare socket.io broadcast of the same size, rate
 * and fan-out in the same run. Target: p99 under 250 ms. The last line is all figures as one JSON object.
 *
 * Processes: the built api with its worker modules (`main.js --with-worker`, its own PostgreSQL schema and Redis
 * prefix), the 200 clients in a child process (dashboard-clients.ts), the bare server in another
 * (dashboard-bare-server.ts), and this one generating the events (dashboard-load.ts). Two phases on the same api and
 * sockets, each a warm-up and then the measured seconds:
 * - push: events folded straight into the live aggregates (the metrics consumer's code, run here): the push path
 *   alone (SupervisorPush's 100 ms loop, the snapshot, socket.io), "stored" = folded;
 * - full (the requirement's figure): contacts committed to PostgreSQL with their `contact.created` outbox event, then
 *   relay, BullMQ delivery, metrics consumer, push; "stored" = COMMIT returned.
 * An event counts as contained in a message once the message's `overall.windows.today.arrivals` reaches it (the k-th
 * event stored is in every snapshot whose arrivals are k above the count the socket started with).
 *
 * Knobs: BENCH_DASHBOARD_SOCKETS, _RATE (events/s), _SECONDS (measured), _WARMUP_SECONDS, _DRAIN_SECONDS (how long
 * the full path may catch up after the last write before what is unseen is counted as unseen then), _WRITERS
 * (concurrent transactions), _PHASES (push,full).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import {
  benchEnv,
  DATABASE_URL,
  deleteKeys,
  log,
  pidCpuSeconds,
  REDIS_URL,
  redisCpuSeconds,
  round,
  selfCpuSeconds,
  sleep,
  summarise,
  type LatencySummary,
} from './bench-util';
import type { BareCommand, BareReply } from './dashboard-bare-server';
import type { BareRecords, ClientCommand, ClientReply, TukiRecords } from './dashboard-clients';
import { ContactWriter, DirectFolder, type StoredEvent } from './dashboard-load';
import {
  freePort,
  Http,
  postgresCpuSeconds,
  postmasterOf,
  seedLine,
  startApi,
  wallMs,
  type ApiProcess,
  type SeededLine,
} from './dashboard-setup';

const SOCKETS = Number(benchEnv.BENCH_DASHBOARD_SOCKETS ?? 200);
const RATE = Number(benchEnv.BENCH_DASHBOARD_RATE ?? 500);
const SECONDS = Number(benchEnv.BENCH_DASHBOARD_SECONDS ?? 20);
const WARMUP_SECONDS = Number(benchEnv.BENCH_DASHBOARD_WARMUP_SECONDS ?? 5);
const DRAIN_SECONDS = Number(benchEnv.BENCH_DASHBOARD_DRAIN_SECONDS ?? 60);
/** Contacts' transactions in flight at once (concurrent intake requests): PostgreSQL commits them in groups. */
const WRITER_CONNECTIONS = Number(benchEnv.BENCH_DASHBOARD_WRITERS ?? 16);
const PHASES = (benchEnv.BENCH_DASHBOARD_PHASES ?? 'push,full').split(',');
/** SupervisorPush flushes at most every 100 ms: the bare baseline broadcasts at that cadence. */
const PUSHES_PER_SECOND = 10;
const TARGET_P99_MS = 250;
const CASES_CONSUMER = 'cases.contacts';
const ROUTING_CONSUMER = 'assignment.routing';

/** A forked helper process spoken to over IPC, one question at a time. */
class Helper<C, R extends { type: string }> {
  private waiting?: { type: string; resolve: (reply: R) => void; reject: (error: Error) => void };

  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: R) => {
      const waiting = this.waiting;
      if (!waiting) return;
      if (reply.type === 'error') waiting.reject(new Error(`helper: ${JSON.stringify(reply)}`));
      else if (reply.type === waiting.type) waiting.resolve(reply);
      else return;
      this.waiting = undefined;
    });
    child.on('exit', (code) => this.waiting?.reject(new Error(`helper exited with ${code}`)));
  }

  static start<C, R extends { type: string }>(script: string): Helper<C, R> {
    return new Helper<C, R>(fork(join(__dirname, script), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  /** Sends a command and waits for the reply of the given type. */
  ask<T extends R>(command: C, replyType: T['type'], timeoutMs = 120_000): Promise<T> {
    return new Promise<T>((resolveReply, reject) => {
      const timer = setTimeout(() => reject(new Error(`helper gave no ${replyType} reply`)), timeoutMs);
      this.waiting = {
        type: replyType,
        resolve: (reply) => {
          clearTimeout(timer);
          resolveReply(reply as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.child.send(command as object);
    });
  }

  cpuSeconds(): number {
    return pidCpuSeconds(this.child.pid!);
  }

  async stop(command: C): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    if (this.child.connected) this.child.send(command as object);
    await Promise.race([exited, sleep(5_000)]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

type Clients = Helper<ClientCommand, ClientReply>;
type PhaseName = 'push' | 'full';

interface CpuReading {
  api: number;
  clients: number;
  loadGenerator: number;
  redisServer: number;
  postgres: number;
}

/** One phase's run: when it started, when its measured part began, when it ended; its events in stored order. */
interface PhaseRun {
  name: PhaseName;
  startedAt: number;
  measuredFrom: number;
  endedAt: number;
  events: StoredEvent[];
  cpuSeconds: CpuReading;
  lateMs: number[];
}

interface PhaseFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  receipts: number;
  /** Event-socket pairs not seen when observation ended, counted as seen then: the figures are lower bounds. */
  censoredReceipts: number;
  eventsMeasured: number;
  achievedEventsPerSecond: number;
  /** At one socket, while the measured events were stored. */
  messagesPerSecond: number;
  avgMessageBytes: number;
  pushIntervalMs: LatencySummary;
  /** Receipt minus the `generatedAt` the snapshot carries: building the parts, emitting, the wire. */
  generatedToReceiptMs: LatencySummary;
  /** When each event was first seen at any socket, minus stored. */
  storedToFirstReceiptMs: LatencySummary;
  /** How late the event source started an event against its schedule. */
  sourceLateMs: LatencySummary;
  cpuSeconds: CpuReading;
  cpuPercentOfOneCore: CpuReading;
}

/** summarise() for sample sets too large to spread into Math.max (millions of receipts). */
function summariseMany(samples: number[]): LatencySummary {
  if (samples.length === 0) return summarise([]);
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { n: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const intervals = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

/**
 * Per socket: each message carrying arrivals A covers the first A - baseline events (in stored order, all phases);
 * each event it newly covers is contained from that receipt on. An event counts once per socket, at the first
 * message that covers it. An event of a measured window that a socket had not seen when observation ended counts as
 * observedUntil - stored (censored). Returns, per phase, the latencies and censored count; and each event's first
 * receipt at any socket.
 */
function containment(records: TukiRecords, phases: PhaseRun[], observedUntil: number) {
  const events = phases.flatMap((phase) =>
    phase.events.map((e) => ({ ...e, phase: e.storedAt >= phase.measuredFrom ? phase.name : undefined })),
  );
  const byPhase = new Map<PhaseName, { latencies: number[]; censored: number }>(
    phases.map((p) => [p.name, { latencies: [], censored: 0 }]),
  );
  const firstSeen = new Array<number>(events.length).fill(Infinity);
  for (const socket of records.sockets) {
    let covered = 0;
    for (let i = 0; i < socket.times.length; i++) {
      const upTo = Math.min(events.length, socket.arrivals[i] - socket.baselineArrivals);
      for (; covered < upTo; covered++) {
        const event = events[covered];
        const at = socket.times[i];
        if (at < firstSeen[covered]) firstSeen[covered] = at;
        if (event.phase) byPhase.get(event.phase)!.latencies.push(at - event.storedAt);
      }
    }
    for (let k = covered; k < events.length; k++) {
      const phase = events[k].phase;
      if (!phase) continue;
      byPhase.get(phase)!.censored++;
      byPhase.get(phase)!.latencies.push(observedUntil - events[k].storedAt);
    }
  }
  const firstSeenById = new Map(events.map((e, k) => [e.eventId, firstSeen[k]]));
  return { byPhase, firstSeenById };
}

function phaseFigures(
  run: PhaseRun,
  contained: { latencies: number[]; censored: number },
  firstSeenById: Map<string, number>,
  records: TukiRecords,
): PhaseFigures {
  const measured = run.events.filter((e) => e.storedAt >= run.measuredFrom);
  const seconds = (run.endedAt - run.measuredFrom) / 1000;
  const inWindow = records.at.flatMap((at, i) => (at >= run.measuredFrom && at <= run.endedAt ? [i] : []));
  const latency = summariseMany(contained.latencies);
  return {
    p50Ms: latency.p50,
    p99Ms: latency.p99,
    maxMs: latency.max,
    receipts: latency.n,
    censoredReceipts: contained.censored,
    eventsMeasured: measured.length,
    achievedEventsPerSecond: round(measured.length / seconds, 1),
    messagesPerSecond: round(inWindow.length / seconds, 2),
    avgMessageBytes: Math.round(mean(inWindow.map((i) => records.bytes[i]))),
    pushIntervalMs: summariseMany(intervals(inWindow.map((i) => records.at[i]))),
    generatedToReceiptMs: summariseMany(inWindow.map((i) => records.sinceGenerated[i]).filter(Number.isFinite)),
    storedToFirstReceiptMs: summariseMany(
      measured.flatMap((e) => {
        const seen = firstSeenById.get(e.eventId) ?? Infinity;
        return Number.isFinite(seen) ? [seen - e.storedAt] : [];
      }),
    ),
    sourceLateMs: summariseMany(run.lateMs),
    cpuSeconds: run.cpuSeconds,
    cpuPercentOfOneCore: Object.fromEntries(
      Object.entries(run.cpuSeconds).map(([k, v]) => [k, round((v / seconds) * 100, 1)]),
    ) as unknown as CpuReading,
  };
}

/**
 * From BullMQ's job records (a family keeps its last 10,000 completed jobs, so the latest events): how long each
 * event's delivery job waited in its queue and how long it ran, for the metrics consumer (background family), the
 * cases consumer (background) and routing (short); and how many background jobs ran at once on average.
 */
async function jobTimes(redis: Redis, redisPrefix: string, events: StoredEvent[]) {
  const kinds = [
    ['cases', 'background', CASES_CONSUMER],
    ['routing', 'short', ROUTING_CONSUMER],
  ] as const;
  const stages: Record<string, LatencySummary> = {};
  const background: number[][] = [];
  for (const [name, family, consumer] of kinds) {
    const pipeline = redis.pipeline();
    // BullMQ job ids escape ':' (bullJobId in libs/platform): event:<consumer>:<event id>.
    for (const e of events) {
      pipeline.hmget(
        `{${redisPrefix}}:jobs:${family}:event%3A${consumer}%3A${e.eventId}`,
        'timestamp',
        'processedOn',
        'finishedOn',
      );
    }
    const results = ((await pipeline.exec()) ?? []).map(([, v]) => (v as (string | null)[]).map(Number));
    const found = results.filter(([added, started, finished]) => added > 0 && started > 0 && finished > 0);
    stages[`${name}JobQueued`] = summariseMany(found.map(([added, started]) => started - added));
    stages[`${name}JobRun`] = summariseMany(found.map(([, started, finished]) => finished - started));
    if (family === 'background') background.push(...found);
  }
  let busy = NaN;
  if (background.length > 0) {
    const from = Math.min(...background.map((j) => j[1]));
    const to = Math.max(...background.map((j) => j[2]));
    busy = round(background.reduce((sum, [, s, f]) => sum + f - s, 0) / Math.max(1, to - from), 2);
  }
  return { stages, backgroundJobsRunningAtOnce: busy };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

class TukiRun {
  private readonly table = (name: string) => `"${this.schema}"."${name}"`;

  constructor(
    private readonly api: ApiProcess,
    private readonly pool: Pool,
    private readonly redis: Redis,
    private readonly schema: string,
    private readonly redisPrefix: string,
    private readonly postmaster: number | undefined,
  ) {}

  /**
   * Events the metrics consumer has folded: it is delivered in-line by the relay, which folds a batch before it marks
   * the batch dispatched, so an event is folded by the time its `dispatched_at` is set.
   */
  async folded(): Promise<number> {
    const result = await this.pool.query<{ n: string }>(
      `select count(*) as n from ${this.table('outbox_events')} where dispatched_at is not null`,
    );
    return Number(result.rows[0].n);
  }

  async processedBy(consumer: string): Promise<number> {
    const result = await this.pool.query<{ n: string }>(
      `select count(*) as n from ${this.table('processed_events')} where consumer = $1`,
      [consumer],
    );
    return Number(result.rows[0].n);
  }

  async readCpu(clients: Clients): Promise<CpuReading> {
    return {
      api: pidCpuSeconds(this.api.child.pid!),
      clients: clients.cpuSeconds(),
      loadGenerator: selfCpuSeconds(),
      redisServer: await redisCpuSeconds(this.redis),
      postgres: postgresCpuSeconds(this.postmaster),
    };
  }

  /** Runs a source for warm-up + measured seconds, with CPU read over the measured part. */
  async phase(
    name: PhaseName,
    clients: Clients,
    source: { run(perSecond: number, durationMs: number): Promise<{ startedAt: number; endedAt: number }> },
    events: () => StoredEvent[],
    lateMs: number[],
  ): Promise<PhaseRun> {
    let cpuStart: Promise<CpuReading> | undefined;
    const warmupTimer = setTimeout(() => {
      cpuStart = this.readCpu(clients);
    }, WARMUP_SECONDS * 1000);
    const { startedAt, endedAt } = await source.run(RATE, (WARMUP_SECONDS + SECONDS) * 1000);
    clearTimeout(warmupTimer);
    const end = await this.readCpu(clients);
    const start = (await cpuStart) ?? end;
    const cpuSeconds = Object.fromEntries(
      Object.entries(end).map(([k, v]) => [k, round(v - start[k as keyof CpuReading], 2)]),
    ) as unknown as CpuReading;
    const measuredFrom = startedAt + WARMUP_SECONDS * 1000;
    return { name, startedAt, measuredFrom, endedAt, events: events(), cpuSeconds, lateMs };
  }

  async run() {
    const line = await seedLine(this.api);
    // One contact through the API: the template every written contact is cloned from.
    const template = await new Http(this.api.url).call<{ id: string }>('POST', '/contacts', line.serviceToken, {
      idempotencyKey: 'bench-template',
      queueId: line.queueId,
      channel: 'voice',
      language: 'fi',
    });
    await until(async () => (await this.folded()) >= 1, 30_000, 'the template in the metrics');
    const helpline = (
      await this.pool.query<{ id: string; time_zone: string }>(`select id, time_zone from ${this.table('helplines')}`)
    ).rows[0];

    const clients: Clients = Helper.start('dashboard-clients.js');
    const writer = await ContactWriter.from(this.pool, this.schema, template.id, WRITER_CONNECTIONS);
    try {
      const ready = await clients.ask<Extract<ClientReply, { type: 'ready' }>>(
        {
          type: 'connect',
          mode: 'tuki',
          url: `${this.api.url}/supervisors`,
          token: line.supervisorToken,
          sockets: SOCKETS,
        },
        'ready',
      );
      const baselines = new Set(ready.baselines);
      log(
        `  ${SOCKETS} supervisor sockets connected in ${round(ready.connectMs / 1000, 1)} s, each with its snapshot ` +
          `(arrivals today: ${[...baselines].join(', ')})`,
      );
      if (baselines.size !== 1 || [...baselines].some((b) => !Number.isFinite(b))) {
        throw new Error(`sockets disagree on the starting snapshot: ${[...baselines].join(', ')}`);
      }
      const runs: PhaseRun[] = [];
      if (PHASES.includes('push')) runs.push(await this.pushPhase(clients, line, helpline));
      const full = PHASES.includes('full') ? await this.fullPhase(clients, writer) : undefined;
      if (full) runs.push(full.run);
      await sleep(1_000);
      const observedUntil = wallMs();
      const records = await clients.ask<TukiRecords>({ type: 'collect' }, 'tuki');
      const { byPhase, firstSeenById } = containment(records, runs, observedUntil);
      const figures = new Map(
        runs.map((r) => [r.name, phaseFigures(r, byPhase.get(r.name)!, firstSeenById, records)] as const),
      );
      const fullDetail = full ? await this.fullDetail(full, firstSeenById) : undefined;
      return {
        push: figures.get('push'),
        full: figures.get('full') && fullDetail ? { ...figures.get('full')!, ...fullDetail } : undefined,
        seqGaps: records.sockets.reduce((sum, s) => sum + s.seqGaps, 0),
        messagesPerSocket: round(mean(records.sockets.map((s) => s.messages)), 1),
        avgMessageBytes: Math.round(mean(records.bytes)),
        // Per part: the share of messages carrying it and its mean size (bytes) when carried.
        parts: Object.fromEntries(
          Object.entries(records.partCounts).map(([part, n]) => [
            part,
            { share: round(n / Math.max(1, records.bytes.length), 2), bytes: Math.round(records.partBytes[part] / n) },
          ]),
        ),
        records,
      };
    } finally {
      writer.release();
      await clients.stop({ type: 'close' });
    }
  }

  private async pushPhase(
    clients: Clients,
    line: SeededLine,
    helpline: { id: string; time_zone: string },
  ): Promise<PhaseRun> {
    log(`  push path: folding ${RATE} events/s straight into the live aggregates, ${WARMUP_SECONDS} s + ${SECONDS} s`);
    const connection = new Redis(REDIS_URL);
    try {
      const folder = new DirectFolder(connection, this.redisPrefix, {
        helplineId: helpline.id,
        queueId: line.queueId,
        timeZone: helpline.time_zone,
      });
      const run = await this.phase('push', clients, folder, () => folder.events, folder.lateMs);
      await sleep(2_000); // the last pushes
      return run;
    } finally {
      await connection.quit();
    }
  }

  private async fullPhase(clients: Clients, writer: ContactWriter) {
    log(
      `  full path: committing ${RATE} contacts/s (contact, history, outbox event; one transaction each, ` +
        `${WRITER_CONNECTIONS} connections), ${WARMUP_SECONDS} s + ${SECONDS} s`,
    );
    const foldedBefore = await this.folded();
    // Once a second while writing: events not yet relayed, relayed but not yet folded, and folded so far.
    let writing = true;
    const sampler = (async () => {
      const samples: { at: number; undispatched: number; unfolded: number; folded: number }[] = [];
      while (writing) {
        await sleep(1_000);
        const row = (
          await this.pool.query<{ undispatched: string; dispatched: string; folded: string }>(
            `select (select count(*) from ${this.table('outbox_events')} where dispatched_at is null) as undispatched,
                    (select count(*) from ${this.table('outbox_events')} where dispatched_at is not null) as dispatched,
                    (select count(*) from ${this.table('outbox_events')} where dispatched_at is not null) as folded`,
          )
        ).rows[0];
        samples.push({
          at: wallMs(),
          folded: Number(row.folded),
          undispatched: Number(row.undispatched),
          unfolded: Number(row.dispatched) - Number(row.folded),
        });
      }
      return samples;
    })();
    const run = await this.phase('full', clients, writer, () => writer.events, writer.lateMs).finally(
      () => (writing = false),
    );
    const samples = await sampler;
    log(
      `  committed ${run.events.length} contacts; transaction ms ${JSON.stringify(summariseMany(writer.roundTripMs))}`,
    );

    // Drain: every event folded into the metrics (or at most DRAIN_SECONDS without all), then a few pushes more.
    const drainStarted = Date.now();
    const target = foldedBefore + run.events.length;
    let folded = await this.folded();
    while (folded < target && Date.now() - drainStarted < DRAIN_SECONDS * 1000) {
      await sleep(500);
      folded = await this.folded();
    }
    const drainSeconds = round((Date.now() - drainStarted) / 1000, 1);
    log(
      `  ${drainSeconds} s after the last commit, ${folded - foldedBefore} of ${run.events.length} events folded ` +
        `into the metrics`,
    );
    return { run, samples, drainSeconds, foldedAfterDrain: folded - foldedBefore };
  }

  /** Where the full path's time goes, per measured event: relay, job queue and run, fold, push. */
  private async fullDetail(full: Awaited<ReturnType<TukiRun['fullPhase']>>, firstSeenById: Map<string, number>) {
    const { run, samples } = full;
    const measured = run.events.filter((e) => e.storedAt >= run.measuredFrom);
    const rows = await this.pool.query<{
      id: string;
      dispatched_at: string | null;
      metrics: string | null;
      cases: string | null;
    }>(
      `select o.id, o.dispatched_at, o.dispatched_at as metrics, c.processed_at as cases
         from ${this.table('outbox_events')} o
         left join ${this.table('processed_events')} c on c.event_id = o.id and c.consumer = $1
        where o.type = 'contact.created'`,
      [CASES_CONSUMER],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    const stage = {
      storedToDispatched: [] as number[],
      dispatchedToFolded: [] as number[],
      storedToFolded: [] as number[],
      foldedToFirstReceipt: [] as number[],
      storedToCasesDone: [] as number[],
    };
    const dispatchBatches = new Map<number, number>();
    for (const event of measured) {
      const row = byId.get(event.eventId);
      const dispatched = row?.dispatched_at ? Number(row.dispatched_at) : NaN;
      const metrics = row?.metrics ? Number(row.metrics) : NaN;
      const seen = firstSeenById.get(event.eventId) ?? Infinity;
      if (Number.isFinite(dispatched)) {
        stage.storedToDispatched.push(dispatched - event.storedAt);
        dispatchBatches.set(dispatched, (dispatchBatches.get(dispatched) ?? 0) + 1);
      }
      if (Number.isFinite(metrics)) {
        stage.storedToFolded.push(metrics - event.storedAt);
        if (Number.isFinite(dispatched)) stage.dispatchedToFolded.push(metrics - dispatched);
        if (Number.isFinite(seen)) stage.foldedToFirstReceipt.push(seen - metrics);
      }
      if (row?.cases) stage.storedToCasesDone.push(Number(row.cases) - event.storedAt);
    }
    const jobs = await jobTimes(this.redis, this.redisPrefix, measured);
    const dispatchTimes = [...dispatchBatches.keys()].sort((a, b) => a - b);
    const window = samples.filter((s) => s.at >= run.measuredFrom);
    const foldedPerSecond =
      window.length >= 2
        ? (window.at(-1)!.folded - window[0].folded) / ((window.at(-1)!.at - window[0].at) / 1000)
        : NaN;
    return {
      stagesMs: {
        ...Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, summariseMany(v)])),
        ...jobs.stages,
      },
      relay: {
        batches: dispatchTimes.length,
        meanBatch: round(mean([...dispatchBatches.values()]), 1),
        cycleMs: summariseMany(intervals(dispatchTimes)),
      },
      metricsFoldedPerSecond: round(foldedPerSecond, 1),
      backgroundJobsRunningAtOnce: jobs.backgroundJobsRunningAtOnce,
      backlog: {
        undispatchedMax: Math.max(0, ...samples.map((s) => s.undispatched)),
        unfoldedMax: Math.max(0, ...samples.map((s) => s.unfolded)),
        unfoldedAtLastCommit: samples.at(-1)?.unfolded ?? 0,
      },
      drainSeconds: full.drainSeconds,
      foldedAfterDrain: full.foldedAfterDrain,
    };
  }
}

/** The baseline: a bare socket.io server broadcasting the same payload at the same rate to as many clients. */
async function runBare(payload: Record<string, unknown>) {
  const server = Helper.start<BareCommand, BareReply>('dashboard-bare-server.js');
  const clients: Clients = Helper.start('dashboard-clients.js');
  try {
    const port = await freePort();
    await server.ask({ type: 'listen', port }, 'listening');
    await clients.ask(
      { type: 'connect', mode: 'bare', url: `http://127.0.0.1:${port}/supervisors`, sockets: SOCKETS },
      'ready',
    );
    const broadcast = (seconds: number) =>
      server.ask<Extract<BareReply, { type: 'done' }>>(
        { type: 'broadcast', payload, perSecond: PUSHES_PER_SECOND, durationMs: seconds * 1000 },
        'done',
        seconds * 1000 + 30_000,
      );
    await broadcast(Math.min(WARMUP_SECONDS, 2));
    const [server0, clients0, measuredFrom] = [server.cpuSeconds(), clients.cpuSeconds(), wallMs()];
    const done = await broadcast(SECONDS);
    const cpuSeconds = {
      server: round(server.cpuSeconds() - server0, 2),
      clients: round(clients.cpuSeconds() - clients0, 2),
    };
    await sleep(500);
    const records = await clients.ask<BareRecords>({ type: 'collect' }, 'bare');
    const latency = summariseMany(records.latencies.filter((_, i) => records.sentAt[i] >= measuredFrom));
    return {
      p50Ms: latency.p50,
      p99Ms: latency.p99,
      maxMs: latency.max,
      receipts: latency.n,
      connected: done.connected,
      messagesPerSecond: round(done.emitted / SECONDS, 2),
      messageBytes: Buffer.byteLength(JSON.stringify({ ...payload, seq: 2, sentAt: wallMs() })),
      cpuSeconds,
      cpuPercentOfOneCore: {
        server: round((cpuSeconds.server / SECONDS) * 100, 1),
        clients: round((cpuSeconds.clients / SECONDS) * 100, 1),
      },
    };
  } finally {
    await clients.stop({ type: 'close' });
    await server.stop({ type: 'close' });
  }
}

/** A real `metrics.changed` of about the average size for the baseline, padded up to the average. */
function baselinePayload(records: TukiRecords, avgBytes: number): Record<string, unknown> {
  const pool = records.samples.some((s) => s.includes('"overall"'))
    ? records.samples.filter((s) => s.includes('"overall"'))
    : records.samples;
  if (pool.length === 0) return { parts: {}, pad: 'x'.repeat(avgBytes) };
  const closest = pool.reduce((best, s) =>
    Math.abs(Buffer.byteLength(s) - avgBytes) < Math.abs(Buffer.byteLength(best) - avgBytes) ? s : best,
  );
  const { seq: _seq, ...payload } = JSON.parse(closest) as Record<string, unknown>;
  const short = avgBytes - Buffer.byteLength(closest) - 30; // less the emit time the server adds
  return short > 0 ? { ...payload, pad: 'x'.repeat(short) } : payload;
}

function report(name: string, f: PhaseFigures): void {
  log(
    `  stored -> first snapshot containing it, over all ${SOCKETS} sockets: p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ` +
      `max ${f.maxMs} ms (${f.receipts} receipts of ${f.eventsMeasured} events at ${f.achievedEventsPerSecond}/s` +
      (f.censoredReceipts > 0 ? `; ${f.censoredReceipts} not seen by the end, counted then: lower bounds)` : ')'),
  );
  log(
    `  ${name}: ${f.messagesPerSecond} messages/s per socket of ${f.avgMessageBytes} bytes; push interval p50 ` +
      `${f.pushIntervalMs.p50} p99 ${f.pushIntervalMs.p99} ms; generatedAt -> receipt p50 ${f.generatedToReceiptMs.p50} ` +
      `p99 ${f.generatedToReceiptMs.p99} ms; source late p99 ${f.sourceLateMs.p99} ms`,
  );
  log(
    `  CPU s over the ${SECONDS} s measured (% of one core): ` +
      Object.entries(f.cpuSeconds)
        .map(([k, v]) => `${k} ${v} (${f.cpuPercentOfOneCore[k as keyof CpuReading]}%)`)
        .join(', '),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const id = randomBytes(4).toString('hex');
  const schema = `bench_${id}`;
  const redisPrefix = `bench-dashboard-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tuki-bench-'));
  const pool = new Pool({ connectionString: DATABASE_URL, max: WRITER_CONNECTIONS + 2 });
  const redis = new Redis(REDIS_URL);
  log(
    `bench:dashboard — ${SOCKETS} supervisor sockets, ${RATE} events/s; schema ${schema}, Redis prefix ${redisPrefix}`,
  );
  let api: ApiProcess | undefined;
  try {
    const backend = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const postmaster = postmasterOf(backend);
    api = await startApi({ databaseUrl: DATABASE_URL, schema, redisUrl: REDIS_URL, redisPrefix, dataDir });
    log(`  api with worker modules on ${api.url}`);
    const tuki = await new TukiRun(api, pool, redis, schema, redisPrefix, postmaster).run();
    await api.stop();
    api = undefined;

    log(`  bare socket.io: ${SOCKETS} clients, ${PUSHES_PER_SECOND} broadcasts/s of ${tuki.avgMessageBytes} bytes`);
    const bare = await runBare(baselinePayload(tuki.records, tuki.avgMessageBytes));

    log('');
    log(`Messages: ${tuki.seqGaps} sequence gaps; parts (share of messages, bytes): ${JSON.stringify(tuki.parts)}`);
    if (tuki.push) {
      log(`Push path alone (events folded straight into the aggregates; SupervisorPush, snapshot, socket.io):`);
      report('push', tuki.push);
    }
    if (tuki.full) {
      const f = tuki.full;
      log(`Full path (contact committed with its outbox event -> relay -> BullMQ -> metrics consumer -> push):`);
      report('full', f);
      log(
        `  relay: ${f.relay.batches} batches of ${f.relay.meanBatch} events on average, one every ` +
          `${f.relay.cycleMs.p50} ms (p99 ${f.relay.cycleMs.p99}); metrics folded ${f.metricsFoldedPerSecond} events/s ` +
          `while writing; background jobs running at once ${f.backgroundJobsRunningAtOnce} (concurrency 2); ` +
          `backlog ${JSON.stringify(f.backlog)}`,
      );
      log(`  where the time goes (p50 / p99 / max ms, n):`);
      for (const [name, v] of Object.entries(f.stagesMs)) {
        log(`    ${name.padEnd(22)} ${v.p50} / ${v.p99} / ${v.max}  (${v.n})`);
      }
    }
    log(`Bare socket.io (no Nest, no Redis; same clients, payload size and rate):`);
    log(
      `  emit -> receipt: p50 ${bare.p50Ms} ms, p99 ${bare.p99Ms} ms, max ${bare.maxMs} ms (${bare.receipts} receipts, ` +
        `${bare.messageBytes} bytes, ${bare.messagesPerSecond}/s); CPU s server ${bare.cpuSeconds.server} ` +
        `(${bare.cpuPercentOfOneCore.server}%), clients ${bare.cpuSeconds.clients} (${bare.cpuPercentOfOneCore.clients}%)`,
    );
    const headline = tuki.full ?? tuki.push!;
    const met = headline.p99Ms < TARGET_P99_MS && headline.censoredReceipts === 0;
    log(`Target p99 < ${TARGET_P99_MS} ms (${tuki.full ? 'full path' : 'push path'}): ${met ? 'met' : 'NOT met'}`);
    log(
      JSON.stringify({
        bench: 'dashboard',
        node: process.version,
        cores: cpus().length,
        sockets: SOCKETS,
        eventsPerSecond: RATE,
        achievedEventsPerSecond: headline.achievedEventsPerSecond,
        measuredSeconds: SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        eventSource:
          'contact.created; full: contact + history + outbox event committed by SQL, one transaction each (no HTTP); ' +
          'push: folded straight into the live aggregates',
        processes: 'api+worker modules in one process; clients in a child process; event source in the bench process',
        tuki: tuki.full
          ? { ...tuki.full, seqGaps: tuki.seqGaps, parts: tuki.parts }
          : { ...tuki.push, seqGaps: tuki.seqGaps, parts: tuki.parts },
        pushPathOnly: tuki.push,
        bareSocketIo: bare,
        p99RatioToBare: round(headline.p99Ms / bare.p99Ms, 1),
        targetP99Ms: TARGET_P99_MS,
        met,
        pushPathMet: tuki.push ? tuki.push.p99Ms < TARGET_P99_MS && tuki.push.censoredReceipts === 0 : null,
        totalSeconds: Math.round((Date.now() - started) / 1000),
      }),
    );
  } finally {
    await api?.stop();
    await pool
      .query(`drop schema if exists "${schema}" cascade`)
      .catch((e: unknown) => log(`  drop schema: ${(e as Error).message}`));
    await pool.end();
    await deleteKeys(redis, `{${redisPrefix}}*`);
    await deleteKeys(redis, `${redisPrefix}*`);
    await redis.quit();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
