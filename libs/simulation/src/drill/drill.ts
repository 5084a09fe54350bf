import { randomBytes, randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { PlanReport } from '../planner/plan-report';
import { runPlan } from '../planner/plan';
import { rosterOf, teamName } from '../planner/roster';
import type { Scenario } from '../scenario/scenario.schema';
import { callbackPolicyOf } from '../scenario/scenario-loader';
import { runChecks, type CheckResult, type CheckTolerances } from './drill-checks';
import { DrillHttp, DrillSetupError, LatencyLog, type StaffCredentials } from './drill-client';
import { compressedQueue, measuredCompression, type CompressedSetting } from './drill-compression';
import { DrillContext, languageCodes } from './drill-context';
import { differencesOf, spreadOf, timelineOf } from './drill-comparison';
import { abandonedWaiting, answeredLive, observedHours, type DrillClock } from './drill-figures';
import { liveBetween, liveHours, type LiveSample } from './live-figures';
import { play } from './drill-play';
import { liveFigures, measureClockOffset, readRecord, settledSample } from './drill-readback';
import type { DrillRecording } from './drill-recording';
import type { DrillReport } from './drill-report';
import { DrillResources, signInAdmin } from './drill-resources';
import { scriptOf } from './drill-script';
import { SimulatedCaller } from './simulated-caller';

const HOUR_MS = 3_600_000;
/** A drill this large is a load test, not a drill: refused rather than half-run. */
const MAX_CALLERS = 50_000;
const MAX_AGENTS = 500;
/** The planner's runs with other seeds, for the range chance alone gives: at most this many, in about this long. */
const MAX_REPLICATIONS = 19;
const REPLICATION_BUDGET_MS = 5000;

export interface DrillOptions {
  /** The running Tuki, e.g. `http://127.0.0.1:3000`. */
  url: string;
  scenario: Scenario;
  /**
   * Simulated seconds per real second (60: a simulated minute each second). Every duration of the scenario is divided
   * by it; see the report's compression section for what that costs. 1-3600.
   */
  speed: number;
  /** An admin of the helpline to drill (the drill creates its queue, agents and a service credential as them). */
  credentials: StaffCredentials;
  /**
   * Real seconds to wait after the last arrival for the contacts still open to end; callers still waiting then hang
   * up. Default: 15 s, or ten mean handle times, whichever is longer, at most 120 s.
   */
  drainSeconds?: number;
  tolerances?: Partial<CheckTolerances>;
  /** Progress lines, for a terminal. */
  log?: (line: string) => void;
  /** The prediction to compare with; default the planner (`runPlan`) on the same scenario. */
  plan?: (scenario: Scenario) => Promise<PlanReport>;
}

/** What the live part of a drill leaves for the checks and the report. */
interface Played {
  callers: SimulatedCaller[];
  recording: DrillRecording;
  samples: LiveSample[];
  clock: DrillClock;
  realEnd: number;
  settings: CompressedSetting[];
  incidents: string[];
  /** Scenario language -> the local-use code the drill used for it. */
  languages: Record<string, string>;
}

/**
 * Drives a running Tuki through its public HTTP and socket API with the scenario's callers and agents, on a clock
 * compressed `speed` times, then checks from the history API and the offers the agents received that nothing was lost,
 * nobody was double-booked and order held, and sets the live figures beside the planner's for the same scenario.
 */
export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const { scenario, speed } = options;
  const log = options.log ?? (() => undefined);
  if (!Number.isFinite(speed) || speed < 1 || speed > 3600)
    throw new DrillSetupError(`--speed must be a number from 1 to 3600 (got ${speed})`);
  if (options.drainSeconds !== undefined && !(options.drainSeconds >= 0 && options.drainSeconds <= 3600))
    throw new DrillSetupError(`--drain must be a number of seconds from 0 to 3600 (got ${options.drainSeconds})`);
  if (!options.credentials.login || !options.credentials.password)
    throw new DrillSetupError('the drill needs an admin account: TUKI_DRILL_LOGIN and TUKI_DRILL_PASSWORD');
  const latency = new LatencyLog();
  const http = new DrillHttp(options.url, latency);
  await http.ensureReady();
  const admin = await signInAdmin(http, options.credentials);
  const resources = new DrillResources(
    http,
    admin.token,
    `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`,
  );
  let played: Played;
  try {
    played = await drive(options, http, admin.token, resources, log);
  } finally {
    await resources.tidy();
    await admin.signOut().catch(() => undefined);
  }

  const checks = runChecks(played.recording, options.tolerances);
  log(
    `Checks: ${checks.map((c) => `${c.name} ${c.passed ? 'passed' : 'FAILED'}`).join(', ')}; planning the same scenario`,
  );
  const planner = options.plan ?? ((s: Scenario) => runPlan(s));
  let plans: PlanReport[] = [];
  let planNote: DrillReport['comparison']['plan'];
  try {
    plans = [await planner(scenario)];
    // Other seeds, as many as fit in the time allowed: how much a run of this size varies by chance alone.
    const runs = Math.min(MAX_REPLICATIONS, Math.floor(REPLICATION_BUDGET_MS / Math.max(1, plans[0].run.elapsedMs)));
    for (let k = 1; k <= runs; k++) plans.push(await planner({ ...scenario, seed: (scenario.seed + k) % 2 ** 32 }));
    planNote = { elapsedMs: plans[0].run.elapsedMs, runsWithOtherSeeds: runs };
  } catch (error) {
    planNote = { error: error instanceof Error ? error.message : String(error) };
  }
  return assemble(options, http, resources, played, checks, plans, planNote);
}

