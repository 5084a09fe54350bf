/*
 * Part (a): the routing core on Redis. The load generator (this process) drives simulated agents; the routing
 * process (router-process.ts, forked) owns the store and the Router. Baselines in the same run: Redis round trips and
 * BullMQ's add-and-process rate, driven the same way (adds from here, the worker there).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { RedisKeys } from '@tuki/platform';
import { rankScore, RedisRoutingStore } from '@tuki/assignment';
import {
  benchEnv,
  deleteKeys,
  log,
  nowMs,
  REDIS_URL,
  redisCpuSeconds,
  round,
  selfCpuSeconds,
  sleep,
  summarise,
  type LatencySummary,
} from './bench-util';
import {
  AGENT_CAPACITY,
  makeAgents,
  makeContact,
  prng,
  QUEUES,
  type AgentSpec,
  type FromRouter,
  type ToRouter,
} from './routing-model';

const AGENTS = 1000;
/**
 * Simulated agents working at once (each: available -> offer -> accept -> complete -> again): 50, as the BullMQ
 * baseline has 50 adders and a worker concurrency of 50.
 */
const CONCURRENCY = Number(benchEnv.BENCH_CONCURRENCY ?? 50);
/** Decisions measured per size, after a warm-up; bounded by time too. */
const DECISIONS = Number(benchEnv.BENCH_DECISIONS ?? 3000);
const LATENCY_DECISIONS = Number(benchEnv.BENCH_LATENCY_DECISIONS ?? 500);
const WARMUP = 500;
const MAX_PHASE_MS = 60_000;
const BULL_JOBS = Number(benchEnv.BENCH_BULL_JOBS ?? 20_000);
/**
 * Agents becoming available per second in the steady phase: a surge at Vastaamo's scale is a few decisions a second
 * (a thousand calls a day on eighty lines); 500/s is a hundred times the busiest helpline and still sustainable here.
 */
const PACED_RATE = Number(benchEnv.BENCH_PACED_RATE ?? 500);
const PACED_DECISIONS = Number(benchEnv.BENCH_PACED_DECISIONS ?? 3000);
const PINGS = 5000;

export interface PhaseResult {
  concurrency: number;
  decisions: number;
  offers: number;
  noOffer: number;
  acceptFailed: number;
  decideMs: LatencySummary;
  availableToDecidedMs: LatencySummary;
  loadGeneratorRoundTripMs: LatencySummary;
  decisionsPerSec: number;
  redisCommandsPerCycle: number;
}

export interface RoutingSizeResult {
  waiting: number;
  waitingAfter: number;
  loadSeconds: number;
  /** One simulated agent at a time: the decision's own latency, no queueing behind other decisions. */
  unloaded: PhaseResult;
  /** Agents becoming available at a steady PACED_RATE per second: latency at a heavy, sustainable load. */
  steady: PacedResult;
  /** CONCURRENCY simulated agents at once, as fast as they go: throughput (latency here is mostly queueing). */
  loaded: PhaseResult;
}

export interface PacedResult {
  ratePerSec: number;
  achievedPerSec: number;
  skipped: number;
  availableToDecidedMs: LatencySummary;
}

export interface RoutingCoreResult {
  concurrency: number;
  agents: number;
  redisPingMs: LatencySummary;
  redisSequentialOpsPerSec: number;
  redisConcurrentOpsPerSec: number;
  bullmqJobsPerSec: number;
  bullmqJobs: number;
  sizes: RoutingSizeResult[];
  ratioDecisionsToBullmqAt10k: number;
  /** p99 from available to decided at the largest size ÷ at the smallest, at the steady rate. */
  p99Growth1kTo100kSteady: number;
  /** The same for router.agentAvailable with one simulated agent at a time. */
  p99Growth1kTo100kOneAgentAtATime: number;
  /** The same with CONCURRENCY simulated agents going as fast as they can. */
  p99Growth1kTo100kSaturated: number;
  targets: {
    p99Under10msAt10kSteady: boolean;
    p99Under10msAt10kOneAgentAtATime: boolean;
    p99Under10msAt10kSaturated: boolean;
    atLeastQuarterOfBullmq: boolean;
    p99GrowthUnder2x: boolean;
  };
  cpuSeconds: { loadGenerator: number; routingProcess: number; redisServer: number };
}

