import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { Prometheus } from '../observability/prometheus';
import { JOB_FAMILIES } from './job-families';

/**
 * Job counts per family and state, read from Redis when Prometheus scrapes, so every process (api included) reports
 * the same backlog: a growing `waiting` or `failed` count is how a stuck worker shows.
 */
@Injectable()
export class JobsMetrics implements OnModuleInit {
  constructor(
    private readonly prometheus: Prometheus,
    @InjectQueue(JOB_FAMILIES.short.queue) private readonly short: Queue,
    @InjectQueue(JOB_FAMILIES.long.queue) private readonly long: Queue,
    @InjectQueue(JOB_FAMILIES.background.queue) private readonly background: Queue,
  ) {}

  onModuleInit(): void {
    const queues = [this.short, this.long, this.background];
    new Gauge({
      name: 'tuki_jobs',
      help: 'Jobs in Redis by family and state',
      labelNames: ['family', 'state'],
      registers: [this.prometheus.registry],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
          for (const [state, count] of Object.entries(counts)) this.set({ family: queue.name, state }, count);
        }
      },
    });
  }
}
