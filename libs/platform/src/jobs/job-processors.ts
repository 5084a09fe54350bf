import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JOB_FAMILIES } from './job-families';
import { logRedisError } from '../redis/redis.module';
import { JobDispatcher } from './job-dispatcher';

/*
 * One processor per job family, each with the family's lock and stall settings. They delegate every job to the
 * JobDispatcher, which holds the one handler per job name that the libs declared (checked at boot), instead of a switch
 * here that would have to import every lib.
 */

@Processor(JOB_FAMILIES.short.queue, JOB_FAMILIES.short.worker)
export class ShortJobsProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(job);
  }

  /** Without a listener BullMQ prints every reconnection error with its stack while Redis is away. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    logRedisError(error);
  }
}

@Processor(JOB_FAMILIES.long.queue, JOB_FAMILIES.long.worker)
export class LongJobsProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(job);
  }

  /** Without a listener BullMQ prints every reconnection error with its stack while Redis is away. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    logRedisError(error);
  }
}

@Processor(JOB_FAMILIES.background.queue, JOB_FAMILIES.background.worker)
export class BackgroundJobsProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(job);
  }

  /** Without a listener BullMQ prints every reconnection error with its stack while Redis is away. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    logRedisError(error);
  }
}
