import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { OutboxEvent } from './outbox-event.entity';

/** A domain event as consumers receive it. `payload` holds ids and codes, never personal data. */
export interface DeliveredEvent<P = unknown> {
  id: string;
  helplineId: string;
  type: string;
  payload: P;
  occurredAt: number;
}

/** Writes domain events into the outbox inside the caller's transaction, so the change and its event commit together. */
@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  async append<P>(manager: EntityManager, helplineId: string, type: string, payload: P): Promise<string> {
    const id = randomUUID();
    await manager.insert(OutboxEvent, {
      id,
      helplineId,
      type,
      payload: JSON.stringify(payload),
      occurredAt: this.clock.nowMs(),
      dispatchedAt: null,
    });
    return id;
  }
}