type RouterRequest = ToRouter extends infer M ? (M extends ToRouter ? Omit<M, 'id'> : never) : never;

/** Talks to the routing process: one pending promise per request id. */
class RouterClient {
  private nextId = 1;
  private readonly pending = new Map<number, (message: FromRouter) => void>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: FromRouter) => {
      if (message.kind === 'error') {
        log(`routing process error: ${message.message}`);
      }
      const resolve = this.pending.get(message.id);
      if (resolve) {
        this.pending.delete(message.id);
        resolve(message);
      }
    });
  }

  request<T extends FromRouter>(message: RouterRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.kind === 'error' ? reject(new Error(reply.message)) : resolve(reply as T),
      );
      this.child.send({ ...message, id });
    });
  }
}

async function measureRedis(
  redis: Redis,
): Promise<Pick<RoutingCoreResult, 'redisPingMs' | 'redisSequentialOpsPerSec' | 'redisConcurrentOpsPerSec'>> {
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) await redis.ping();
  const started = nowMs();
  for (let i = 0; i < PINGS; i++) {
    const t = nowMs();
    await redis.ping();
    samples.push(nowMs() - t);
  }
  const sequential = PINGS / ((nowMs() - started) / 1000);
  // 50 clients, each one command at a time (no pipelining), GET/SET on bench keys.
  const clients = Array.from({ length: 50 }, () => new Redis(REDIS_URL));
  const key = `{bench-rtt-${randomBytes(3).toString('hex')}}:k`;
  const perClient = 400;
  const t0 = nowMs();
  await Promise.all(
    clients.map(async (c, i) => {
      for (let j = 0; j < perClient; j++) {
        if (j % 2) await c.get(`${key}:${i}`);
        else await c.set(`${key}:${i}`, j);
      }
    }),
  );
  const concurrent = (clients.length * perClient) / ((nowMs() - t0) / 1000);
  await deleteKeys(redis, `${key}*`);
  await Promise.all(clients.map((c) => c.quit()));
  return {
    redisPingMs: summarise(samples),
    redisSequentialOpsPerSec: round(sequential, 0),
    redisConcurrentOpsPerSec: round(concurrent, 0),
  };
}

async function measureBullmq(client: RouterClient, prefix: string): Promise<number> {
  const bullPrefix = `{${prefix}-bull}`;
  const queueName = 'noop';
  await client.request({ kind: 'bull-start', queueName, bullPrefix, expected: BULL_JOBS });
  const queue = new Queue(queueName, {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
    prefix: bullPrefix,
  });
  await queue.waitUntilReady();
  const t0 = nowMs();
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < BULL_JOBS) {
        next++;
        await queue.add('noop', {}, { removeOnComplete: true, removeOnFail: true });
      }
    }),
  );
  await waitForBull();
  const seconds = (nowMs() - t0) / 1000;
  await client.request({ kind: 'bull-stop' });
  await queue.close();
  return round(BULL_JOBS / seconds, 0);
}

/** Set when the routing process reports the last BullMQ job completed (a message outside request/reply). */
let bullDoneAt: number | undefined;
async function waitForBull(): Promise<void> {
  while (bullDoneAt === undefined) await new Promise((resolve) => setTimeout(resolve, 2));
  bullDoneAt = undefined;
}

