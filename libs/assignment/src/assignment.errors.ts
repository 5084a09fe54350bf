import { DomainError } from '@tuki/platform';

/** The offer is not (or no longer) this agent's: it expired, was taken back, or went to someone else. */
export class OfferNotOpenError extends DomainError {
  readonly code = 'OFFER_NOT_OPEN';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This offer is no longer open to you');
  }
}

/** The contact is not this agent's to end or complete. */
export class NotYourContactError extends DomainError {
  readonly code = 'NOT_YOUR_CONTACT';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Contact not found');
  }
}
