import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';
import { EventConsumers } from './event-consumers';
import { OutboxEvent } from './outbox-event.entity';
import { ProcessedEvent } from './processed-event.entity';
import { PLATFORM_JOBS, type PlatformJobPayloads } from './platform-jobs';

/**
 * Delivers one event to one consumer, at least once and effectively once: the processed-events row and the
 * consumer's effect commit in one transaction, so a re-run (worker killed, job retried) finds the row and skips.
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
    const handler = this.consumers.handler(payload.consumer);
    if (!handler) throw new Error(`No event consumer named ${payload.consumer} in this process`);
    await this.transactions.run(async (manager) => {
      const seen = await manager.findOneBy(ProcessedEvent, { consumer: payload.consumer, eventId: payload.eventId });
      if (seen) return;
      const row = await manager.findOneBy(OutboxEvent, { id: payload.eventId, helplineId: payload.helplineId });
      if (!row) return;
      await manager.insert(ProcessedEvent, {
        consumer: payload.consumer,
        eventId: payload.eventId,
        processedAt: this.clock.nowMs(),
      });
      await handler(
        {
          id: row.id,
          helplineId: row.helplineId,
          type: row.type,
          payload: JSON.parse(row.payload) as unknown,
          occurredAt: row.occurredAt,
        },
        manager,
      );
    });
  }
}
