import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type {
  JobPayloads,
  StatisticsExportView,
  StatisticsQuery,
  StatisticsReport,
  StatisticsResult,
} from '@tuki/contracts';
import { AuditLog, Clock, HandlesJob, JobsService, TransactionRunner, type JobHandler, type Principal } from '@tuki/platform';
import { buildStatistics, epsilonCharged, type StatisticsPlan } from '../engine/statistics-engine';
import { cryptoRandomBytes, type RandomBytes } from '../privacy/random-source';
import { planOf } from '../query/plan';
import { StatisticsExportNotFoundError, StatisticsExportNotReadyError } from '../statistics.errors';
import { toCsv } from './export-files';
import { PrivacyBudget } from './privacy-budget';
import { StatisticsExport } from './statistics-entities';
import { StatisticsSettingsService } from './statistics-settings.service';

export type ExportFormat = 'csv' | 'json';

/**
 * Anonymised statistics exports: asked for by an analyst (validated, the privacy budget charged, audited), built by a
 * job on the long family (locks that outlast a big export), downloaded as CSV or JSON (audited each time).
 */
@Injectable()
@HandlesJob('statistics.build-export')
export class StatisticsExports implements JobHandler<JobPayloads['statistics.build-export']> {
  /** Replaced in tests by a seeded source; the crypto source otherwise. */
  random: RandomBytes = cryptoRandomBytes;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly settings: StatisticsSettingsService,
    private readonly budget: PrivacyBudget,
    private readonly audit: AuditLog,
    private readonly jobs: JobsService<JobPayloads>,
    private readonly clock: Clock,
  ) {}

  async request(principal: Principal, report: StatisticsReport, query: StatisticsQuery): Promise<StatisticsExportView> {
    const row = await this.transactions.run(async (manager) => {
      const settings = await this.settings.get(manager, principal.helplineId);
      const plan = planOf(principal.helplineId, report, query, settings);
      await this.budget.charge(
        manager,
        principal.helplineId,
        plan.periods,
        epsilonCharged(plan),
        settings.epsilonBudgetPerPeriod,
      );
      const created = manager.create(StatisticsExport, {
        id: randomUUID(),
        helplineId: principal.helplineId,
        requestedBy: principal.userId,
        report,
        query: JSON.stringify(query),
        plan: JSON.stringify(plan),
        state: 'queued',
        progress: 0,
        result: null,
        error: null,
        createdAt: this.clock.nowMs(),
        finishedAt: null,
      });
      await manager.insert(StatisticsExport, created);
      await this.audit.append(manager, principal.helplineId, [
        {
          actor: { kind: 'staff', id: principal.userId, roles: [...principal.roles] },
          action: 'statistics.export-requested',
          subjectType: 'statistics-export',
          subjectId: created.id,
          fields: [report, ...plan.tables.flatMap((t) => t.dimensions)],
          purpose: 'statistics',
        },
      ]);
      return created;
    });
    await this.jobs.add(
      'statistics.build-export',
      { helplineId: principal.helplineId, exportId: row.id },
      { jobId: `statistics-export:${row.id}` },
    );
    return toView(row);
  }

  async list(principal: Principal): Promise<StatisticsExportView[]> {
    const rows = await this.transactions.run((manager) =>
      manager.find(StatisticsExport, {
        where: { helplineId: principal.helplineId },
        order: { createdAt: 'DESC' },
        take: 100,
      }),
    );
    return rows.map(toView);
  }

  async get(principal: Principal, id: string): Promise<StatisticsExportView> {
    return toView(await this.find(principal.helplineId, id));
  }

  /** The export's file; each download is recorded (who, which export, which format). */
  async download(principal: Principal, id: string, format: ExportFormat): Promise<{ body: string; type: string }> {
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(StatisticsExport, { helplineId: principal.helplineId, id });
      if (!row) throw new StatisticsExportNotFoundError();
      if (row.state !== 'done' || !row.result) throw new StatisticsExportNotReadyError(row.state);
      await this.audit.append(manager, principal.helplineId, [
        {
          actor: { kind: 'staff', id: principal.userId, roles: [...principal.roles] },
          action: 'statistics.export-downloaded',
          subjectType: 'statistics-export',
          subjectId: id,
          fields: [format],
          purpose: 'statistics',
        },
      ]);
      const result = JSON.parse(row.result) as StatisticsResult;
      return format === 'csv'
        ? { body: toCsv(result), type: 'text/csv; charset=utf-8' }
        : { body: JSON.stringify(result, null, 2), type: 'application/json; charset=utf-8' };
    });
  }

  /** The job: builds the export unless it is done already (a re-run after a crashed worker finds it done). */
  async handle(payload: JobPayloads['statistics.build-export'], job: Job): Promise<void> {
    const row = await this.find(payload.helplineId, payload.exportId);
    if (row.state === 'done') return;
    await this.update(row.id, { state: 'running', progress: 0 });
    const plan = JSON.parse(row.plan) as StatisticsPlan;
    try {
      const result = await this.transactions.run((manager) =>
        buildStatistics(manager, plan, this.random, async (progress) => {
          await job.updateProgress(progress);
          await this.update(row.id, { progress });
        }),
      );
      await this.update(row.id, {
        state: 'done',
        progress: 100,
        result: JSON.stringify(result),
        finishedAt: this.clock.nowMs(),
      });
    } catch (error) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.update(row.id, {
        state: last ? 'failed' : 'queued',
        error: last ? (error as Error).message : null,
        ...(last ? { finishedAt: this.clock.nowMs() } : {}),
      });
      throw error;
    }
  }

  private async find(helplineId: string, id: string): Promise<StatisticsExport> {
    const row = await this.transactions.run((manager) => manager.findOneBy(StatisticsExport, { helplineId, id }));
    if (!row) throw new StatisticsExportNotFoundError();
    return row;
  }

  private update(id: string, changes: Partial<StatisticsExport>): Promise<unknown> {
    return this.transactions.run((manager) => manager.update(StatisticsExport, { id }, changes));
  }
}

function toView(row: StatisticsExport): StatisticsExportView {
  return {
    id: row.id,
    report: row.report as StatisticsReport,
    query: JSON.parse(row.query) as StatisticsQuery,
    state: row.state as StatisticsExportView['state'],
    progress: row.progress,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    method: row.result ? (JSON.parse(row.result) as StatisticsResult).method : null,
    error: row.error,
  };
}
