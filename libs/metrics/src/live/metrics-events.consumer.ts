import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventConsumers, type DeliveredEvent } from '@tuki/platform';
import { METRIC_EVENT_TYPES, effectOf, type MetricEvent } from './event-effects';
import { LiveAggregates } from './live-aggregates';
import { MetricContext } from './metric-context';

export const METRICS_CONSUMER = 'metrics.live';

/**
 * Folds domain events into the live aggregates as they are delivered. A read model, so its deliveries run in the
 * background job family and never delay routing; each event counts once however often it is delivered.
 */
@Injectable()
export class MetricsEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly aggregates: LiveAggregates,
    private readonly context: MetricContext,
  ) {}

  onModuleInit(): void {
    this.consumers.registerIdempotent(METRICS_CONSUMER, [...METRIC_EVENT_TYPES], (event) => this.fold(event), {
      background: true,
    });
  }

  async fold(delivered: DeliveredEvent): Promise<void> {
    const event = delivered as unknown as MetricEvent;
    const [effects, zone] = await Promise.all([
      this.context.effectContext(delivered.helplineId),
      this.context.timeZoneOf(delivered.helplineId),
    ]);
    const day = this.context.dayIn(zone, event.occurredAt);
    await this.aggregates.apply(delivered.helplineId, event, effectOf(event, effects), day);
  }
}
