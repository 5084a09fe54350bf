import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { deleteTestKeys, dropTestSchema, testConfig } from '@tuki/testing';
import type { TukiConfig } from '../config/tuki-config';
import { PlatformModule } from '../platform.module';
import { HandlesJob, type JobHandler } from './job-handler';
import { JobHandlerMissingError } from './jobs.errors';
import { JobsService } from './jobs.service';

const ORPHAN = 'test.orphan-job';

/** Records each run; lives in this process, as the worker runs here. */
const runs: { helplineId: string }[] = [];

@Injectable()
@HandlesJob(ORPHAN)
class OrphanJobHandler implements JobHandler<{ helplineId: string }> {
  async handle(payload: { helplineId: string }): Promise<void> {
    runs.push(payload);
  }
}

@Module({ providers: [OrphanJobHandler] })
class OrphanJobHandlerModule {}

async function eventually(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Closes a module whose init() failed. Nest's close() awaits the failed initialisation again and rethrows before it
 * shuts anything down, which would leave the queues' and workers' Redis connections open; forget that promise first.
 */
async function closeAfterFailedInit(moduleRef: TestingModule): Promise<void> {
  Object.assign(moduleRef, { initializationPromise: Promise.resolve() });
  await moduleRef.close();
}

describe('JobDispatcher on a worker (PostgreSQL, real Redis)', () => {
  let config: TukiConfig;
  const modules: TestingModule[] = [];

  async function compile(withHandler: boolean): Promise<TestingModule> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ config, runWorkers: true, jobs: { [ORPHAN]: 'short' } }),
        ...(withHandler ? [OrphanJobHandlerModule] : []),
      ],
    }).compile();
    moduleRef.useLogger(false);
    modules.push(moduleRef);
    return moduleRef;
  }

  beforeAll(() => {
    config = testConfig('job_dispatcher', { database: 'postgres' });
  });

  afterAll(async () => {
    for (const moduleRef of modules) await moduleRef.close().catch(() => undefined);
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('refuses to boot when a catalogued job has no handler, naming the job', async () => {
    const moduleRef = await compile(false);
    const booted = moduleRef.init();
    await expect(booted).rejects.toBeInstanceOf(JobHandlerMissingError);
    await expect(booted).rejects.toThrow(ORPHAN);
    await closeAfterFailedInit(moduleRef);
  });

  it('boots with a handler, runs the job, and runs a job added twice under one id only once', async () => {
    const moduleRef = await compile(true);
    await moduleRef.init();
    const jobs = moduleRef.get<JobsService<{ [ORPHAN]: { helplineId: string } }>>(JobsService);

    await jobs.add(ORPHAN, { helplineId: 'h1' }, { jobId: 'x-1' });
    await jobs.add(ORPHAN, { helplineId: 'h1' }, { jobId: 'x-1' });
    await eventually(() => runs.length > 0, 'the job to run');
    // Added again after it completed: BullMQ still holds the completed job, so this is a no-op too.
    await jobs.add(ORPHAN, { helplineId: 'h1' }, { jobId: 'x-1' });
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(runs).toEqual([{ helplineId: 'h1' }]);
  });

  it('accepts job ids in the documented `kind:id:attempt:n` form', async () => {
    const moduleRef = modules[modules.length - 1];
    const jobs = moduleRef.get<JobsService<{ [ORPHAN]: { helplineId: string } }>>(JobsService);
    const before = runs.length;

    await jobs.add(ORPHAN, { helplineId: 'h2' }, { jobId: 'callback:c1:attempt:2' });
    await jobs.add(ORPHAN, { helplineId: 'h2' }, { jobId: 'callback:c1:attempt:2' });
    await eventually(() => runs.length > before, 'the job to run');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(runs.slice(before)).toEqual([{ helplineId: 'h2' }]);
  });
});
