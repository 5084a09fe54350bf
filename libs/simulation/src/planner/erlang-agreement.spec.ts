import { erlangA, erlangC } from '@tuki/metrics';
import { parseScenario } from '../scenario/scenario-loader';
import type { ScenarioInput } from '../scenario/scenario.schema';
import type { PlanReport } from './plan-report';
import { runPlan } from './plan';

/**
 * The planner against Erlang's formulas, on the formulas' own assumptions: Poisson arrivals at a constant rate,
 * exponential handle times, one queue, one language, FIFO (one priority), agents who answer at once and never wrap up,
 * no callbacks. Erlang C: nobody hangs up; Erlang A: exponential patience. The planner routes through Tuki's Router
 * and in-memory store, so this checks the routing core as a queue, not a copy of the formula.
 */

const TARGET_SECONDS = 20;
/** The first hours are left out: the queue starts empty, not in its steady state. */
const WARM_UP_HOURS = 24;

interface Case {
  agents: number;
  handleSeconds: number;
  perHour: number;
  arrivals: number;
  patience: ScenarioInput['patience'];
  seed: number;
}

function stationary(c: Case): ScenarioInput {
  return {
    name: 'erlang-check',
    seed: c.seed,
    hours: c.arrivals / c.perHour,
    target: { answerWithinSeconds: TARGET_SECONDS, serviceLevel: 0.8 },
    arrivals: { perHour: c.perHour, languages: { fi: 1 } },
    handleTime: { distribution: 'exponential', meanSeconds: c.handleSeconds },
    patience: c.patience,
    agents: [{ languages: ['fi'], count: c.agents }],
  };
}

/** Service level, mean wait of answered contacts and abandonment, over the measured hours. */
function measured(report: PlanReport) {
  const hours = report.hours.slice(WARM_UP_HOURS);
  const sum = (key: 'arrivals' | 'answered' | 'answeredWithinTarget' | 'abandoned' | 'waitSecondsOfAnswered') =>
    hours.reduce((total, hour) => total + hour[key], 0);
  return {
    arrivals: sum('arrivals'),
    serviceLevel: sum('answeredWithinTarget') / sum('arrivals'),
    meanWaitOfAnswered: sum('waitSecondsOfAnswered') / sum('answered'),
    abandonment: sum('abandoned') / sum('arrivals'),
  };
}

const loadOf = (c: Case) => ({
  arrivalRatePerSecond: c.perHour / 3600,
  handleTimeSeconds: c.handleSeconds,
  agents: c.agents,
  targetSeconds: TARGET_SECONDS,
});

/*
 * Waits in a queue without abandonment are heavy-tailed and strongly correlated from one caller to the next, so a
 * simulated mean wait converges slowly: at 120,000 arrivals and occupancy 0.8, twelve seeds of the reference M/M/N
 * simulation in @tuki/metrics missed Erlang C's mean wait by up to 12%. At occupancy 0.7 on 4 agents and 400,000
 * arrivals the worst of twelve seeds was 3.6%, so that is the case tested. Abandonment cuts the tail: Erlang A at
 * occupancy 0.8 on 10 agents is within 3.4% at 120,000.
 */
const ERLANG_C_CASE: Case = {
  agents: 4,
  handleSeconds: 120,
  perHour: 84,
  arrivals: 400_000,
  patience: { distribution: 'never' },
  seed: 7,
};
const ERLANG_A_CASE: Case = {
  agents: 10,
  handleSeconds: 300,
  perHour: 96,
  arrivals: 120_000,
  patience: { distribution: 'exponential', meanSeconds: 120 },
  seed: 11,
};

// Each case plays hundreds of thousands of contacts through the routing core: tens of seconds, not milliseconds.
jest.setTimeout(180_000);

describe('the planner agrees with Erlang', () => {
  it('C: service level within 2 points and mean wait within 5% (400,000 arrivals)', async () => {
    const report = await runPlan(parseScenario(stationary(ERLANG_C_CASE)));
    const sim = measured(report);
    const formula = erlangC(loadOf(ERLANG_C_CASE));

    expect(sim.arrivals).toBeGreaterThanOrEqual(100_000);
    expect(sim.abandonment).toBe(0);
    expect(Math.abs(sim.serviceLevel - formula.serviceLevel)).toBeLessThanOrEqual(0.02);
    // Erlang C's average speed of answer is over all callers, and so is this: every caller is answered.
    expect(Math.abs(sim.meanWaitOfAnswered / formula.averageSpeedOfAnswer - 1)).toBeLessThanOrEqual(0.05);
  });

  it('A: with exponential patience, service level within 2 points and mean wait within 5% (120,000 arrivals)', async () => {
    const report = await runPlan(parseScenario(stationary(ERLANG_A_CASE)));
    const sim = measured(report);
    const formula = erlangA({ ...loadOf(ERLANG_A_CASE), patienceSeconds: 120 });

    expect(sim.arrivals).toBeGreaterThanOrEqual(100_000);
    expect(Math.abs(sim.serviceLevel - formula.serviceLevel)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(sim.meanWaitOfAnswered / formula.averageWaitOfServed - 1)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(sim.abandonment - formula.probabilityOfAbandonment)).toBeLessThanOrEqual(0.01);
  });
});
