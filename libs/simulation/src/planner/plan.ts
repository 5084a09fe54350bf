import type { Scenario } from '../scenario/scenario.schema';
import type { PlanReport } from './plan-report';
import { SimulatedHelpline } from './simulated-helpline';
import { searchStaffing } from './staffing-search';

export interface PlanOptions {
  /** Also answer "how many agents per team and hour hold the target" (several more runs). */
  staffing?: boolean;
  /** Called with the staffing search's progress, 0..1. */
  onProgress?: (done: number) => void;
}

/** Plays the scenario with its roster, and, when asked, searches for the staffing that holds its target. */
export async function runPlan(scenario: Scenario, options: PlanOptions = {}): Promise<PlanReport> {
  const started = performance.now();
  const run = await new SimulatedHelpline(scenario).run();
  const staffing = options.staffing ? await searchStaffing(scenario, options.onProgress) : undefined;
  return {
    scenario: {
      name: scenario.name,
      description: scenario.description,
      seed: scenario.seed,
      hours: scenario.hours,
      startAt: scenario.startAt,
      timeZone: scenario.timeZone,
    },
    target: scenario.target,
    hours: run.ledger.figures(),
    summary: run.ledger.summary(run.callbacks),
    staffing,
    run: { events: run.events, contacts: run.contacts, elapsedMs: Math.round(performance.now() - started) },
  };
}
