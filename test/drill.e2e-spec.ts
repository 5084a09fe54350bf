import { createServer } from 'node:net';
import {
  DrillSetupError,
  DrillUnreachableError,
  ScenarioError,
  loadScenario,
  parseScenario,
  renderDrillHtml,
  renderDrillTable,
  runDrill,
  type DrillReport,
} from '@tuki/simulation';
import { drillCommand } from '../apps/simulation/src/drill-command';
import { seedHelpline, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send } from './support/http';

/** The proof: a drill at small scale, checks passing, in under 90 s of wall time with the boot. */
const WALL_BUDGET_MS = 90_000;
const SPEED = 90;

/** A port nothing listens on: bound and released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a drill of drill-smoke against a running Tuki', () => {
  const started = Date.now();
  let api: RunningApi;
  let seed: SeededHelpline;
  let report: DrillReport;
  let drillMs: number;
  let bootMs: number;

  beforeAll(async () => {
    api = await startApi('drill');
    seed = await seedHelpline(api, 'Drill line');
    bootMs = Date.now() - started;
    const admin = seed.users.admin;
    const drillStarted = Date.now();
    report = await runDrill({
      url: api.url,
      scenario: loadScenario('drill-smoke'),
      speed: SPEED,
      credentials: { login: admin.login, password: admin.password, totpSecret: admin.totpSecret },
    });
    drillMs = Date.now() - drillStarted;
  }, WALL_BUDGET_MS);

  afterAll(async () => {
    await api?.close();
  });

  it('passes its checks: nothing lost, nobody double-booked, order held', () => {
    expect(report.checks.map((c) => [c.name, c.passed, c.problems])).toEqual([
      ['nothing-lost', true, []],
      ['no-double-booking', true, []],
      ['order', true, []],
    ]);
    expect(report.checks.every((c) => c.examined > 0)).toBe(true);
    expect(report.passed).toBe(true);
    // Every offer an agent received was answered one way or another, and callers went every way a caller goes.
    expect(report.counts.offers.received).toBeGreaterThan(50);
    expect(report.counts.offers.open).toBe(0);
    expect(report.counts.failedIntakes).toBe(0);
    expect(report.counts.callbacks.requested).toBeGreaterThan(0);
    expect(report.comparison.observed.abandoned + report.comparison.observed.answered).toBeGreaterThan(0);
  });

  it("sets the live figures beside the planner's for the same scenario, and they are sane", () => {
    const { comparison } = report;
    expect('elapsedMs' in comparison.plan).toBe(true);
    expect(comparison.hours).toHaveLength(1);
    const [hour] = comparison.hours;
    expect(hour.predicted).not.toBeNull();
    expect(hour.live).not.toBeNull();
    // Same rate, independent draws: the arrivals agree within a Poisson spread.
    const predicted = comparison.predicted!.arrivals;
    expect(Math.abs(comparison.observed.arrivals - predicted)).toBeLessThanOrEqual(4 * Math.sqrt(predicted));
    const rates = comparison.differences
      .filter((d) => d.metric === 'service level' || d.metric === 'abandonment')
      .flatMap((d) => [d.predicted, d.observed, d.live])
      .filter((v): v is number => v !== null);
    expect(rates).toHaveLength(6);
    expect(rates.every((v) => v >= 0 && v <= 1)).toBe(true);
    // And how much a run of this size varies by chance alone, from the planner with other seeds.
    expect(comparison.plan).toMatchObject({ runsWithOtherSeeds: expect.any(Number) });
    const level = comparison.differences.find((d) => d.metric === 'service level')!;
    expect(level.predictedRange![0]).toBeLessThanOrEqual(level.predictedRange![1]);
    expect(comparison.observed.serviceLevel).not.toBeNull();
    expect(comparison.observed.meanWaitSeconds).not.toBeNull();
    // The live metrics count the same contacts the record holds.
    expect(report.agreement.map((a) => [a.what, a.agrees])).toEqual(report.agreement.map((a) => [a.what, true]));
    expect(report.timeline.length).toBeGreaterThan(10);
  });

  it('states the tolerance time compression costs, measured in the run', () => {
    const { compression } = report;
    const names = compression.measured.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(['offer delivery', 'accept round trip', 'timer lateness', 'contact intake']),
    );
    for (const m of compression.measured) {
      expect(m.count).toBeGreaterThan(0);
      expect(m.medianSimulatedSeconds).toBeCloseTo((m.medianMs * SPEED) / 1000, 0);
    }
    expect(compression.statement).toMatch(/^At 90x, every wait the drill measures runs about [\d.]+ s/);
    // What the API would not take compressed is named: the offer timeout's minimum of 5 s, say.
    expect(compression.settings.find((s) => s.name === 'offer timeout')).toMatchObject({
      appliedRealSeconds: 5,
      simulatedSeconds: 450,
    });
    expect(compression.fixed.map((f) => f.what)).toContain('short abandon');
  });

  it('writes a table for the terminal and a page with charts', () => {
    const table = renderDrillTable(report);
    expect(table).toMatch(/Check nothing-lost: PASSED/);
    expect(table).toMatch(/Compression: At 90x/);
    const html = renderDrillHtml(report);
    expect(html.match(/<svg /g)?.length).toBe(5);
    expect(html).toContain('Every check passed.');
  });

  it('tidies away what it made: queue closed, agents disabled, credential revoked', async () => {
    const token = seed.users.admin.accessToken;
    const queue = await send(api, 'GET', `/routing-queues/${report.resources.queueId}`, token);
    expect(queue.body).toMatchObject({ open: false });
    for (const agent of report.resources.agents) {
      expect((await send(api, 'GET', `/staff/users/${agent.userId}`, token)).body).toMatchObject({ disabled: true });
    }
    const credentials = await send(api, 'GET', '/service-credentials', token);
    expect(credentials.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: report.resources.serviceCredentialId, revoked: true })]),
    );
    expect(report.resources.cleanup.filter((line) => line.includes('FAILED'))).toEqual([]);
  });

  it('says clearly what is wrong: no credentials, nothing at the address, a bad scenario', async () => {
    const scenario = loadScenario('drill-smoke');
    await expect(
      runDrill({ url: api.url, scenario, speed: SPEED, credentials: { login: '', password: '' } }),
    ).rejects.toThrow(
      new DrillSetupError('the drill needs an admin account: TUKI_DRILL_LOGIN and TUKI_DRILL_PASSWORD'),
    );
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = runDrill({ url: nowhere, scenario, speed: SPEED, credentials: { login: 'a', password: 'b' } });
    await expect(unreachable).rejects.toThrow(DrillUnreachableError);
    await expect(unreachable).rejects.toThrow(/^Nothing answers at http:\/\/127\.0\.0\.1:\d+: is Tuki running there\?/);
    await expect(
      runDrill({
        url: api.url,
        scenario,
        speed: SPEED,
        credentials: { login: seed.users.admin.login, password: 'wrong password' },
      }),
    ).rejects.toThrow(/the drill account was refused \(INVALID_CREDENTIALS\)/);
    await expect(
      runDrill({
        url: api.url,
        scenario,
        speed: SPEED,
        credentials: { login: seed.users.agent.login, password: seed.users.agent.password },
      }),
    ).rejects.toThrow(/must be an admin/);
    expect(() =>
      parseScenario({ ...scenario, hours: -1, arrivals: { ...scenario.arrivals, languages: { de: 1 } } }),
    ).toThrow(ScenarioError);
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await drillCommand(['--url', api.url, '--scenario', 'drill-smoke'], {})).toBe(2);
      expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/set TUKI_DRILL_LOGIN and TUKI_DRILL_PASSWORD/));
      const env = { TUKI_DRILL_LOGIN: 'a', TUKI_DRILL_PASSWORD: 'b' };
      expect(await drillCommand(['--url', api.url, '--scenario', 'no-such-scenario'], env)).toBe(2);
      expect(log).toHaveBeenLastCalledWith(
        expect.stringMatching(/^The scenario cannot be played: no-such-scenario: no such file/),
      );
      expect(await drillCommand(['--url', nowhere, '--scenario', 'drill-smoke'], env)).toBe(1);
      expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/^Nothing answers at/));
    } finally {
      log.mockRestore();
    }
  });

  it(`finishes within ${WALL_BUDGET_MS / 1000} s of wall time, boot included`, () => {
    const wall = Date.now() - started;
    console.log(
      `drill e2e: boot and seed ${bootMs} ms, drill ${drillMs} ms (${report.counts.callers} callers, ` +
        `${report.drill.wallSeconds} s of play), whole file so far ${wall} ms. ${report.compression.statement}`,
    );
    expect(wall).toBeLessThan(WALL_BUDGET_MS);
  });
});
