import { randomUUID } from 'node:crypto';
import type { JobPayloads, PlanReportView, PlanView } from '@tuki/contracts';
import { JobsService } from '@tuki/platform';
import { seedHelpline, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send, until } from './support/http';

/*
 * The staffing planner from the dashboard's side of the API: a supervisor asks for a plan, a worker plays it (here in
 * the api's process, as the zero-config start does) and the report comes back with the plan; roles, helplines and the
 * one-plan-at-a-time rule are enforced on the way.
 */

/** A day of a small Finnish line: quick to play, with enough contacts for its figures to mean something. */
const SMALL_DAY = {
  name: 'small-day',
  seed: 20261021,
  startAt: '2026-10-21T00:00:00+03:00',
  hours: 24,
  arrivals: { perHour: 10, languages: { fi: 1 } },
  handleTime: { distribution: 'exponential', meanSeconds: 300 },
  patience: { distribution: 'exponential', meanSeconds: 180 },
  agents: [{ languages: ['fi'], count: 2 }],
};

async function finished(api: RunningApi, token: string, id: string, ms = 30_000): Promise<PlanView> {
  let plan: PlanView | undefined;
  await until(
    async () => {
      const reply = await send(api, 'GET', `/planner/plans/${id}`, token);
      plan = reply.body as PlanView;
      return reply.status === 200 && (plan.state === 'done' || plan.state === 'failed');
    },
    ms,
    `plan ${id} to finish`,
  );
  return plan!;
}

function expectSaneFigures(report: PlanReportView, hours: number): void {
  expect(report.hours).toHaveLength(hours);
  const { summary } = report;
  expect(summary.arrivals).toBeGreaterThan(hours * 5);
  expect(report.hours.reduce((sum, hour) => sum + hour.arrivals, 0)).toBe(summary.arrivals);
  expect(summary.answered + summary.abandoned).toBeLessThanOrEqual(summary.arrivals);
  expect(summary.answered).toBeGreaterThan(summary.arrivals / 2);
  for (const share of [summary.serviceLevel, summary.abandonment]) {
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
  }
  expect(summary.meanWaitSeconds).toBeGreaterThanOrEqual(0);
  expect(summary.p95WaitSeconds).toBeGreaterThanOrEqual(0);
  expect(summary.hoursBelowTarget).toBeGreaterThanOrEqual(0);
  expect(summary.hoursBelowTarget).toBeLessThanOrEqual(hours);
}

