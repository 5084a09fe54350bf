import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobPayloads } from '@tuki/contracts';
import { HandlesJob, type JobHandler } from '@tuki/platform';
import { runPlan } from '../planner/plan';
import type { PlanReport } from '../planner/plan-report';
import { ScenarioError } from '../scenario/scenario-loader';
import type { Scenario } from '../scenario/scenario.schema';
import { resolvePlanScenario } from './plan-scenario';

/** Of a staffing run's progress, the share the first run (the scenario's own roster) stands for. */
const FIRST_RUN_SHARE = 10;

/**
 * Plays a plan on the worker and returns its report, which BullMQ keeps as the job's result (see PlanJobsService).
 * The planner yields to the event loop every thousand or so events, so the worker's timers and lock renewals go on
 * while it runs. A plan is deterministic (its scenario carries a seed), so running it twice after a worker died gives
 * the same report; a plan that throws would throw again, so it fails at once instead of being retried.
 */
@Injectable()
@HandlesJob('simulation.plan')
export class PlanProcessor implements JobHandler<JobPayloads['simulation.plan']> {
  private readonly logger = new Logger(PlanProcessor.name);

  async handle(payload: JobPayloads['simulation.plan'], job: Job): Promise<PlanReport> {
    let scenario: Scenario;
    try {
      scenario = resolvePlanScenario(payload.scenario);
    } catch (error) {
      // Checked when it was asked for; a scenario refused here was queued by an older version with other rules.
      if (error instanceof ScenarioError) throw new UnrecoverableError(error.problems.join('; '));
      throw error;
    }
    const progress = new ProgressReporter(job, this.logger);
    try {
      const report = await runPlan(scenario, {
        staffing: payload.staffing,
        onProgress: (done) => progress.report(FIRST_RUN_SHARE + (100 - FIRST_RUN_SHARE) * done),
      });
      await progress.settled();
      return report;
    } catch (error) {
      this.logger.error({ err: error, jobId: job.id }, 'The planner failed');
      throw new UnrecoverableError(`The planner failed on this scenario (${(error as Error).message})`);
    }
  }
}

/**
 * Hands the planner's progress to the job, a whole percent at a time and one write after another: the planner calls
 * back synchronously, often, and must not wait for Redis.
 */
class ProgressReporter {
  private last = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly job: Job,
    private readonly logger: Logger,
  ) {}

  report(percent: number): void {
    const whole = Math.min(99, Math.floor(percent));
    if (whole <= this.last) return;
    this.last = whole;
    this.chain = this.chain
      .then(() => this.job.updateProgress(whole))
      // Progress is a courtesy to the dashboard: a lost write must not fail the plan.
      .catch((error: unknown) => this.logger.warn(`Plan progress not written: ${(error as Error).message}`));
  }

  settled(): Promise<void> {
    return this.chain;
  }
}
