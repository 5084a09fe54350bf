import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeliveredEvent } from './delivered-event';

/** Runs inside the transaction that also records the event as processed: the effect and the record commit together. */
export type EventHandler = (event: DeliveredEvent, manager: EntityManager) => Promise<void>;

/**
 * Runs outside any transaction, for effects that are not in this database (Redis, sockets, other services). It must be
 * idempotent: it runs at least once, and again if it failed or its process died before the event was marked done.
 */
export type IdempotentEventHandler = (event: DeliveredEvent) => Promise<void>;

/**
 * Takes a batch of events in outbox order, idempotently (each event may come again). Read models outside the database
 * that must follow live (the supervisors' metrics) are delivered this way, by the relay itself.
 */
export type BatchEventHandler = (events: DeliveredEvent[]) => Promise<void>;

/** How a consumer's deliveries queue. */
export interface ConsumerOptions {
  /**
   * Read models and bookkeeping (cases, statistics): delivered by the background job family, apart from the
   * consumers that move callers (routing), so a surge of events never delays an offer. Default false.
   */
  background?: boolean;
  /**
   * Which events of its types the consumer wants, judged from the payload when the relay hands events out: an
   * event it would ignore costs no job and no transaction. Default: all of them.
   */
  accepts?: (payload: unknown) => boolean;
}

type Consumer = ConsumerOptions &
  (
    | { mode: 'transactional'; types: Set<string>; handler: EventHandler }
    | { mode: 'idempotent'; types: Set<string>; handler: IdempotentEventHandler }
    | { mode: 'inline'; types: Set<string>; handler: IdempotentEventHandler; batch: BatchEventHandler }
  );

/**
 * The consumers of domain events in this process, each with a stable name (its idempotency scope). Libs register in
 * onModuleInit; the relay fans every event out to each consumer that wants its type.
 */
@Injectable()
export class EventConsumers {
  private readonly consumers = new Map<string, Consumer>();

  register(name: string, types: string[], handler: EventHandler, options: ConsumerOptions = {}): void {
    this.add(name, { ...options, mode: 'transactional', types: new Set(types), handler });
  }

  registerIdempotent(
    name: string,
    types: string[],
    handler: IdempotentEventHandler,
    options: ConsumerOptions = {},
  ): void {
    this.add(name, { ...options, mode: 'idempotent', types: new Set(types), handler });
  }

  /**
   * A consumer the relay delivers to in-line: each batch it relays goes to `batch` before the batch is marked
   * dispatched, so the read model trails the outbox by one relay cycle, with no job and no processed-events row per
   * event. If `batch` fails, the relay falls back to one job per event for this consumer (the background family), so a
   * broken read model never holds up routing. Idempotent, like `registerIdempotent`.
   */
  registerInline(name: string, types: string[], batch: BatchEventHandler, options: ConsumerOptions = {}): void {
    this.add(name, {
      ...options,
      background: true,
      mode: 'inline',
      types: new Set(types),
      batch,
      handler: (event) => batch([event]),
    });
  }

  /** The in-line consumers, for the relay. */
  inlineConsumers(): { name: string; wants(type: string, payload: unknown): boolean; batch: BatchEventHandler }[] {
    return [...this.consumers]
      .filter((entry): entry is [string, Consumer & { mode: 'inline' }] => entry[1].mode === 'inline')
      .map(([name, c]) => ({
        name,
        wants: (type, payload) => c.types.has(type) && (c.accepts === undefined || c.accepts(payload)),
        batch: c.batch,
      }));
  }

  /** Whether a consumer's deliveries run in the background job family. */
  isBackground(name: string): boolean {
    return this.consumers.get(name)?.background === true;
  }

  /** The consumers that want this event (its type, and its payload where a consumer is choosy). */
  consumersOf(type: string, payload?: unknown): string[] {
    return [...this.consumers]
      .filter(([, c]) => c.types.has(type) && (c.accepts === undefined || payload === undefined || c.accepts(payload)))
      .map(([name]) => name);
  }

  consumer(name: string): Consumer | undefined {
    return this.consumers.get(name);
  }

  private add(name: string, consumer: Consumer): void {
    if (this.consumers.has(name)) throw new Error(`Event consumer ${name} registered twice`);
    this.consumers.set(name, consumer);
  }
}
