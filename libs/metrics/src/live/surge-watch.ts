import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { SurgeAlert, SurgeLevelName } from '@tuki/contracts';
import { Clock, REDIS } from '@tuki/platform';
import { baselineFor } from '../surge-baseline';
import { DEFAULT_SURGE_THRESHOLDS, nextLevel, surgeLevel, surgeRatio } from '../surge-level';
import { OVERALL_SCOPE, queueScope } from './counters';
import { INTERVAL_MS, IntervalRecorder } from './interval-recorder';
import { LiveAggregates } from './live-aggregates';
import { MetricContext } from './metric-context';
import { SurgeThresholdsService } from './surge-thresholds.service';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options';
import { arrivalsPerMinute } from './window-figures';

const EVERY_MS = 5_000;
/** Five weeks of intervals: the same hour on four earlier weeks, and the recent ones. */
const HISTORY_MS = 35 * 86_400_000;
const KEEP_ALERTS = 50;

/** A scope's surge state as stored in Redis (the `surge` hash, one JSON value per scope). */
export interface SurgeState {
  level: SurgeLevelName;
  ratio: number;
  baselinePerMinute: number;
  basis: string;
}

/**
 * Compares each queue's (and the helpline's) arrivals over the last 15 minutes with its baseline, moves its surge
 * level with hysteresis, and raises an alert when the level changes. One worker evaluates a helpline at a time (a
 * short lock), so a change raises one alert however many workers run.
 */
@Injectable()
export class SurgeWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SurgeWatch.name);
  private timer?: NodeJS.Timeout;
  private readonly baselines = new Map<
    string,
    { interval: number; history: Promise<{ start: number; arrivals: number; seconds: number }[]> }
  >();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly aggregates: LiveAggregates,
    private readonly intervals: IntervalRecorder,
    private readonly context: MetricContext,
    private readonly thresholdsOf: SurgeThresholdsService,
    private readonly clock: Clock,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.runKeepers) return;
    this.timer = setInterval(
      () => void this.evaluateAll().catch((e: unknown) => this.logger.warn(`Surge watch: ${(e as Error).message}`)),
      EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async evaluateAll(): Promise<SurgeAlert[]> {
    const alerts: SurgeAlert[] = [];
    for (const helplineId of await this.aggregates.helplines()) alerts.push(...(await this.evaluate(helplineId)));
    return alerts;
  }

  /** Evaluates one helpline's scopes now; returns the alerts it raised. */
  async evaluate(helplineId: string): Promise<SurgeAlert[]> {
    const base = this.aggregates.base(helplineId);
    if ((await this.redis.set(`${base}surge:lock`, '1', 'PX', EVERY_MS - 500, 'NX')) !== 'OK') return [];
    const now = this.clock.nowMs();
    const [queues, zone] = await Promise.all([this.context.queuesOf(helplineId), this.context.timeZoneOf(helplineId)]);
    const scopes = [
      { scope: OVERALL_SCOPE, label: 'All queues', queueId: undefined },
      ...queues.map((q) => ({ scope: queueScope(q.id), label: q.name, queueId: q.id })),
    ];
    const minute = Math.floor(now / 60_000);
    const pipeline = this.redis.pipeline();
    for (let m = minute - 15; m <= minute; m++) pipeline.hgetall(`${base}min:${m}`);
    pipeline.hgetall(`${base}surge`);
    pipeline.zcard(`${base}w:all`);
    const results = ((await pipeline.exec()) ?? []).map(([, value]) => value);
    const waiting = results.pop() as number;
    const previous = (results.pop() ?? {}) as Record<string, string>;
    const minutes = results as Record<string, string>[];
    // The chart's and the history's "waiting" line: sampled here, every few seconds, whether or not anyone watches.
    await this.aggregates.sampleWaiting(helplineId, waiting);
    const alerts: SurgeAlert[] = [];
    const writes = this.redis.multi();
    for (const { scope, label, queueId } of scopes) {
      const perSecond = arrivalsPerMinute(minutes, scope, now).last15 / 60;
      const baseline = baselineFor(await this.historyOf(helplineId, scope, now), now, zone);
      const thresholds = queueId ? await this.thresholdsOf.of(helplineId, queueId) : DEFAULT_SURGE_THRESHOLDS;
      const ratio = surgeRatio({ arrivalRate: perSecond, baseline: baseline.rate });
      const before = previous[scope] ? (JSON.parse(previous[scope]) as SurgeState).level : 'normal';
      const level = nextLevel(
        before,
        surgeLevel({ arrivalRate: perSecond, baseline: baseline.rate, thresholds }),
        ratio,
        thresholds,
      );
      const state: SurgeState = { level, ratio, baselinePerMinute: baseline.rate * 60, basis: baseline.basis };
      writes.hset(`${base}surge`, scope, JSON.stringify(state));
      if (level !== before) {
        const alert: SurgeAlert = {
          id: randomUUID(),
          at: now,
          scope: scope === OVERALL_SCOPE ? 'overall' : scope.replace(/^q:/, 'queue:'),
          label,
          from: before,
          to: level,
          ratio,
        };
        alerts.push(alert);
        writes.lpush(`${base}alerts`, JSON.stringify(alert)).ltrim(`${base}alerts`, 0, KEEP_ALERTS - 1);
      }
    }
    if (alerts.length > 0) writes.incr(`${base}version`);
    await writes.exec();
    for (const alert of alerts)
      this.logger.log(`Surge level of ${alert.scope}: ${alert.from} -> ${alert.to} (x${alert.ratio.toFixed(1)})`);
    return alerts;
  }

  /** A scope's stored intervals, read again once per interval. */
  private historyOf(helplineId: string, scope: string, now: number) {
    const interval = Math.floor(now / INTERVAL_MS);
    const key = `${helplineId}|${scope}`;
    const cached = this.baselines.get(key);
    if (cached && cached.interval === interval) return cached.history;
    const history = this.intervals.since(helplineId, scope, now - HISTORY_MS);
    this.baselines.set(key, { interval, history });
    history.catch(() => this.baselines.delete(key));
    return history;
  }
}
