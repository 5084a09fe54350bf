import { DomainError } from '@tuki/platform';

export class RoutingQueueNotFoundError extends DomainError {
  readonly code = 'ROUTING_QUEUE_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Routing queue not found');
  }
}

export class ContactNotFoundError extends DomainError {
  readonly code = 'CONTACT_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Contact not found');
  }
}

/** The transition is not allowed from the contact's current state; nothing was changed. */
export class IllegalTransitionError extends DomainError {
  readonly code = 'ILLEGAL_TRANSITION';
  readonly kind = 'conflict' as const;
  constructor(from: string, change: string) {
    super(`A contact that is ${from} cannot ${change}`, { details: { state: from, change } });
  }
}

/** Another process changed the contact at the same moment; nothing was changed here. */
export class ContactChangedConcurrentlyError extends DomainError {
  readonly code = 'CONTACT_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The contact changed at the same time; read it again');
  }
}

export class QueueClosedError extends DomainError {
  readonly code = 'ROUTING_QUEUE_CLOSED';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The routing queue is closed');
  }
}

export class InvalidQueueDefinitionError extends DomainError {
  readonly code = 'INVALID_QUEUE_DEFINITION';
  readonly kind = 'invalid' as const;
}

/** An idempotency key was reused for a different contact. */
export class IdempotencyConflictError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This idempotency key was already used for a different contact');
  }
}

/** The queue a contact is sent to is closed, or does not serve the contact's language. */
export class QueueCannotTakeContactError extends DomainError {
  readonly code = 'QUEUE_CANNOT_TAKE_CONTACT';
  readonly kind = 'conflict' as const;
  constructor(why: 'closed' | 'language') {
    super(
      why === 'closed'
        ? 'That queue is closed: choose an open queue'
        : "That queue does not serve the caller's language: choose a queue that does",
      { details: { why } },
    );
  }
}

/** Said to the channel (and by it to the caller) in neutral words: it does not tell who blocked them or why. */
export class CallerBlockedError extends DomainError {
  readonly code = 'CALLER_BLOCKED';
  readonly kind = 'forbidden' as const;
  constructor() {
    super('This helpline cannot take this contact at the moment');
  }
}

export class BlockNotFoundError extends DomainError {
  readonly code = 'BLOCK_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Block not found');
  }
}
