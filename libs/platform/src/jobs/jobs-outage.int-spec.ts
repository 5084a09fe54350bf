import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { OwnRedis, dropTestSchema, testConfig } from '@tuki/testing';
import { DependencyUnavailableError } from '../errors/platform.errors';
import { PlatformModule } from '../platform.module';
import { HandlesJob, type JobHandler } from './job-handler';
import { JobsService } from './jobs.service';

const BUSY = 'test.busy-job';
let handled = 0;

@Injectable()
@HandlesJob(BUSY)
class BusyJobHandler implements JobHandler<{ helplineId: string }> {
  async handle(): Promise<void> {
    handled += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

@Module({ providers: [BusyJobHandler] })
class BusyJobHandlerModule {}

/*
 * A worker busy with jobs when its Redis goes away must wait quietly for it, not retry in a tight loop: with a
 * connection that has no offline queue, BullMQ's fetch failed at once with "Stream isn't writeable", which BullMQ does
 * not count as a connection error, so it retried without a pause, at 100 % CPU, starving every timer of the process
 * (a CI run hung that way). And a request that enqueues while Redis is away fails at once.
 */
describe('jobs while Redis is away (own Redis)', () => {
  let redis: OwnRedis;
  let moduleRef: TestingModule;
  let config: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    config = testConfig('jobs_outage', { database: 'postgres', redisUrl: redis.url });
    moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, runWorkers: true, jobs: { [BUSY]: 'short' } }), BusyJobHandlerModule],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
  });

  afterAll(async () => {
    await redis.start().catch(() => undefined);
    await moduleRef?.close().catch(() => undefined);
    await redis?.stop();
    await dropTestSchema(config);
  });

  it('keeps a busy worker quiet and fails new jobs at once until Redis is back', async () => {
    const jobs = moduleRef.get(JobsService);
    await jobs.addBulk(
      Array.from({ length: 2000 }, (_, i) => ({
        name: BUSY,
        payload: { helplineId: 'h' },
        options: { jobId: `busy:${i}` },
      })),
    );
    const started = Date.now();
    while (handled < 20 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handled).toBeGreaterThanOrEqual(20);

    // Redis goes away while the worker still has jobs to fetch.
    await redis.stop();
    const before = process.cpuUsage();
    const wallStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const wall = Date.now() - wallStart;
    const cpu = process.cpuUsage(before);
    // A spinning loop also starves timers: the 2 s sleep would last far longer.
    expect(wall).toBeLessThan(3000);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(800);

    const refused = Date.now();
    await expect(jobs.add(BUSY, { helplineId: 'h' }, { jobId: 'while-down' })).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(Date.now() - refused).toBeLessThan(500);

    // Back (empty: this Redis keeps nothing on disk): the worker takes new jobs again.
    await redis.start();
    const afterRestart = handled;
    const deadline = Date.now() + 15_000;
    let added = false;
    while (handled === afterRestart && Date.now() < deadline) {
      if (!added)
        added = await jobs.add(BUSY, { helplineId: 'h' }, { jobId: 'after-restart' }).then(
          () => true,
          () => false,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(handled).toBeGreaterThan(afterRestart);
  }, 60_000);
});