describe('staffing planner API', () => {
  let api: RunningApi;
  let a: SeededHelpline;
  let b: SeededHelpline;

  beforeAll(async () => {
    api = await startApi('planner');
    a = await seedHelpline(api, 'Planner A');
    b = await seedHelpline(api, 'Planner B');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('lists the shipped scenarios for supervisors and admins', async () => {
    for (const token of [a.users.supervisor.accessToken, a.users.admin.accessToken]) {
      const reply = await send(api, 'GET', '/planner/scenarios', token);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'normal-week', hours: 168, surge: null }),
          expect.objectContaining({ name: 'breach-surge', hours: 168, surge: { atHour: 57, peak: 8 } }),
        ]),
      );
    }
  });

  it('plays a supervisor’s day-long scenario on the worker and returns a report whose figures add up, audited', async () => {
    const asked = await send(api, 'POST', '/planner/plans', a.users.supervisor.accessToken, { scenario: SMALL_DAY });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ id: expect.any(String) });
    const plan = await finished(api, a.users.supervisor.accessToken, asked.body.id as string);
    expect(plan).toMatchObject({ id: asked.body.id, state: 'done', progress: 100, scenario: 'small-day', error: null });
    expect(plan.staffing).toBe(false);
    expect(plan.finishedAt).toBeGreaterThanOrEqual(plan.requestedAt);
    expect(plan.report!.scenario).toMatchObject({ name: 'small-day', hours: 24, seed: SMALL_DAY.seed });
    expect(plan.report!.staffing).toBeUndefined();
    expectSaneFigures(plan.report!, 24);

    const audit = await send(
      api,
      'GET',
      `/audit?action=simulation.plan-requested&subjectId=${asked.body.id}`,
      a.users.admin.accessToken,
    );
    expect(audit.body).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: a.users.supervisor.id }),
        subjectType: 'simulation-plan',
        fields: ['inline'],
        purpose: 'planning',
      }),
    ]);
  });

  it('answers how many agents hold the target when asked for the staffing', async () => {
    const asked = await send(api, 'POST', '/planner/plans', a.users.admin.accessToken, {
      scenario: SMALL_DAY,
      staffing: true,
    });
    expect(asked.status).toBe(202);
    const plan = await finished(api, a.users.admin.accessToken, asked.body.id as string);
    expect(plan.state).toBe('done');
    expect(plan.staffing).toBe(true);
    const staffing = plan.report!.staffing!;
    expect(staffing.target).toEqual({ answerWithinSeconds: 20, serviceLevel: 0.8 });
    expect(staffing.byLanguage).toEqual([
      expect.objectContaining({ language: 'fi', perHour: expect.any(Array), peak: expect.any(Number) }),
    ]);
    const [fi] = staffing.byLanguage;
    expect(fi.perHour).toHaveLength(24);
    expect(fi.peak).toBe(Math.max(...fi.perHour));
    expect(fi.peak).toBeGreaterThanOrEqual(2);
    expect(staffing.summary.arrivals).toBeGreaterThan(0);
  });

  it('refuses agents and analysts', async () => {
    for (const user of [a.users.agent, a.users.analyst]) {
      const token = user.accessToken;
      expect((await send(api, 'GET', '/planner/scenarios', token)).status).toBe(403);
      expect((await send(api, 'POST', '/planner/plans', token, { scenario: 'normal-week' })).status).toBe(403);
      expect((await send(api, 'GET', `/planner/plans/${randomUUID()}`, token)).status).toBe(403);
    }
  });

  it('refuses a bad scenario with a 400 naming each problem by its field', async () => {
    const token = a.users.supervisor.accessToken;
    const bad = await send(api, 'POST', '/planner/plans', token, {
      scenario: { ...SMALL_DAY, hours: 0, arrivals: { ...SMALL_DAY.arrivals, perHour: 'many' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PLAN_SCENARIO_INVALID');
    const problems = bad.body.details.problems as string[];
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^hours: /), expect.stringMatching(/^arrivals\.perHour: /)]),
    );
    expect(bad.body.message).toContain('arrivals.perHour: ');

    const unknown = await send(api, 'POST', '/planner/plans', token, { scenario: 'package.json' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.problems).toEqual([expect.stringMatching(/^scenario: not a shipped scenario/)]);
    const missing = await send(api, 'POST', '/planner/plans', token, { staffing: true });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^scenario: /);
    const stray = await send(api, 'POST', '/planner/plans', token, { scenario: 'normal-week', staffing: 'yes' });
    expect(stray.status).toBe(400);
    expect(stray.body.message).toMatch(/staffing/);
  });

  it('treats another helpline’s plan as one that does not exist', async () => {
    const asked = await send(api, 'POST', '/planner/plans', b.users.supervisor.accessToken, { scenario: SMALL_DAY });
    expect(asked.status).toBe(202);
    const ofB = await send(api, 'GET', `/planner/plans/${asked.body.id}`, a.users.supervisor.accessToken);
    const madeUp = await send(api, 'GET', `/planner/plans/${randomUUID()}`, a.users.supervisor.accessToken);
    expect(ofB.status).toBe(404);
    expect(madeUp.status).toBe(404);
    expect(ofB.body).toEqual(madeUp.body);
    expect((await send(api, 'GET', '/planner/plans/not-a-uuid', a.users.supervisor.accessToken)).status).toBe(400);
    expect((await finished(api, b.users.supervisor.accessToken, asked.body.id as string)).state).toBe('done');
  });

  it('shows a plan the worker cannot play as failed, with the reason, without retrying it', async () => {
    // Queued past the API's checks, as a job from an older version with other rules would be.
    const jobs = api.app.get<JobsService<JobPayloads>>(JobsService);
    const id = randomUUID();
    await jobs.add(
      'simulation.plan',
      { helplineId: a.helplineId, requestedBy: a.users.supervisor.id, scenario: { name: 'broken' }, staffing: false },
      { jobId: `simulation-plan:${id}` },
    );
    const plan = await finished(api, a.users.supervisor.accessToken, id);
    expect(plan).toMatchObject({ state: 'failed', scenario: 'broken', report: null });
    expect(plan.error).toMatch(/seed: /);
    expect((await jobs.find('simulation.plan', `simulation-plan:${id}`))?.attemptsMade).toBe(1);
  });

  it('runs one plan at a time per helpline: a second one while the first runs is refused with 409', async () => {
    const token = a.users.supervisor.accessToken;
    // A week with the staffing search: a couple of seconds of the worker's CPU.
    const first = await send(api, 'POST', '/planner/plans', token, { scenario: 'normal-week', staffing: true });
    expect(first.status).toBe(202);
    const [second, third, otherHelpline] = await Promise.all([
      send(api, 'POST', '/planner/plans', token, { scenario: SMALL_DAY }),
      send(api, 'POST', '/planner/plans', a.users.admin.accessToken, { scenario: 'breach-surge' }),
      send(api, 'POST', '/planner/plans', b.users.supervisor.accessToken, { scenario: SMALL_DAY }),
    ]);
    for (const refused of [second, third]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'PLAN_ALREADY_RUNNING',
        message: expect.stringContaining('already running'),
        details: { planId: first.body.id },
      });
    }
    // Another helpline's plan does not wait for this one.
    expect(otherHelpline.status).toBe(202);

    const plan = await finished(api, token, first.body.id as string);
    expect(plan.state).toBe('done');
    expect(plan.report!.staffing!.byLanguage.map((l) => l.language).sort()).toEqual(['en', 'fi', 'sv']);
    expectSaneFigures(plan.report!, 168);
    // Done: the helpline may plan again.
    const again = await send(api, 'POST', '/planner/plans', token, { scenario: SMALL_DAY });
    expect(again.status).toBe(202);
    await finished(api, token, again.body.id as string);
    await finished(api, b.users.supervisor.accessToken, otherHelpline.body.id as string);
  });
});