/** The live part: the drill's resources, the agents signed in, the script played, the record read back. */
async function drive(
  options: DrillOptions,
  http: DrillHttp,
  token: () => Promise<string>,
  resources: DrillResources,
  log: (line: string) => void,
): Promise<Played> {
  const { scenario, speed } = options;
  const maxAttempts = scenario.callbacks ? callbackPolicyOf(scenario).maxAttempts : 0;
  const script = scriptOf(scenario, maxAttempts);
  if (script.length > MAX_CALLERS)
    throw new DrillSetupError(`${script.length} callers: a drill plays at most ${MAX_CALLERS} (shorten the scenario)`);
  const handle = scenario.handleTime;
  const meanHandle = handle.distribution === 'fixed' ? handle.seconds : handle.meanSeconds;
  const drainSeconds = options.drainSeconds ?? Math.min(120, Math.max(15, (10 * meanHandle) / speed));
  const startMs = DateTime.fromISO(scenario.startAt).toMillis();
  const arrivalsMs = scenario.hours * HOUR_MS;
  const roster = rosterOf(scenario, startMs + arrivalsMs + drainSeconds * 1000 * speed).filter(
    (agent) => agent.onDuty.length > 0,
  );
  if (roster.length > MAX_AGENTS)
    throw new DrillSetupError(`${roster.length} agents: a drill plays at most ${MAX_AGENTS}`);

  const clockOffsetMs = await measureClockOffset(http, token);
  const care = await http.request<{ highRiskCap: number; capOverrideAfterSeconds: number }>('GET', '/care-settings', {
    token,
    label: 'setup',
  });
  const languages = [
    ...new Set([...Object.keys(scenario.arrivals.languages), ...scenario.agents.flatMap((t) => t.languages)]),
  ];
  const codes = languageCodes(languages, randomInt(20 * 26));
  const code = (language: string) => codes.get(language)!;
  const runId = resources.runId;
  log(
    `Drill ${runId}: ${script.length} callers over ${scenario.hours} h, ${roster.length} agents, at ${speed}x ` +
      `(${Math.round(arrivalsMs / speed / 100) / 10} s of arrivals); languages ` +
      [...codes].map(([language, c]) => `${language}=${c}`).join(' '),
  );

  // The drill's own queue, with the scenario's timeouts compressed as far as the API takes them.
  const compressed = compressedQueue(
    scenario,
    speed,
    `Drill ${scenario.name} ${runId}`,
    Object.keys(scenario.arrivals.languages).map(code),
  );
  const queue = await resources.createQueue(compressed.definition);
  const credential = await resources.createCredential();
  const ctx = new DrillContext<SimulatedCaller>(
    http,
    http.latency,
    {
      speed,
      serviceToken: credential.token,
      queueId: queue.id,
      languageCode: code,
      answerSeconds: scenario.answerSeconds,
      wrapUpSeconds: scenario.wrapUpSeconds,
      callbacks: scenario.callbacks !== undefined,
      maxAttempts,
      clockOffsetMs,
      runId,
    },
    randomInt(40_000),
  );
  try {
    const agents = await resources.createAgents(
      roster,
      (agent) => ({
        team: teamName(scenario.agents[agent.team]),
        languages: agent.languages.map(code),
        capacity: agent.capacity,
        duty: agent.onDuty.map(([from, to]) => [(from - startMs) / speed, (to - startMs) / speed]),
        // The simulated agent completes its wrap-up itself; the server's own end of wrap-up is only a backstop.
        wrapUpSeconds: Math.min(3600, Math.ceil(scenario.wrapUpSeconds / speed) + 2),
      }),
      ctx,
    );
    const callers = script.map((caller) => new SimulatedCaller(caller, ctx));
    const samples: LiveSample[] = [];
    const sample = async () => {
      samples.push({ at: Date.now(), queue: await liveFigures(http, token, queue.id).catch(() => null) });
    };
    const { realStart, realEnd } = await play({ ctx, callers, agents, arrivalsMs, drainSeconds, sample, log });
    await Promise.all(agents.map((agent) => agent.stop()));

    log('Reading the record back (contacts, histories, callbacks)');
    const record = await readRecord(http, token, callers);
    samples.sort((a, b) => a.at - b.at);
    samples.push(await settledSample(http, token, queue.id, samples[0], record));
    await resources.withdrawCallbacks(record.callbacks.filter((c) => c.status === 'open').map((c) => c.id));
    const recording: DrillRecording = {
      queue: {
        id: queue.id,
        ageingMs: queue.ageingSeconds * 1000,
        offerTimeoutMs: queue.offerTimeoutSeconds * 1000,
        voiceBlocksChat: queue.voiceBlocksChat,
        callbackInitialDelayMs: (queue.callbackPolicy.initialDelaySeconds ?? 0) * 1000,
        callbackRetryDelaysMs: (queue.callbackPolicy.retryDelaysSeconds ?? []).map((s) => s * 1000),
      },
      care: { highRiskCap: care.highRiskCap, capOverrideAfterMs: care.capOverrideAfterSeconds * 1000 },
      agents: agents.map((a) => ({ agentId: a.userId, languages: a.spec.languages, capacity: a.spec.capacity })),
      ...record,
      offers: agents.flatMap((a) => a.offers),
      failedIntakes: callers
        .filter((c) => c.intakeError !== undefined)
        .map((c) => ({ caller: c.script.index, error: c.intakeError! })),
      clockOffsetMs,
    };
    return {
      callers,
      recording,
      samples,
      clock: { realStart, speed, clockOffsetMs },
      realEnd,
      settings: compressed.settings,
      incidents: ctx.incidents,
      languages: Object.fromEntries(codes),
    };
  } finally {
    ctx.end();
  }
}

