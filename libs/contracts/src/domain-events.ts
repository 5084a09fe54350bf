/**
 * Domain events: name (`'<noun>.<past-verb>'`) to payload, written to the outbox with the change they describe.
 * Payloads carry ids and codes, never personal data.
 */
export interface DomainEvents {
  'contact.created': {
    contactId: string;
    queueId: string;
    channel: string;
    language: string;
    priority: string;
    firstArrivedAt: number;
    hasCallerKey: boolean;
  };
  'contact.state-changed': {
    contactId: string;
    queueId: string;
    from: string;
    to: string;
    change: string;
    agentId: string | null;
    reason: string | null;
    waitMs: number | null;
  };
  'routing-queue.changed': { queueId: string };
  'staff.user-changed': { userId: string };
}

export type DomainEventName = keyof DomainEvents;
