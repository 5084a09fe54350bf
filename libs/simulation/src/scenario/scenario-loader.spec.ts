import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_SCENARIOS } from './shipped-scenarios';
import { ScenarioError, loadScenario, parseScenario } from './scenario-loader';

const problemsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('expected a ScenarioError');
};

const minimal = {
  name: 'tiny',
  seed: 1,
  hours: 2,
  arrivals: { perHour: 10, languages: { fi: 1 } },
  handleTime: { distribution: 'exponential', meanSeconds: 300 },
  patience: { distribution: 'never' },
  agents: [{ languages: ['fi'], count: 2 }],
};

describe('scenarios', () => {
  it.each(Object.keys(SHIPPED_SCENARIOS))('ships %s, valid against the schema', (name) => {
    expect(loadScenario(name).name).toBe(name);
  });

  it('fills in the defaults a scenario leaves out', () => {
    const scenario = parseScenario(minimal);
    expect(scenario.target).toEqual({ answerWithinSeconds: 20, serviceLevel: 0.8 });
    expect(scenario.arrivals.channels).toEqual({ voice: 1, chat: 0 });
    expect(scenario.agents[0].capacity).toEqual({ voice: 1, chat: 2, callback: 1 });
    expect(scenario.timeZone).toBe('Europe/Helsinki');
  });

  it('names every problem by its path', () => {
    const problems = problemsOf(() =>
      parseScenario({
        ...minimal,
        name: 'Has Spaces',
        arrivals: { perHour: -1, languages: { fi: 1, sv: 1 }, hourOfDay: [1, 2] },
        handleTime: { distribution: 'gamma', meanSeconds: 300 },
        agents: [{ languages: ['fi'], count: 2, shifts: [{ from: '25:00', to: '08:00' }] }],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: lower-case letters/),
        expect.stringMatching(/^arrivals\.perHour: /),
        expect.stringMatching(/^arrivals\.hourOfDay: must have 24 values/),
        expect.stringMatching(/^handleTime\.distribution: /),
        expect.stringMatching(/^agents\.0\.shifts\.0\.from: a time of day as HH:MM/),
      ]),
    );
  });

  it('refuses callers of a language nobody on the roster speaks', () => {
    const problems = problemsOf(() =>
      parseScenario({ ...minimal, arrivals: { perHour: 10, languages: { fi: 1, sv: 1 } } }),
    );
    expect(problems).toEqual(['arrivals.languages.sv: no team speaks sv: its callers would never be answered']);
  });

  it("checks the callback policy with the callbacks domain's own rules, and the time zone", () => {
    const problems = problemsOf(() =>
      parseScenario({
        ...minimal,
        timeZone: 'Mars/Olympus',
        callbacks: { takeShare: 0.5, policy: { maxAttempts: 0 } },
      }),
    );
    expect(problems).toEqual([
      'timeZone: not a time zone such as Europe/Helsinki',
      'callbacks.policy.maxAttempts: must be an integer 1-10',
    ]);
  });

  it('reads YAML and JSON files, and says clearly what is wrong with an unreadable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuki-scenario-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      'name: tiny\nseed: 1\nhours: 2\narrivals: {perHour: 10, languages: {fi: 1}}\nhandleTime: {distribution: fixed, seconds: 60}\npatience: {distribution: never}\nagents: [{languages: [fi], count: 1}]\n',
    );
    expect(loadScenario(join(dir, 'a.yaml')).handleTime).toEqual({ distribution: 'fixed', seconds: 60 });
    writeFileSync(join(dir, 'b.json'), '{"name": ');
    expect(problemsOf(() => loadScenario(join(dir, 'b.json')))[0]).toMatch(/^not valid JSON: /);
    expect(problemsOf(() => loadScenario(join(dir, 'missing.json')))[0]).toMatch(
      /no such file, and not a shipped scenario/,
    );
  });
});
