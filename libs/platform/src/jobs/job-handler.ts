import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/** A provider that runs one job name. Handlers must be idempotent: BullMQ re-runs a job whose worker died. */
export interface JobHandler<P = unknown> {
  handle(payload: P, job: Job): Promise<unknown>;
}

/** Marks a provider as the handler of a job name; JobDispatcher finds it at boot. */
export const HandlesJob = (name: string): ClassDecorator => SetMetadata(JOB_HANDLER, name);
