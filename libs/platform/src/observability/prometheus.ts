import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry: default process metrics, HTTP request durations by route template (never by
 * raw URL, which would hold ids), and job outcomes by name.
 */
@Injectable()
export class Prometheus {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'tuki_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly jobsProcessed = new Counter({
    name: 'tuki_jobs_processed_total',
    help: 'Jobs run by this process, by job name and outcome',
    labelNames: ['name', 'outcome'],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'tuki_job_duration_seconds',
    help: 'Job run time by job name',
    labelNames: ['name'],
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tuki_' });
  }
}
