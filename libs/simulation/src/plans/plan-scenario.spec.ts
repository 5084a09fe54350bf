import { ScenarioError } from '../scenario/scenario-loader';
import { PLAN_LIMITS, planScenarioName, resolvePlanScenario } from './plan-scenario';

const small = {
  name: 'small-day',
  seed: 7,
  hours: 24,
  arrivals: { perHour: 10, languages: { fi: 1 } },
  handleTime: { distribution: 'exponential', meanSeconds: 300 },
  patience: { distribution: 'exponential', meanSeconds: 180 },
  agents: [{ languages: ['fi'], count: 2 }],
};

function problemsOf(input: unknown): string[] {
  try {
    resolvePlanScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('the scenario was accepted');
}

describe('resolvePlanScenario', () => {
  it('plays a shipped scenario by its name', () => {
    expect(resolvePlanScenario('breach-surge')).toMatchObject({ name: 'breach-surge', hours: 168 });
  });

  it('takes a whole scenario object, defaults filled in', () => {
    expect(resolvePlanScenario(small)).toMatchObject({ name: 'small-day', target: { answerWithinSeconds: 20 } });
  });

  it('refuses a name that is not shipped, and never reads it as a file path', () => {
    expect(problemsOf('/etc/passwd')[0]).toMatch(/^scenario: not a shipped scenario \(normal-week, breach-surge/);
    expect(problemsOf('constructor')[0]).toMatch(/^scenario: not a shipped scenario/);
  });

  it('refuses what is neither a name nor an object', () => {
    expect(problemsOf(42)).toEqual(['scenario: a shipped scenario’s name or a scenario object']);
    expect(problemsOf([small])).toEqual(['scenario: a shipped scenario’s name or a scenario object']);
    expect(problemsOf(null)).toEqual(['scenario: a shipped scenario’s name or a scenario object']);
  });

  it('names every problem of a bad scenario by its path', () => {
    const problems = problemsOf({ ...small, hours: -1, arrivals: { ...small.arrivals, perHour: 'many' } });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^hours: /), expect.stringMatching(/^arrivals\.perHour: /)]),
    );
  });

  it('refuses a plan too big for the dashboard, saying where to run it', () => {
    expect(problemsOf({ ...small, hours: PLAN_LIMITS.maxHours + 1 })).toEqual([
      `hours: at most ${PLAN_LIMITS.maxHours} from the dashboard; run longer plans with npm run plan`,
    ]);
    const surge = { atHour: 1, peak: 1000, halfLifeHours: 24 };
    const [problem] = problemsOf({ ...small, arrivals: { ...small.arrivals, perHour: 100, surge } });
    expect(problem).toMatch(/^arrivals\.perHour: about 2400000 contacts .* npm run plan$/);
  });
});

describe('planScenarioName', () => {
  it('is the shipped name, or the inline scenario’s own name', () => {
    expect(planScenarioName('normal-week')).toBe('normal-week');
    expect(planScenarioName(small)).toBe('small-day');
    expect(planScenarioName({})).toBe('scenario');
  });
});
