import { DomainError } from '../errors/domain-error';

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  readonly kind = 'unauthenticated' as const;
  constructor(message = 'Sign in first') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly kind = 'forbidden' as const;
  constructor(message = 'Your role does not allow this') {
    super(message);
  }
}

/** A route or socket event that declares no access rule: a programming error, refused rather than left open. */
export class AccessRuleMissingError extends DomainError {
  readonly code = 'ACCESS_RULE_MISSING';
  readonly kind = 'forbidden' as const;
}
