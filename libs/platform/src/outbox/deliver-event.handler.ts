import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';
import { EventConsumers } from './event-consumers';
import { OutboxEvent } from './outbox-event.entity';
import { deliveredEvent, type DeliveredEvent } from './delivered-event';
import { ProcessedEvent } from './processed-event.entity';
import { PLATFORM_JOBS, type PlatformJobPayloads } from './platform-jobs';

/**
 * Delivers one event to one consumer, at least once. For a transactional consumer, effectively once: the
 * processed-events row and the consumer's effect commit in one transaction, so a re-run (worker killed, job retried)
 * finds the row and skips. An idempotent consumer's effect lies outside the database and may run again.
 */
@Injectable()
@HandlesJob(PLATFORM_JOBS.deliverEvent)
export class DeliverEventHandler implements JobHandler<PlatformJobPayloads['platform.deliver-event']> {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async handle(payload: PlatformJobPayloads['platform.deliver-event']): Promise<void> {
    const consumer = this.consumers.consumer(payload.consumer);
    if (!consumer) throw new Error(`No event consumer named ${payload.consumer} in this process`);
    const processed = { consumer: payload.consumer, eventId: payload.eventId };
    if (consumer.mode === 'idempotent' || consumer.mode === 'inline') {
      // Effects outside the database: run, then mark done. A crash in between runs the handler again.
      const event = await this.transactions.run(async (manager) =>
        (await manager.existsBy(ProcessedEvent, processed)) ? undefined : this.load(manager, payload),
      );
      if (!event) return;
      await consumer.handler(event);
      await this.transactions.run(async (manager) => {
        if (!(await manager.existsBy(ProcessedEvent, processed))) {
          await manager.insert(ProcessedEvent, { ...processed, processedAt: this.clock.nowMs() });
        }
      });
      return;
    }
    await this.transactions.run(async (manager) => {
      if (await manager.existsBy(ProcessedEvent, processed)) return;
      const event = await this.load(manager, payload);
      if (!event) return;
      await manager.insert(ProcessedEvent, { ...processed, processedAt: this.clock.nowMs() });
      await consumer.handler(event, manager);
    });
  }

  private async load(
    manager: EntityManager,
    payload: PlatformJobPayloads['platform.deliver-event'],
  ): Promise<DeliveredEvent | undefined> {
    const row = await manager.findOneBy(OutboxEvent, { id: payload.eventId, helplineId: payload.helplineId });
    return row ? deliveredEvent(row) : undefined;
  }
}

/** The same delivery for background consumers (read models), run by the background job family's workers. */
@Injectable()
@HandlesJob(PLATFORM_JOBS.deliverBackgroundEvent)
export class DeliverBackgroundEventHandler extends DeliverEventHandler {}
