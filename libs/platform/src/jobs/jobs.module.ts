import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { redisOptions } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { JOB_FAMILIES, type JobFamilyName } from './job-families';
import { JobDispatcher } from './job-dispatcher';
import { BackgroundJobsProcessor, LongJobsProcessor, ShortJobsProcessor } from './job-processors';
import { JobsCatalogue } from './jobs-catalogue';
import { JobsService } from './jobs.service';
import { JobsMetrics } from './jobs-metrics';

export interface JobsModuleOptions {
  /** Every job name this deployment knows, with its family (platform's and the domain's maps together). */
  catalogue: Record<string, JobFamilyName>;
  /** Run the processors in this process (the worker, and the zero-config single process). */
  runWorkers: boolean;
}

/** BullMQ wiring: one queue per job family, the typed producer, and (in workers) the processors. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions): DynamicModule {
    const families = Object.values(JOB_FAMILIES);
    return {
      module: JobsModule,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [TUKI_CONFIG],
          useFactory: (config: TukiConfig) => ({
            // Workers' blocking connections retry forever, as BullMQ's production guidance says.
            connection: { url: config.redis.url, ...redisOptions('worker') },
            prefix: new RedisKeys(config.redis.prefix).bullPrefix,
          }),
        }),
        ...families.map((family) =>
          BullModule.registerQueueAsync({
            name: family.queue,
            inject: [TUKI_CONFIG],
            useFactory: (config: TukiConfig) => ({
              // @nestjs/bullmq builds each family's Worker with its queue's connection options, so they must be a
              // worker's: with the producer's (no offline queue) a worker whose Redis went away retries its fetch in a
              // tight loop (BullMQ does not see "Stream isn't writeable" as a connection error) and starves the event
              // loop. Producers still fail fast: JobsService refuses to enqueue while the connection is not ready.
              connection: { url: config.redis.url, ...redisOptions('worker') },
              prefix: new RedisKeys(config.redis.prefix).bullPrefix,
              defaultJobOptions: family.defaults,
            }),
          }),
        ),
      ],
      providers: [
        { provide: JobsCatalogue, useValue: new JobsCatalogue(options.catalogue) },
        JobsService,
        JobsMetrics,
        ...(options.runWorkers ? [JobDispatcher, ShortJobsProcessor, LongJobsProcessor, BackgroundJobsProcessor] : []),
      ],
      exports: [JobsService, JobsCatalogue, BullModule],
    };
  }
}
