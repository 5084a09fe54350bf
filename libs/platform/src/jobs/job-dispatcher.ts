import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { JOB_HANDLER, type JobHandler } from './job-handler';
import { JobHandlerMissingError, UnknownJobError } from './jobs.errors';
import { JobsCatalogue } from './jobs-catalogue';
import { Prometheus } from '../observability/prometheus';

/**
 * Routes each job to the one provider marked `@HandlesJob(name)`. At boot it refuses to start when a job name in the
 * catalogue has no handler, or a handler names a job nobody declared: a job that nothing runs is a lost caller.
 */
@Injectable()
export class JobDispatcher implements OnApplicationBootstrap {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly catalogue: JobsCatalogue,
    private readonly metrics: Prometheus,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as JobHandler | undefined;
      if (!instance || !wrapper.metatype) continue;
      const name = this.reflector.get<string | undefined>(JOB_HANDLER, wrapper.metatype as object as () => void);
      if (!name) continue;
      if (this.handlers.has(name)) throw new JobHandlerMissingError(`Two handlers for job ${name}`);
      this.handlers.set(name, instance);
    }
    const missing = this.catalogue.names().filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new JobHandlerMissingError(`No handler for job(s): ${missing.join(', ')}`);
    const undeclared = [...this.handlers.keys()].filter((name) => !this.catalogue.has(name));
    if (undeclared.length > 0) throw new JobHandlerMissingError(`Undeclared job(s): ${undeclared.join(', ')}`);
  }

  async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnknownJobError(`No handler for job ${job.name}`);
    const stopTimer = this.metrics.jobDuration.startTimer({ name: job.name });
    try {
      const result = await handler.handle(job.data, job);
      this.metrics.jobsProcessed.inc({ name: job.name, outcome: 'completed' });
      return result;
    } catch (error) {
      this.metrics.jobsProcessed.inc({ name: job.name, outcome: 'failed' });
      throw error;
    } finally {
      stopTimer();
    }
  }
}
