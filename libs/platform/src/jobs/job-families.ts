import type { JobsOptions } from 'bullmq';
import type { NestWorkerOptions } from '@nestjs/bullmq/dist/interfaces/worker-options.interface';

/**
 * Jobs are grouped in families that share one BullMQ queue and one set of lock and stall settings: a short job must
 * be re-run within seconds when its worker dies (an offer's deadline cannot wait for BullMQ's 30 s default, see
 * FACTS.md), while a long export must not be declared stalled just because it is busy. Background work (read models
 * kept from events: cases, statistics) has a family of its own, so a surge of it never takes the workers and
 * database connections that move callers.
 */
export type JobFamilyName = 'short' | 'long' | 'background';

export interface JobFamily {
  /** BullMQ queue name. */
  queue: string;
  worker: Omit<NestWorkerOptions, 'connection'>;
  defaults: JobsOptions;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const JOB_FAMILIES: Record<JobFamilyName, JobFamily> = {
  short: {
    queue: 'short',
    // 5 s lock and stall check: a killed worker's job runs again after about 10 s instead of 90 s.
    worker: { concurrency: 50, lockDuration: 5_000, stalledInterval: 5_000, maxStalledCount: 3 },
    defaults: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 500 },
      // Kept for a while to answer "what happened", then gone: Redis must not grow without end.
      removeOnComplete: { age: HOUR, count: 10_000 },
      removeOnFail: { age: 7 * DAY },
    },
  },
  background: {
    queue: 'background',
    // Few at once: each holds a database connection, and the short family's routing work must find one free.
    worker: { concurrency: 2, lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 3 },
    defaults: {
      // A read model's event may come before the one it builds on: retried for a few minutes, never dropped early.
      attempts: 12,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: HOUR, count: 10_000 },
      removeOnFail: { age: 7 * DAY },
    },
  },
  long: {
    queue: 'long',
    worker: { concurrency: 2, lockDuration: 120_000, stalledInterval: 60_000, maxStalledCount: 2 },
    defaults: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: DAY },
      removeOnFail: { age: 14 * DAY },
    },
  },
};

/** Every job payload names its helpline: a job never acts outside one tenant. */
export interface JobPayloadBase {
  helplineId: string;
}

/** A map of job name to payload type; job names are `'<lib>.<verb-noun>'`. */
export type JobMap = Record<string, JobPayloadBase>;

/** Which family each job name belongs to: the runtime twin of a JobMap, checked against handlers at boot. */
export type JobCatalogue<M extends JobMap> = { [N in keyof M]: JobFamilyName };