async function runSize(
  client: RouterClient,
  redis: Redis,
  prefix: string,
  waiting: number,
  agents: AgentSpec[],
): Promise<RoutingSizeResult> {
  const helplineId = `h${waiting}`;
  const random = prng(waiting);
  const store = new RedisRoutingStore(redis, new RedisKeys(prefix));
  // Loading (not measured): agents unavailable, N contacts that arrived over the last 10 minutes.
  const loadStart = nowMs();
  for (let i = 0; i < agents.length; i += 200) {
    await Promise.all(
      agents
        .slice(i, i + 200)
        .map((a) =>
          store.putAgent(helplineId, { ...a, capacity: AGENT_CAPACITY, available: false, idleSince: Date.now() }),
        ),
    );
  }
  let contactSeq = 0;
  const newContact = (maxAgeMs: number) => makeContact(`c-${waiting}-${contactSeq++}`, random, maxAgeMs);
  for (let i = 0; i < waiting; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, waiting - i) }, () => {
        const spec = newContact(600_000);
        const queue = QUEUES.find((q) => q.queueId === spec.queueId)!;
        return store.enqueue(helplineId, { ...spec, score: rankScore(spec, queue.ageingMs), version: 1 });
      }),
    );
  }
  const loadSeconds = (nowMs() - loadStart) / 1000;
  const countWaiting = async () => {
    let total = 0;
    for (const q of QUEUES) for (const l of q.languages) total += await store.waitingCount(helplineId, q.queueId, l);
    return total;
  };
  log(`  loaded ${await countWaiting()} waiting contacts and ${agents.length} agents in ${loadSeconds.toFixed(1)} s`);

  const idle = agents.map((a) => a.agentId);
  const byId = new Map(agents.map((a) => [a.agentId, a]));
  const unavailable = (agent: AgentSpec) => ({
    ...agent,
    capacity: AGENT_CAPACITY,
    available: false,
    idleSince: Date.now(),
  });
  /**
   * The simulated agent's side, done here as the api processes would do it, not in the routing process: accept, a new
   * contact arrives in the same queue (the waiting count stays put), complete, and the agent leaves until picked again.
   */
  const workOffer = async (agent: AgentSpec, contactId: string): Promise<boolean> => {
    const spec = newContact(0);
    const queue = QUEUES.find((q) => q.queueId === spec.queueId)!;
    // Sent together: one connection keeps their order, so this is the same as one after the other, in one round trip.
    const [accepted] = await Promise.all([
      store.accept(helplineId, contactId, agent.agentId),
      store.enqueue(helplineId, { ...spec, score: rankScore(spec, queue.ageingMs), version: 1 }),
      store.release(helplineId, agent.agentId, contactId),
      store.putAgent(helplineId, unavailable(agent)),
    ]);
    return accepted !== undefined;
  };
  const park = (agent: AgentSpec) => store.putAgent(helplineId, unavailable(agent));
  const takeIdle = (): AgentSpec | undefined => {
    if (idle.length === 0) return undefined;
    const pick = Math.floor(random() * idle.length);
    const agentId = idle[pick];
    idle[pick] = idle[idle.length - 1];
    idle.pop();
    return byId.get(agentId)!;
  };

  /**
   * Open loop: agents become available at a steady rate whatever the routing process is doing, as in a real surge,
   * so latency is the decision's own plus honest queueing at that rate (a closed loop at full speed measures queueing).
   */
  const paced = async (ratePerSec: number, count: number): Promise<PacedResult> => {
    const availableToDecided: number[] = [];
    const inFlight = new Set<Promise<void>>();
    let skipped = 0;
    const start = nowMs();
    for (let n = 0; n < count; n++) {
      const due = start + (n * 1000) / ratePerSec;
      const wait = due - nowMs();
      if (wait > 0) await sleep(wait);
      const agent = takeIdle();
      if (!agent) {
        skipped++;
        continue;
      }
      const one = (async () => {
        const decided = await client.request<Extract<FromRouter, { kind: 'decided' }>>({
          kind: 'available',
          helplineId,
          agentId: agent.agentId,
        });
        if (n >= WARMUP / 5) availableToDecided.push(decided.mirrorMs + decided.decideMs);
        if (decided.offer) await workOffer(agent, decided.offer.contactId);
        else await park(agent);
        idle.push(agent.agentId);
      })();
      inFlight.add(one);
      void one.finally(() => inFlight.delete(one));
    }
    await Promise.all(inFlight);
    const seconds = (nowMs() - start) / 1000;
    return {
      ratePerSec,
      achievedPerSec: round((count - skipped) / seconds, 0),
      skipped,
      availableToDecidedMs: summarise(availableToDecided),
    };
  };
  /** The simulated agents: an idle pool; each of `concurrency` loops takes a random idle agent through one cycle. */
  const drive = async (concurrency: number, count: number, warmup: number): Promise<PhaseResult> => {
    const decide: number[] = [];
    const availableToDecided: number[] = [];
    const roundTrip: number[] = [];
    let started = 0;
    let offers = 0;
    let noOffer = 0;
    let acceptFailed = 0;
    let measuredStart = nowMs();
    const commands0 = await redisCommands(redis);
    const deadline = nowMs() + MAX_PHASE_MS;
    const cycle = async () => {
      while (started < warmup + count && nowMs() < deadline) {
        const n = started++;
        if (n === warmup) measuredStart = nowMs();
        const agent = takeIdle()!;
        const agentId = agent.agentId;
        const t0 = nowMs();
        const decided = await client.request<Extract<FromRouter, { kind: 'decided' }>>({
          kind: 'available',
          helplineId,
          agentId: agent.agentId,
        });
        if (n >= warmup) {
          roundTrip.push(nowMs() - t0);
          decide.push(decided.decideMs);
          availableToDecided.push(decided.mirrorMs + decided.decideMs);
        }
        if (decided.offer) {
          offers++;
          if (!(await workOffer(agent, decided.offer.contactId))) acceptFailed++;
        } else {
          noOffer++;
          await park(agent);
        }
        idle.push(agentId);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, cycle));
    const seconds = (nowMs() - measuredStart) / 1000;
    const cycles = offers + noOffer;
    return {
      concurrency,
      decisions: decide.length,
      offers,
      noOffer,
      acceptFailed,
      decideMs: summarise(decide),
      availableToDecidedMs: summarise(availableToDecided),
      loadGeneratorRoundTripMs: summarise(roundTrip),
      decisionsPerSec: round(decide.length / seconds, 0),
      redisCommandsPerCycle: round(((await redisCommands(redis)) - commands0) / cycles, 1),
    };
  };
  const unloaded = await drive(1, LATENCY_DECISIONS, 50);
  log(`    1 simulated agent:   ${describe(unloaded)}`);
  const steady = await paced(PACED_RATE, PACED_DECISIONS);
  log(
    `    ${steady.ratePerSec} agents/s becoming available (open loop): available->decided p50 ` +
      `${steady.availableToDecidedMs.p50} ms p99 ${steady.availableToDecidedMs.p99} ms (max ${steady.availableToDecidedMs.max}); ` +
      `achieved ${steady.achievedPerSec}/s, ${steady.skipped} skipped (no idle agent)`,
  );
  const loaded = await drive(CONCURRENCY, DECISIONS, WARMUP);
  log(`    ${CONCURRENCY} simulated agents: ${describe(loaded)}`);
  const waitingAfter = await countWaiting();
  await deleteKeys(redis, `${new RedisKeys(prefix).key('rt', helplineId)}:*`);
  return { waiting, waitingAfter, loadSeconds: round(loadSeconds, 1), unloaded, steady, loaded };
}

