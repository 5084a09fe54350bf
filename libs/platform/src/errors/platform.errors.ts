import { DomainError } from './domain-error';

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class DependencyUnavailableError extends DomainError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  readonly kind = 'unavailable' as const;
}

/** A request that cannot be done in the object's present state; the message says why. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  readonly kind = 'conflict' as const;
}
