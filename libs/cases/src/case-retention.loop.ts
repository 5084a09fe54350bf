import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { JobPayloads } from '@tuki/contracts';
import { Clock, JobsService } from '@tuki/platform';
import { CallerSurrogate } from './caller-surrogate.entity';
import { Case } from './case.entity';

const EVERY_MS = 10 * 60_000;
const FIRST_AFTER_MS = 15_000;

export const CASES_OPTIONS = Symbol('CASES_OPTIONS');
export interface CasesOptions {
  /** Schedule retention here (workers and the zero-config single process). */
  runRetention: boolean;
}

/**
 * Schedules the retention job of every helpline that has cases or surrogates, once an hour: the job id carries the
 * hour, so several workers scheduling at once make one job, and a worker that died mid-run has its job run again.
 */
@Injectable()
export class CaseRetentionLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseRetentionLoop.name);
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService<JobPayloads>,
    private readonly clock: Clock,
    @Inject(CASES_OPTIONS) private readonly options: CasesOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.runRetention) return;
    const run = () =>
      void this.schedule().catch((e: unknown) => this.logger.warn(`Retention not scheduled: ${(e as Error).message}`));
    this.first = setTimeout(run, FIRST_AFTER_MS);
    this.timer = setInterval(run, EVERY_MS);
    this.first.unref();
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  async schedule(): Promise<void> {
    const helplines = new Set<string>();
    for (const entity of [Case, CallerSurrogate]) {
      const rows = await this.dataSource
        .getRepository<{ helplineId: string }>(entity)
        .createQueryBuilder('t')
        .select('DISTINCT t.helplineId', 'helplineId')
        .getRawMany<{ helplineId: string }>();
      for (const row of rows) helplines.add(row.helplineId);
    }
    const slot = new Date(this.clock.nowMs()).toISOString().slice(0, 13);
    for (const helplineId of helplines) {
      await this.jobs.add(
        'cases.apply-retention',
        { helplineId, slot },
        { jobId: `cases-retention:${helplineId}:${slot}` },
      );
    }
  }
}