/** The report: the figures side by side, the record against the live metrics, the tolerance, the checks. */
function assemble(
  options: DrillOptions,
  http: DrillHttp,
  resources: DrillResources,
  played: Played,
  checks: CheckResult[],
  plans: PlanReport[],
  planNote: DrillReport['comparison']['plan'],
): DrillReport {
  const { scenario, speed } = options;
  const { recording, samples, clock, callers } = played;
  const plan = plans[0] ?? null;
  const observed = observedHours({
    scenario,
    clock,
    callers: callers.map((c) => ({
      atMs: c.script.atMs,
      language: c.script.language,
      contactId: c.contactId,
      tookCallback: c.tookCallback,
    })),
    recording,
    duty: resources.agents.map((a) => a.spec.duty),
  });
  const live = liveHours(samples, clock, scenario.hours);
  const liveTotal = liveBetween(-1, samples[0], samples.at(-1), speed);
  const agreement = [
    { what: 'contacts that arrived', record: recording.contacts.length, live: liveTotal?.arrivals },
    {
      what: 'callers answered',
      record: recording.contacts.filter((c) => answeredLive(c)).length,
      live: liveTotal?.answered,
    },
    {
      what: 'hang-ups while waiting',
      record: recording.contacts.filter(abandonedWaiting).length,
      live: liveTotal?.abandoned,
    },
    { what: 'callbacks asked for', record: recording.callbacks.length, live: liveTotal?.callbacksRequested },
  ].map((a) => ({ ...a, live: a.live ?? null, agrees: a.live === a.record }));
  const offers = recording.offers;
  const ended = (end: string) => offers.filter((o) => o.end === end).length;
  const withStatus = (status: string) => recording.callbacks.filter((c) => c.status === status).length;
  return {
    drill: {
      scenario: scenario.name,
      description: scenario.description,
      seed: scenario.seed,
      hours: scenario.hours,
      speed,
      url: http.baseUrl,
      startedAt: new Date(clock.realStart).toISOString(),
      wallSeconds: Math.round((played.realEnd - clock.realStart) / 100) / 10,
      languages: played.languages,
      target: scenario.target,
    },
    resources: {
      queueId: recording.queue.id,
      serviceCredentialId: resources.credential?.id ?? '',
      agents: resources.agents.map((a) => ({ userId: a.userId, team: a.spec.team })),
      cleanup: resources.cleanup,
    },
    compression: measuredCompression(speed, http.latency, played.settings),
    comparison: {
      hours: observed.hours.map((hour, i) => ({
        hour: hour.hour,
        startsAt: hour.startsAt,
        predicted: plan?.hours[i] ?? null,
        observed: hour,
        live: live[i] ?? null,
      })),
      predicted: plan?.summary ?? null,
      observed: observed.summary,
      live: liveTotal,
      differences: differencesOf(plan, observed.summary, liveTotal, spreadOf(plans)),
      plan: planNote,
    },
    agreement,
    timeline: timelineOf(recording, samples, clock, (played.realEnd - clock.realStart) * speed),
    checks,
    counts: {
      callers: callers.length,
      contacts: recording.contacts.length,
      failedIntakes: recording.failedIntakes.length,
      conflictRetries: http.conflictRetries,
      offers: {
        received: offers.length,
        accepted: ended('accepted'),
        declined: ended('declined'),
        refused: ended('refused'),
        withdrawn: ended('withdrawn'),
        open: ended('open'),
      },
      callbacks: {
        offeredAtIntake: callers.filter((c) => c.offeredCallback).length,
        requested: recording.callbacks.length,
        merged: callers.filter((c) => c.callbackMerged).length,
        completed: withStatus('completed'),
        expired: withStatus('expired'),
        pendingAtEnd: withStatus('open'),
      },
    },
    incidents: played.incidents,
    recording,
    passed: checks.every((c) => c.passed),
  };
}