function describe(r: PhaseResult): string {
  return (
    `router.agentAvailable p50 ${r.decideMs.p50} ms p99 ${r.decideMs.p99} ms (max ${r.decideMs.max}); ` +
    `available->decided incl. mirror write p50 ${r.availableToDecidedMs.p50} p99 ${r.availableToDecidedMs.p99}; ` +
    `as the load generator sees it p50 ${r.loadGeneratorRoundTripMs.p50} p99 ${r.loadGeneratorRoundTripMs.p99}; ` +
    `${r.decisionsPerSec} decisions/s (${r.offers} offers, ${r.noOffer} no offer, ${r.acceptFailed} accept failed); ` +
    `~${r.redisCommandsPerCycle} Redis commands per agent cycle`
  );
}

/** Commands Redis has processed (all clients: Redis is shared, so this is approximate). */
async function redisCommands(redis: Redis): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? NaN);
}

export async function runRoutingCore(sizes: number[]): Promise<RoutingCoreResult> {
  const prefix = `bench-routing-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(REDIS_URL);
  const child = fork(join(__dirname, 'router-process.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // e.g. BENCH_ROUTER_NODE_ARGS=--cpu-prof to profile the routing process.
    execArgv: benchEnv.BENCH_ROUTER_NODE_ARGS?.split(' ') ?? [],
  });
  const client = new RouterClient(child);
  child.on('message', (message: FromRouter) => {
    if (message.kind === 'bull-done') bullDoneAt = nowMs();
  });
  const cpu0 = { self: selfCpuSeconds(), child: 0, redis: await redisCpuSeconds(redis) };
  try {
    const agents = makeAgents(AGENTS, prng(42));
    await client.request({ kind: 'init', prefix, agents });
    log(`(a) routing core on Redis — prefix ${prefix}, ${AGENTS} agents, ${CONCURRENCY} simulated agents at once`);
    const rtt = await measureRedis(redis);
    log(
      `  Redis PING p50 ${rtt.redisPingMs.p50} ms p99 ${rtt.redisPingMs.p99} ms; one client ${rtt.redisSequentialOpsPerSec} ops/s; ` +
        `50 clients (no pipelining) ${rtt.redisConcurrentOpsPerSec} ops/s`,
    );
    const bullmqJobsPerSec = await measureBullmq(client, prefix);
    log(
      `  BullMQ no-op add-and-process (50 adders here, worker concurrency 50 there): ${bullmqJobsPerSec} jobs/s (${BULL_JOBS} jobs)`,
    );
    const results: RoutingSizeResult[] = [];
    for (const waiting of sizes) {
      log(`  ${waiting} waiting:`);
      const r = await runSize(client, redis, prefix, waiting, agents);
      results.push(r);
      log(`    waiting after the run: ${r.waitingAfter} (kept constant by re-enqueueing)`);
    }
    const cpuChild = (await client.request<Extract<FromRouter, { kind: 'cpu' }>>({ kind: 'cpu' })).seconds;
    const cpu = {
      loadGenerator: round(selfCpuSeconds() - cpu0.self, 2),
      routingProcess: round(cpuChild, 2),
      redisServer: round((await redisCpuSeconds(redis)) - cpu0.redis, 2),
    };
    const at = (n: number) => results.find((r) => r.waiting === n);
    const at10k = at(10_000) ?? results[Math.floor(results.length / 2)];
    const first = results[0];
    const last = results[results.length - 1];
    const exactRatio = at10k.loaded.decisionsPerSec / bullmqJobsPerSec;
    const ratio = round(exactRatio, 3);
    const growth = round(last.steady.availableToDecidedMs.p99 / first.steady.availableToDecidedMs.p99, 2);
    const growthUnloaded = round(last.unloaded.decideMs.p99 / first.unloaded.decideMs.p99, 2);
    const growthSaturated = round(last.loaded.decideMs.p99 / first.loaded.decideMs.p99, 2);
    const result: RoutingCoreResult = {
      concurrency: CONCURRENCY,
      agents: AGENTS,
      ...rtt,
      bullmqJobsPerSec,
      bullmqJobs: BULL_JOBS,
      sizes: results,
      ratioDecisionsToBullmqAt10k: ratio,
      p99Growth1kTo100kSteady: growth,
      p99Growth1kTo100kOneAgentAtATime: growthUnloaded,
      p99Growth1kTo100kSaturated: growthSaturated,
      targets: {
        p99Under10msAt10kSteady: at10k.steady.availableToDecidedMs.p99 < 10,
        p99Under10msAt10kOneAgentAtATime: at10k.unloaded.availableToDecidedMs.p99 < 10,
        p99Under10msAt10kSaturated: at10k.loaded.availableToDecidedMs.p99 < 10,
        atLeastQuarterOfBullmq: exactRatio >= 0.25,
        p99GrowthUnder2x: growth < 2,
      },
      cpuSeconds: cpu,
    };
    log(
      `  decisions/s at ${at10k.waiting} waiting ÷ BullMQ jobs/s = ${ratio} (target >= 0.25: ${result.targets.atLeastQuarterOfBullmq}); ` +
        `p99 ${first.waiting} -> ${last.waiting} waiting grew ${growth}x at ${PACED_RATE}/s, ${growthUnloaded}x one at a ` +
        `time, ${growthSaturated}x saturated (target < 2: ${result.targets.p99GrowthUnder2x}); p99 at ${at10k.waiting} ` +
        `waiting < 10 ms: ${result.targets.p99Under10msAt10kSteady} at ${PACED_RATE}/s ` +
        `(${at10k.steady.availableToDecidedMs.p99} ms), ${result.targets.p99Under10msAt10kOneAgentAtATime} one at a ` +
        `time (${at10k.unloaded.availableToDecidedMs.p99} ms), ${result.targets.p99Under10msAt10kSaturated} saturated ` +
        `(${at10k.loaded.availableToDecidedMs.p99} ms)`,
    );
    log(
      `  CPU s: load generator ${cpu.loadGenerator}, routing process ${cpu.routingProcess}, redis-server ${cpu.redisServer}`,
    );
    return result;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await client.request({ kind: 'exit' }).catch(() => undefined);
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill();
    await deleteKeys(redis, `{${prefix}*`);
    await redis.quit();
  }
}
