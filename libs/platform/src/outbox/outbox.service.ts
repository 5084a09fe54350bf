import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';

export type { DeliveredEvent } from './delivered-event';

/**
 * Writes domain events into the outbox inside the caller's transaction, so the change and its event commit together.
 * `M` maps event names to payloads (`DomainEvents` in @tuki/contracts): annotate the injected service as
 * `OutboxService<DomainEvents>` to get the types.
 */
@Injectable()
export class OutboxService<M extends object = Record<string, unknown>> {
  constructor(
    private readonly clock: Clock,
    /** Present where this process relays (workers, the zero-config single process): woken by each new event. */
    @Optional() private readonly relay?: OutboxRelay,
  ) {}

  async append<K extends keyof M & string>(
    manager: EntityManager,
    helplineId: string,
    type: K,
    payload: M[K],
  ): Promise<string> {
    const id = randomUUID();
    await manager.insert(OutboxEvent, {
      id,
      helplineId,
      type,
      payload: JSON.stringify(payload),
      occurredAt: this.clock.nowMs(),
      dispatchedAt: null,
    });
    this.relay?.nudge();
    return id;
  }

  /**
   * Replaces one exact JSON member (`"name":"value"`) with `"name":null` in every stored event of the helpline: a
   * data subject's erasure reaches events still waiting in the outbox (kept up to a week) as well as the records.
   * Returns how many events changed.
   */
  async redact(manager: EntityManager, helplineId: string, name: string, value: string): Promise<number> {
    const member = JSON.stringify({ [name]: value }).slice(1, -1);
    const result = await manager
      .createQueryBuilder()
      .update(OutboxEvent)
      .set({ payload: () => 'REPLACE(payload, :member, :redacted)' })
      .where('helpline_id = :helplineId AND payload LIKE :pattern', {
        helplineId,
        pattern: `%${member}%`,
      })
      .setParameters({ member, redacted: `${JSON.stringify(name)}:null` })
      .execute();
    return result.affected ?? 0;
  }
}
