import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventConsumers, type DeliveredEvent } from '@tuki/platform';
import { METRIC_EVENT_TYPES, effectOf, type MetricEvent } from './event-effects';
import { LiveAggregates } from './live-aggregates';
import { MetricContext } from './metric-context';

export const METRICS_CONSUMER = 'metrics.live';

/**
 * Folds domain events into the live aggregates as the relay hands them out, a batch (one Redis pipeline) per relay
 * cycle, so a dashboard trails the outbox by one cycle and no event costs a job. Each event counts once however often
 * it comes; if a batch fails the relay queues its events as background jobs instead, which come back through `fold`.
 */
@Injectable()
export class MetricsEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly aggregates: LiveAggregates,
    private readonly context: MetricContext,
  ) {}

  onModuleInit(): void {
    this.consumers.registerInline(METRICS_CONSUMER, [...METRIC_EVENT_TYPES], (events) => this.foldAll(events));
  }

  /** One event (a redelivery, a test). */
  async fold(delivered: DeliveredEvent): Promise<void> {
    await this.foldAll([delivered]);
  }

  /** Events in outbox order, in one round trip. */
  async foldAll(events: DeliveredEvent[]): Promise<void> {
    for (const event of events) if (event.type.startsWith('routing-queue.')) this.context.forget(event.helplineId);
    const items = await Promise.all(
      events.map(async (delivered) => {
        const event = delivered as unknown as MetricEvent;
        const queueId = (delivered.payload as { queueId?: unknown }).queueId;
        const [effects, zone] = await Promise.all([
          this.context.effectContext(delivered.helplineId, typeof queueId === 'string' ? [queueId] : []),
          this.context.timeZoneOf(delivered.helplineId),
        ]);
        return {
          helplineId: delivered.helplineId,
          event,
          effect: effectOf(event, effects),
          day: this.context.dayIn(zone, event.occurredAt),
        };
      }),
    );
    await this.aggregates.applyMany(items);
  }
}
