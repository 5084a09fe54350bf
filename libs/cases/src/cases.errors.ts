import { DomainError } from '@tuki/platform';

/** Also the answer for a case the asker may not see: it does not say whether the case exists. */
export class CaseNotFoundError extends DomainError {
  readonly code = 'CASE_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Case not found');
  }
}

/** A supervisor with no part in the case must give a reason (break-glass) before opening it. */
export class BreakGlassRequiredError extends DomainError {
  readonly code = 'BREAK_GLASS_REQUIRED';
  readonly kind = 'forbidden' as const;
  constructor() {
    super('You have no part in this case: give a reason to open it (POST /cases/:id/break-glass)');
  }
}

export class CaseChangedConcurrentlyError extends DomainError {
  readonly code = 'CASE_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The case was changed by someone else at the same moment; reload it and try again');
  }
}

export class IllegalCaseStatusError extends DomainError {
  readonly code = 'ILLEGAL_CASE_STATUS';
  readonly kind = 'conflict' as const;
  constructor(from: string, to: string) {
    super(`This helpline's workflow does not move a case from ${from} to ${to}`, { details: { from, to } });
  }
}

/** A code not in the helpline's lists (a category, referral, outcome, region, fact value). */
export class UnknownCodeError extends DomainError {
  readonly code = 'UNKNOWN_CODE';
  readonly kind = 'invalid' as const;
  constructor(field: string, value: string) {
    super(`${field}: ${value} is not in this helpline's list`, { details: { field } });
  }
}

/** The asker is not the agent connected with (or wrapping up) this contact. */
export class ContactNotHeldError extends DomainError {
  readonly code = 'CONTACT_NOT_HELD';
  readonly kind = 'conflict' as const;
  constructor() {
    super('Only the agent connected with this contact can do this, while connected or in wrap-up');
  }
}

export class ContactNotInCaseError extends DomainError {
  readonly code = 'CONTACT_NOT_IN_CASE';
  readonly kind = 'not-found' as const;
  constructor() {
    super('That contact is not part of this case');
  }
}

export class AlreadyClassifiedError extends DomainError {
  readonly code = 'CONTACT_ALREADY_CLASSIFIED';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This contact was already classified or skipped; its anonymous facts are published once');
  }
}

/** Too many wrong code words for this contact: the caller may still give consent instead. */
export class CodeWordTriesExhaustedError extends DomainError {
  readonly code = 'CODE_WORD_TRIES_EXHAUSTED';
  readonly kind = 'rate-limited' as const;
  constructor() {
    super("Too many wrong code words for this contact; ask for the caller's explicit consent instead");
  }
}

export class InvalidCaseSettingsError extends DomainError {
  readonly code = 'INVALID_CASE_SETTINGS';
  readonly kind = 'invalid' as const;
  constructor(problems: string[]) {
    super(`Case settings are invalid: ${problems.join('; ')}`, { details: { problems } });
  }
}

export class NoPhoneForFollowUpError extends DomainError {
  readonly code = 'NO_NUMBER_FOR_FOLLOW_UP';
  readonly kind = 'invalid' as const;
  constructor() {
    super('number is required: the case holds no number to call back');
  }
}

export class GrantNotFoundError extends DomainError {
  readonly code = 'GRANT_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Break-glass opening not found');
  }
}

/**
 * A supervisor asked to mark their own break-glass opening as reviewed: the review is a second pair of eyes, so
 * another supervisor or an admin does it. A conflict rather than 403: the route is theirs, this one opening is not.
 */
export class OwnBreakGlassReviewError extends DomainError {
  readonly code = 'OWN_BREAK_GLASS_REVIEW';
  readonly kind = 'conflict' as const;
  constructor() {
    super('Your own break-glass opening is reviewed by another supervisor or an admin');
  }
}
