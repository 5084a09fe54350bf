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
    /** When answered after a wait estimate was given: real wait from the estimate on minus the estimate (ms). */
    quoteErrorMs: number | null;
  };
  /** Overflow or transfer: the contact keeps its state and its first arrival, in another queue. */
  'contact.moved': { contactId: string; fromQueueId: string; toQueueId: string; change: 'overflow' | 'transfer' };
  'routing-queue.changed': { queueId: string };
  /** An agent's state changed (`from` null: the agent's profile was just created, offline). `reason`: away reason code. */
  'agent.state-changed': { agentId: string; from: string | null; to: string; reason: string | null };
  'staff.user-changed': { userId: string };
}

export type DomainEventName = keyof DomainEvents;
