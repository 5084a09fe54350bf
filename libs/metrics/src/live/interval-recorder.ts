import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { Between, DataSource, MoreThanOrEqual } from 'typeorm';
import { Clock, REDIS } from '@tuki/platform';
import { OVERALL_SCOPE, countsOf, queueScope } from './counters';
import { LiveAggregates } from './live-aggregates';
import { MetricContext } from './metric-context';
import { MetricInterval } from './metric-interval.entity';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options';

export const INTERVAL_MS = 15 * 60_000;
/** An interval is stored this long after it closed, so deliveries still in flight have landed in its buckets. */
const SETTLE_MS = 2 * 60_000;
const CHECK_EVERY_MS = 30_000;

/**
 * Stores each helpline's counts per 15-minute interval once it has closed and settled: overall, per queue and per
 * language. Several workers may try; the unique index keeps one row. Buckets live four hours, so an interval missed
 * while every worker was down is still stored when one comes back within that time.
 */
@Injectable()
export class IntervalRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntervalRecorder.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly aggregates: LiveAggregates,
    private readonly context: MetricContext,
    private readonly clock: Clock,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.runKeepers) return;
    this.timer = setInterval(
      () =>
        void this.recordClosed().catch((error: unknown) =>
          this.logger.warn(`Metric intervals not stored: ${(error as Error).message}`),
        ),
      CHECK_EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Stores the settled intervals of the last hour that have no rows yet. Returns how many rows it wrote. */
  async recordClosed(): Promise<number> {
    const settled = Math.floor((this.clock.nowMs() - SETTLE_MS) / INTERVAL_MS) * INTERVAL_MS - INTERVAL_MS;
    let written = 0;
    for (const helplineId of await this.aggregates.helplines()) {
      for (let start = settled - 3 * INTERVAL_MS; start <= settled; start += INTERVAL_MS) {
        written += await this.record(helplineId, start);
      }
    }
    return written;
  }

  /** The rows of one interval (none if they exist already). */
  async record(helplineId: string, start: number): Promise<number> {
    const repository = this.dataSource.getRepository(MetricInterval);
    if (await repository.existsBy({ helplineId, scope: OVERALL_SCOPE, start })) return 0;
    const base = this.aggregates.base(helplineId);
    const pipeline = this.redis.pipeline();
    for (let m = start / 60_000; m < (start + INTERVAL_MS) / 60_000; m++) pipeline.hgetall(`${base}min:${m}`);
    const buckets = ((await pipeline.exec()) ?? []).map(([, value]) => (value ?? {}) as Record<string, string>);
    const scopes = new Set([OVERALL_SCOPE, ...(await this.context.queuesOf(helplineId)).map((q) => queueScope(q.id))]);
    for (const bucket of buckets) for (const field of Object.keys(bucket)) scopes.add(field.split('|')[0]);
    const lastWaiting = [...buckets].reverse().find((bucket) => bucket['all|waiting'] !== undefined)?.['all|waiting'];
    const rows = [...scopes].map((scope) => {
      const c = countsOf(scope, buckets);
      return {
        helplineId,
        scope,
        start,
        seconds: INTERVAL_MS / 1000,
        arrivals: c.arrivals,
        answered: c.answered,
        answeredWithinTarget: c.answeredWithinTarget,
        abandoned: c.abandoned,
        shortAbandons: c.shortAbandons,
        answeredWaitMs: c.answeredWaitMs,
        handled: c.handled,
        handleMs: c.talkMs + c.wrapMs,
        waiting: scope === OVERALL_SCOPE && lastWaiting !== undefined ? Number(lastWaiting) : null,
      };
    });
    await repository.createQueryBuilder().insert().into(MetricInterval).values(rows).orIgnore().execute();
    return rows.length;
  }

  /** The stored intervals of every scope between two moments, oldest first, for reports. */
  async between(helplineId: string, from: number, to: number): Promise<MetricInterval[]> {
    return this.dataSource.getRepository(MetricInterval).find({
      where: { helplineId, start: Between(from, to - 1) },
      order: { start: 'ASC', scope: 'ASC' },
    });
  }

  /** The stored intervals of a scope since a moment, oldest first (the surge baseline reads five weeks). */
  async since(helplineId: string, scope: string, from: number): Promise<MetricInterval[]> {
    return this.dataSource
      .getRepository(MetricInterval)
      .find({ where: { helplineId, scope, start: MoreThanOrEqual(from) }, order: { start: 'ASC' } });
  }
}
