import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeliveredEvent } from './outbox.service';

/** Runs inside the transaction that also records the event as processed: the effect and the record commit together. */
export type EventHandler = (event: DeliveredEvent, manager: EntityManager) => Promise<void>;

/**
 * Runs outside any transaction, for effects that are not in this database (Redis, sockets, other services). It must be
 * idempotent: it runs at least once, and again if it failed or its process died before the event was marked done.
 */
export type IdempotentEventHandler = (event: DeliveredEvent) => Promise<void>;

type Consumer =
  | { mode: 'transactional'; types: Set<string>; handler: EventHandler }
  | { mode: 'idempotent'; types: Set<string>; handler: IdempotentEventHandler };

/**
 * The consumers of domain events in this process, each with a stable name (its idempotency scope). Libs register in
 * onModuleInit; the relay fans every event out to each consumer that wants its type.
 */
@Injectable()
export class EventConsumers {
  private readonly consumers = new Map<string, Consumer>();

  register(name: string, types: string[], handler: EventHandler): void {
    this.add(name, { mode: 'transactional', types: new Set(types), handler });
  }

  registerIdempotent(name: string, types: string[], handler: IdempotentEventHandler): void {
    this.add(name, { mode: 'idempotent', types: new Set(types), handler });
  }

  consumersOf(type: string): string[] {
    return [...this.consumers].filter(([, c]) => c.types.has(type)).map(([name]) => name);
  }

  consumer(name: string): Consumer | undefined {
    return this.consumers.get(name);
  }

  private add(name: string, consumer: Consumer): void {
    if (this.consumers.has(name)) throw new Error(`Event consumer ${name} registered twice`);
    this.consumers.set(name, consumer);
  }
}
