import { DomainError } from '../errors/domain-error';

// Messages here are logged and may reach a client: they name the offending option or field at most, never a value
// (a mistaken caller could have put a name or a note where a code belongs).

/**
 * An audit record whose action, purpose, subject type, field names, roles or ids are not short codes. A programming
 * error, not a client's: it extends Error rather than DomainError so a transport answers 500 with a correlation id
 * (the audited change rolls back with it) instead of telling the client its request was bad.
 */
export class AuditRecordInvalidError extends Error {
  readonly code = 'AUDIT_RECORD_INVALID';
  constructor(readonly field: string) {
    super(`Audit record field ${field} is not a short code`);
    this.name = AuditRecordInvalidError.name;
  }
}

/** A list filter out of range (a limit above 500, a negative time). A client can send these, so it is 'invalid'. */
export class AuditQueryInvalidError extends DomainError {
  readonly code = 'AUDIT_QUERY_INVALID';
  readonly kind = 'invalid' as const;
  constructor(option: string) {
    super(`Audit log filter ${option} is out of range`, { details: { option } });
  }
}
