/**
 * What kind of failure a domain error is. Each transport maps kinds to its own answer (HTTP status, socket error);
 * services never throw HTTP exceptions.
 */
export type ErrorKind =
  'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'unavailable';

/**
 * Base of every coded error in Tuki. `code` is stable (`CASE_NOT_FOUND`); `message` must be safe to log and to show:
 * no names, numbers, note text or secrets.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** Extra, non-personal details for the client (a retry delay, the offending field). */
  readonly details?: Record<string, unknown>;

  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details;
  }
}
