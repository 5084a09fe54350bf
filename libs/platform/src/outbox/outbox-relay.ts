import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, LessThan } from 'typeorm';
import { Clock } from '../clock/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { JobsService } from '../jobs/jobs.service';
import { deliveredEvent } from './delivered-event';
import { EventConsumers } from './event-consumers';
import { OutboxEvent } from './outbox-event.entity';
import { PLATFORM_JOBS, type PlatformJobPayloads } from './platform-jobs';
import { ProcessedEvent } from './processed-event.entity';

const BATCH = 200;
/** How often an idle relay looks for events written by other processes; its own process wakes it at once. */
const IDLE_POLL_MS = 50;
/** A nudge waits this long, so the transaction that wrote the event has committed by the time the relay reads. */
const NUDGE_DELAY_MS = 5;
/** Delivered events and their dedupe records are kept a week (redeliveries come within seconds), then pruned. */
const KEEP_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Moves committed outbox events into BullMQ delivery jobs, one per interested consumer, then marks them dispatched.
 * A process killed between the two steps leaves the rows undispatched, so the next relay enqueues them again; the job
 * ids are deterministic (BullMQ drops the duplicate) and consumers skip event ids they have seen. Several workers on
 * PostgreSQL share the work through `FOR UPDATE SKIP LOCKED`.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastPruneMs = 0;
  /** Waiting for the idle poll (not relaying), so a nudge may bring the next run forward. */
  private idle = false;
  private nudged = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobsService<PlatformJobPayloads>,
    private readonly consumers: EventConsumers,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Relays one batch; returns how many events it dispatched. Public for tests and the CLI. */
  async relayOnce(): Promise<number> {
    const postgres = this.dataSource.options.type === 'postgres';
    return this.transactions.run(async (manager) => {
      let query = manager
        .getRepository(OutboxEvent)
        .createQueryBuilder('e')
        .where('e.dispatched_at IS NULL')
        .orderBy('e.seq', 'ASC')
        .limit(BATCH);
      if (postgres) query = query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const events = await query.getMany();
      if (events.length === 0) return 0;
      const delivered = await this.deliverInline(events);
      const jobs = events.flatMap((event) =>
        this.consumers
          .consumersOf(event.type, JSON.parse(event.payload) as unknown)
          .filter((consumer) => !delivered.has(consumer))
          .map((consumer) => ({
            name: this.consumers.isBackground(consumer)
              ? PLATFORM_JOBS.deliverBackgroundEvent
              : PLATFORM_JOBS.deliverEvent,
            payload: { helplineId: event.helplineId, eventId: event.id, consumer },
            options: { jobId: `event:${consumer}:${event.id}` },
          })),
      );
      if (jobs.length > 0) await this.jobs.addBulk(jobs);
      await manager.update(
        OutboxEvent,
        { seq: In(events.map((e) => e.seq)), dispatchedAt: IsNull() },
        { dispatchedAt: this.clock.nowMs() },
      );
      return events.length;
    });
  }

  /**
   * Hands the batch to the in-line consumers (in outbox order); returns those that took it. One that fails gets jobs
   * per event instead, like any other consumer, and the relay goes on.
   */
  private async deliverInline(events: OutboxEvent[]): Promise<Set<string>> {
    const delivered = new Set<string>();
    for (const consumer of this.consumers.inlineConsumers()) {
      const mine = events.map(deliveredEvent).filter((event) => consumer.wants(event.type, event.payload));
      try {
        if (mine.length > 0) await consumer.batch(mine);
        delivered.add(consumer.name);
      } catch (error) {
        this.logger.warn(`In-line delivery to ${consumer.name} failed, queued as jobs: ${(error as Error).message}`);
      }
    }
    return delivered;
  }

  /**
   * Wakes an idle relay soon: this process just wrote an event. Events of other processes wait for the idle poll.
   */
  nudge(): void {
    if (this.stopped || this.nudged || !this.idle) return;
    this.nudged = true;
    clearTimeout(this.timer);
    this.schedule(NUDGE_DELAY_MS);
  }

  /** Deletes delivered events and dedupe records older than a week. Returns how many events it removed. */
  async pruneOnce(): Promise<number> {
    const before = this.clock.nowMs() - KEEP_MS;
    this.lastPruneMs = this.clock.nowMs();
    return this.transactions.run(async (manager) => {
      const events = await manager.delete(OutboxEvent, { dispatchedAt: LessThan(before) });
      await manager.delete(ProcessedEvent, { processedAt: LessThan(before) });
      return events.affected ?? 0;
    });
  }

  private async tick(): Promise<number> {
    if (this.clock.nowMs() - this.lastPruneMs >= PRUNE_EVERY_MS) await this.pruneOnce();
    return this.relayOnce();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.idle = delayMs > 0;
    this.timer = setTimeout(() => {
      this.idle = false;
      this.nudged = false;
      this.running = this.tick()
        .then((count) => this.schedule(count === BATCH ? 0 : IDLE_POLL_MS))
        .catch((error: unknown) => {
          // Redis or the database is away: keep the events and try again shortly.
          this.logger.warn(`Outbox relay paused: ${(error as Error).message}`);
          this.schedule(2_000);
        });
    }, delayMs);
    this.timer.unref();
  }
}
