import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeliveredEvent } from './outbox.service';

/** Runs inside the transaction that also records the event as processed: the effect and the record commit together. */
export type EventHandler = (event: DeliveredEvent, manager: EntityManager) => Promise<void>;

interface Consumer {
  types: Set<string>;
  handler: EventHandler;
}

/**
 * The consumers of domain events in this process, each with a stable name (its idempotency scope). Libs register in
 * onModuleInit; the relay fans every event out to each consumer that wants its type.
 */
@Injectable()
export class EventConsumers {
  private readonly consumers = new Map<string, Consumer>();

  register(name: string, types: string[], handler: EventHandler): void {
    if (this.consumers.has(name)) throw new Error(`Event consumer ${name} registered twice`);
    this.consumers.set(name, { types: new Set(types), handler });
  }

  consumersOf(type: string): string[] {
    return [...this.consumers].filter(([, c]) => c.types.has(type)).map(([name]) => name);
  }

  handler(name: string): EventHandler | undefined {
    return this.consumers.get(name)?.handler;
  }
}
