import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { JOB_FAMILIES, type JobFamilyName, type JobMap, type JobPayloadBase } from './job-families';
import { DependencyUnavailableError } from '../errors/platform.errors';
import { logRedisError } from '../redis/redis.module';
import { JobsCatalogue } from './jobs-catalogue';
import { UnknownJobError } from './jobs.errors';

export interface AddJobOptions {
  /**
   * Deterministic id (`callback:<id>:attempt:<n>`): adding the same job twice while it exists is a no-op, so a retried
   * request or a re-run handler cannot schedule a second one.
   */
  jobId: string;
  delayMs?: number;
  /** BullMQ priority: 1 is the highest; omitted means FIFO among unprioritised jobs. */
  priority?: number;
  /**
   * At most one unfinished job per deduplication id (BullMQ's deduplication, simple mode): while a job added with it
   * waits, runs or waits for a retry, adding another with the same id adds nothing; once it completes or fails for
   * good the id is free. Checked and set in one Redis script, so two requests at once cannot both add. Default none.
   */
  deduplicationId?: string;
}

/**
 * The one typed producer over BullMQ. `M` is a map of job name to payload (see `JobPayloads` in @tuki/contracts);
 * inject `JobsService` and annotate it as `JobsService<JobPayloads>` to get the types.
 */
@Injectable()
export class JobsService<M extends { [N in keyof M]: JobPayloadBase } = JobMap> {
  private readonly queues: Record<JobFamilyName, Queue>;

  constructor(
    private readonly catalogue: JobsCatalogue,
    @InjectQueue(JOB_FAMILIES.short.queue) short: Queue,
    @InjectQueue(JOB_FAMILIES.long.queue) long: Queue,
    @InjectQueue(JOB_FAMILIES.background.queue) background: Queue,
  ) {
    this.queues = { short, long, background };
    // Without a listener BullMQ prints every reconnection error with its stack: an outage would flood the logs.
    for (const queue of [short, long, background]) queue.on('error', logRedisError);
  }

  /**
   * Adds a job; returns the id (as given in `options.jobId`) of the job that now stands for it: `options.jobId`, or,
   * when `deduplicationId` was held by another unfinished job, that job's id (and nothing was added).
   */
  async add<N extends keyof M & string>(name: N, payload: M[N], options: AddJobOptions): Promise<string> {
    const queue = this.queueOf(name);
    await this.ready(queue);
    const job = await queue.add(name, payload, this.jobOptions(options));
    return job.id === undefined ? options.jobId : ourJobId(job.id);
  }

  /** The job of that name added with `jobId`, while BullMQ keeps it (see the family's removeOnComplete); else undefined. */
  async find<N extends keyof M & string>(name: N, jobId: string): Promise<Job<M[N], unknown, N> | undefined> {
    const queue = this.queueOf(name);
    await this.ready(queue);
    const job = (await queue.getJob(bullJobId(jobId))) as Job<M[N], unknown, N> | undefined;
    return job?.name === name ? job : undefined;
  }

  /** Adds many jobs in one round trip and atomically (all or none). */
  async addBulk<N extends keyof M & string>(jobs: { name: N; payload: M[N]; options: AddJobOptions }[]): Promise<void> {
    const byQueue = new Map<Queue, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const job of jobs) {
      const queue = this.queueOf(job.name);
      const list = byQueue.get(queue) ?? [];
      list.push({ name: job.name, data: job.payload, opts: this.jobOptions(job.options) });
      byQueue.set(queue, list);
    }
    for (const queue of byQueue.keys()) await this.ready(queue);
    await Promise.all([...byQueue].map(([queue, list]) => queue.addBulk(list)));
  }

  /**
   * A request that enqueues must fail at once while Redis is away, not wait in ioredis' offline queue until it comes
   * back (the queues share the workers' connection settings; see JobsModule).
   */
  private async ready(queue: Queue): Promise<void> {
    const client = await queue.backend.client;
    if (client.status !== 'ready') throw new DependencyUnavailableError('Redis is unavailable: the job was not queued');
  }

  private queueOf(name: string): Queue {
    const family = this.catalogue.familyOf(name);
    if (!family) throw new UnknownJobError(`Job ${name} is not declared in the job catalogue`);
    return this.queues[family];
  }

  private jobOptions(options: AddJobOptions): JobsOptions {
    return {
      jobId: bullJobId(options.jobId),
      delay: options.delayMs,
      priority: options.priority,
      ...(options.deduplicationId === undefined ? {} : { deduplication: { id: options.deduplicationId } }),
    };
  }
}

/**
 * The id BullMQ stores for one of our job ids. BullMQ refuses a custom id containing `:` unless it splits into exactly
 * three parts (its old repeat-job format), so `callback:<id>:attempt:<n>` would throw; `%` and `:` are escaped so
 * distinct ids stay distinct. Use it to look a job up in a queue by the id it was added with.
 */
export function bullJobId(jobId: string): string {
  return jobId.replaceAll('%', '%25').replaceAll(':', '%3A');
}

/** Our job id back from the id BullMQ stores (the inverse of bullJobId). */
export function ourJobId(bullId: string): string {
  return bullId.replaceAll('%3A', ':').replaceAll('%25', '%');
}
