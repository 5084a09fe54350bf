import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobPayloads, PlanReportView, PlanState, PlanView, PlannerScenarioView } from '@tuki/contracts';
import { AuditLog, JobsService, TransactionRunner, type Principal } from '@tuki/platform';
import type { PlanReport } from '../planner/plan-report';
import { ScenarioError, parseScenario } from '../scenario/scenario-loader';
import { SHIPPED_SCENARIOS } from '../scenario/shipped-scenarios';
import type { CreatePlanDto } from './dto/create-plan.dto';
import { planScenarioName, resolvePlanScenario } from './plan-scenario';
import { PlanAlreadyRunningError, PlanNotFoundError, PlanScenarioInvalidError } from './plans.errors';

const JOB = 'simulation.plan';
const JOB_ID_PREFIX = 'simulation-plan:';

/**
 * Staffing plans asked for from the dashboard. A plan is a job of the long family (its locks outlast a staffing
 * search) and its report is the job's result: BullMQ keeps a finished job 24 hours (a failed one 14 days, the long
 * family's removeOnComplete / removeOnFail), after which the plan answers 404. No table: the report holds simulated
 * figures only, nothing about callers or staff, and it can be played again from its scenario at any time.
 */
@Injectable()
export class PlanJobsService {
  constructor(
    private readonly jobs: JobsService<JobPayloads>,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** The scenarios that ship with Tuki. */
  scenarios(): PlannerScenarioView[] {
    return Object.entries(SHIPPED_SCENARIOS).map(([name, input]) => {
      const scenario = parseScenario(input, name);
      const surge = scenario.arrivals.surge;
      return {
        name,
        description: scenario.description ?? null,
        hours: scenario.hours,
        surge: surge ? { atHour: surge.atHour, peak: surge.peak } : null,
      };
    });
  }

  /**
   * Checks the scenario, records the request in the audit log and queues the plan, refusing while another plan of the
   * helpline is unfinished (the check and the add are one Redis script: two requests at once cannot both run).
   */
  async request(principal: Principal, dto: CreatePlanDto): Promise<{ id: string }> {
    try {
      resolvePlanScenario(dto.scenario);
    } catch (error) {
      if (error instanceof ScenarioError) throw new PlanScenarioInvalidError(error.problems);
      throw error;
    }
    const id = randomUUID();
    const staffing = dto.staffing ?? false;
    const scenario = planScenarioName(dto.scenario);
    await this.transactions.run(async (manager) => {
      await this.audit.append(manager, principal.helplineId, [
        {
          actor: { kind: 'staff', id: principal.userId, roles: [...principal.roles] },
          action: 'simulation.plan-requested',
          subjectType: 'simulation-plan',
          subjectId: id,
          fields: [
            typeof dto.scenario === 'string' ? `shipped:${scenario}` : 'inline',
            ...(staffing ? ['staffing'] : []),
          ],
          purpose: 'planning',
        },
      ]);
      // Queued inside the transaction: a refusal rolls the audit entry back, so the log holds only plans that ran.
      const holder = await this.jobs.add(
        JOB,
        { helplineId: principal.helplineId, requestedBy: principal.userId, scenario: dto.scenario, staffing },
        { jobId: JOB_ID_PREFIX + id, deduplicationId: `simulation-plan-of:${principal.helplineId}` },
      );
      if (holder !== JOB_ID_PREFIX + id) {
        throw new PlanAlreadyRunningError(holder.startsWith(JOB_ID_PREFIX) ? holder.slice(JOB_ID_PREFIX.length) : null);
      }
    });
    return { id };
  }

  /** A plan of the caller's helpline; another helpline's answers as one that does not exist. */
  async get(principal: Principal, id: string): Promise<PlanView> {
    const job = await this.jobs.find(JOB, JOB_ID_PREFIX + id);
    if (!job || job.data.helplineId !== principal.helplineId) throw new PlanNotFoundError();
    const state = await stateOf(job);
    if (!state) throw new PlanNotFoundError();
    // Assigning the report to the contract's view checks at compile time that the dashboard's reading of it holds.
    const report: PlanReportView | null = state === 'done' ? (job.returnvalue as PlanReport) : null;
    return {
      id,
      state,
      progress: state === 'done' ? 100 : typeof job.progress === 'number' ? job.progress : 0,
      scenario: planScenarioName(job.data.scenario),
      staffing: job.data.staffing,
      requestedAt: job.timestamp,
      finishedAt: state === 'done' || state === 'failed' ? (job.finishedOn ?? null) : null,
      report,
      error: state === 'failed' ? job.failedReason || 'The plan failed' : null,
    };
  }
}

/**
 * The plan's state, from the job as it was read: a finished job says so in its own fields (with its result), read in
 * the same snapshot; asking BullMQ for the state apart could say "completed" of a job read a moment before it finished,
 * without its report. Undefined for a job BullMQ no longer has.
 */
async function stateOf(job: Job): Promise<PlanState | undefined> {
  if (job.finishedOn) return job.returnvalue === null || job.returnvalue === undefined ? 'failed' : 'done';
  switch (await job.getState()) {
    // Completed or failed: finished since it was read, so it was running then; the next poll sees it finished.
    case 'active':
    case 'completed':
    case 'failed':
      return 'running';
    case 'waiting':
    case 'prioritized':
    case 'delayed':
    case 'waiting-children':
      return 'queued';
    case 'unknown':
      return undefined;
  }
}
