import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource, In, MoreThan } from 'typeorm';
import { OutboxEvent, REDIS, deliveredEvent } from '@tuki/platform';
import { METRIC_EVENT_TYPES } from './event-effects';
import { LiveAggregates } from './live-aggregates';
import { MetricsEventsConsumer } from './metrics-events.consumer';

const CHECK_EVERY_MS = 2_000;
const BATCH = 1_000;
const LOCK_MS = 30_000;

/**
 * Rebuilds the live metrics after Redis lost them (restarted empty, flushed, a new deployment): replays the stored
 * events of the outbox (kept a week, longer than any contact waits or any agent keeps a state unchanged) through the
 * same effects, in outbox order. Live deliveries go on meanwhile; an event counts once whichever path applies it
 * first. One process rebuilds at a time (a lock in Redis); dashboards say "incomplete" until it is done.
 */
@Injectable()
export class MetricsRebuild implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsRebuild.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly aggregates: LiveAggregates,
    private readonly consumer: MetricsEventsConsumer,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.rebuildIfLost()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`Metrics rebuild failed: ${(error as Error).message}`))
        .finally(() => {
          this.timer = setTimeout(tick, CHECK_EVERY_MS);
          this.timer.unref();
        });
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Rebuilds when the built mark is missing and no other process is at it. Returns how many events it replayed. */
  async rebuildIfLost(): Promise<number> {
    if (await this.aggregates.isComplete()) return 0;
    const lock = this.aggregates.builtKey() + ':lock';
    if ((await this.redis.set(lock, '1', 'PX', LOCK_MS, 'NX')) !== 'OK') return 0;
    const started = Date.now();
    let replayed = 0;
    try {
      let after = 0;
      for (;;) {
        const rows = await this.dataSource.getRepository(OutboxEvent).find({
          where: { seq: MoreThan(after), type: In([...METRIC_EVENT_TYPES]) },
          order: { seq: 'ASC' },
          take: BATCH,
        });
        if (rows.length === 0) break;
        after = rows[rows.length - 1].seq;
        await this.consumer.foldAll(rows.map(deliveredEvent));
        replayed += rows.length;
        await this.redis.pexpire(lock, LOCK_MS);
      }
      await this.redis.set(this.aggregates.builtKey(), String(Date.now()));
      this.logger.log(`Live metrics rebuilt from ${replayed} stored events in ${Date.now() - started} ms`);
      return replayed;
    } finally {
      await this.redis.del(lock);
    }
  }
}
