import type { OutboxEvent } from './outbox-event.entity';

/** A domain event as consumers receive it. `payload` holds ids and codes, never personal data. */
export interface DeliveredEvent<P = unknown> {
  id: string;
  helplineId: string;
  type: string;
  payload: P;
  occurredAt: number;
  /**
   * The event's insert order in the outbox. Changes of one entity (a contact, an agent) are serialised by its row, so
   * their events' seq follow the order the changes happened: a read model keeps the latest by seq whatever order the
   * deliveries come in.
   */
  seq: number;
}

/** An outbox row as consumers receive it. */
export function deliveredEvent(row: OutboxEvent): DeliveredEvent {
  return {
    id: row.id,
    helplineId: row.helplineId,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    occurredAt: row.occurredAt,
    seq: row.seq,
  };
}
