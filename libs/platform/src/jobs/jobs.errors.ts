import { DomainError } from '../errors/domain-error';

export class JobHandlerMissingError extends DomainError {
  readonly code = 'JOB_HANDLER_MISSING';
  readonly kind = 'unavailable' as const;
}

export class UnknownJobError extends DomainError {
  readonly code = 'JOB_UNKNOWN';
  readonly kind = 'invalid' as const;
}
