import { DateTime } from 'luxon';
import { loadScenario, parseScenario } from '../scenario/scenario-loader';
import type { ScenarioInput } from '../scenario/scenario.schema';
import { ArrivalRate } from './arrival-rate';
import { runPlan } from './plan';
import { rosterOf } from './roster';

// A surge of two days, so the staffing search (many runs of the scenario) stays a few seconds.
const shortSurge: ScenarioInput = {
  name: 'short-surge',
  seed: 42,
  startAt: '2026-10-26T00:00:00+02:00',
  hours: 48,
  arrivals: {
    perHour: 20,
    languages: { fi: 0.9, sv: 0.1 },
    channels: { voice: 0.7, chat: 0.3 },
    surge: { atHour: 9, peak: 8, rampMinutes: 60, halfLifeHours: 12 },
  },
  handleTime: { distribution: 'lognormal', meanSeconds: 480, sdSeconds: 300 },
  wrapUpSeconds: 60,
  patience: { distribution: 'exponential', meanSeconds: 180 },
  callbacks: { takeShare: 0.5 },
  agents: [
    { languages: ['fi'], count: 4 },
    { languages: ['sv', 'fi'], count: 1 },
  ],
};

describe('the planner', () => {
  it('gives the same figures for the same scenario and seed, and other figures for another seed', async () => {
    const scenario = parseScenario(shortSurge);
    const [a, b] = [await runPlan(scenario), await runPlan(scenario)];
    expect(a.hours).toEqual(b.hours);
    const other = await runPlan({ ...scenario, seed: 43 });
    expect(other.hours).not.toEqual(a.hours);
  });

  it('plays every contact out: each is answered, abandoned or turned into a callback', async () => {
    const report = await runPlan(parseScenario(shortSurge));
    const s = report.summary;
    expect(s.arrivals).toBeGreaterThan(1000);
    expect(s.answered + s.abandoned + s.tookCallback).toBe(s.arrivals);
    expect(s.callbacksRequested).toBe(s.tookCallback);
    expect(s.callbacksCompleted + s.callbacksFailed).toBe(s.callbacksRequested);
  });

  it('arrivals follow the surge: eightfold within the hour, and as many as the rate integrates to', async () => {
    const scenario = parseScenario(shortSurge);
    const report = await runPlan(scenario);
    const rate = new ArrivalRate(scenario);
    const expected = report.hours.reduce((sum, h) => sum + rate.expectedInHour(h.hour), 0);
    const arrived = report.summary.arrivals;
    // Poisson: the count's standard deviation is the square root of its mean; 4 of them is a wide, honest margin.
    expect(Math.abs(arrived - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const before = report.hours.slice(0, 9).reduce((sum, h) => sum + h.arrivals, 0) / 9;
    expect(rate.expectedInHour(10) / rate.expectedInHour(8)).toBeCloseTo(8 - 7 * (1 - 2 ** (-0.5 / 12)), 1);
    expect(report.hours[10].arrivals).toBeGreaterThan(5 * before);
  });

  it('shows the surge swamping the roster: service falls, callbacks pile up and go overdue', async () => {
    const report = await runPlan(parseScenario(shortSurge));
    const calm = report.hours[5];
    const peak = report.hours[11];
    expect(calm.serviceLevel ?? 1).toBeGreaterThan(0.8);
    expect(peak.serviceLevel!).toBeLessThan(0.3);
    expect(peak.abandonment!).toBeGreaterThan(calm.abandonment ?? 0);
    expect(Math.max(...report.hours.map((h) => h.callbacksPending))).toBeGreaterThan(50);
    expect(report.summary.maxCallbacksOverdue).toBeGreaterThan(0);
    expect(peak.agentsBusy).toBeCloseTo(5, 0);
  });

  it('finds the staffing that holds the target, hour by hour, and it is more than the roster at the peak', async () => {
    const report = await runPlan(parseScenario(shortSurge), { staffing: true });
    const staffing = report.staffing!;
    expect(staffing.met).toBe(true);
    expect(staffing.summary.serviceLevel!).toBeGreaterThanOrEqual(0.8);
    const fi = staffing.byLanguage.find((l) => l.language === 'fi')!;
    expect(fi.perHour).toHaveLength(48);
    expect(fi.peak).toBeGreaterThan(4);
    expect(Math.max(...fi.perHour.slice(9, 14))).toBe(fi.peak);
    expect(fi.perHour[3]).toBeLessThan(fi.peak / 3);
  }, 60_000);

  it('puts agents on duty by their shifts in local time, a night shift ending the next morning', () => {
    const scenario = loadScenario('normal-week');
    const start = DateTime.fromISO(scenario.startAt).toMillis();
    const roster = rosterOf(scenario, start + 48 * 3_600_000);
    const night = roster.find((agent) => agent.agentId.startsWith('fi-night'))!;
    const local = (ms: number) => DateTime.fromMillis(ms, { zone: scenario.timeZone }).toFormat('ccc HH:mm');
    expect(night.onDuty.map(([from, to]) => `${local(from)}-${local(to)}`)).toEqual([
      'Mon 00:00-Mon 08:00',
      'Mon 23:00-Tue 08:00',
      'Tue 23:00-Wed 00:00',
    ]);
  });
});
