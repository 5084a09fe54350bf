import { DomainError } from '@tuki/platform';

/** The message names what is wrong, never the number itself. */
export class InvalidCallbackNumberError extends DomainError {
  readonly code = 'INVALID_CALLBACK_NUMBER';
  readonly kind = 'invalid' as const;
  constructor() {
    super('number must be a valid phone number in international E.164 form, such as +358401234567');
  }
}

export class CallbacksDisabledError extends DomainError {
  readonly code = 'CALLBACKS_DISABLED';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This queue does not take callbacks');
  }
}

/** The caller's window ends before the queue opens again (or before the first attempt may start). */
export class CallbackWindowUnreachableError extends DomainError {
  readonly code = 'CALLBACK_WINDOW_UNREACHABLE';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The queue is not open within the callback window; choose a later or longer window');
  }
}

/** Not found, or not this agent's to dial: the answer does not tell which. */
export class CallbackNotFoundError extends DomainError {
  readonly code = 'CALLBACK_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Callback not found');
  }
}

export class CallbackAttemptConflictError extends DomainError {
  readonly code = 'CALLBACK_ATTEMPT_CONFLICT';
  readonly kind = 'conflict' as const;
  constructor(message: string) {
    super(message);
  }
}

/** Another process changed the callback at the same moment; nothing was changed here. */
export class CallbackChangedConcurrentlyError extends DomainError {
  readonly code = 'CALLBACK_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The callback changed at the same time; read it again');
  }
}
