import type { ErrorKind } from '../errors/domain-error';

/** The HTTP status of each kind of domain error. */
export const HTTP_STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  unavailable: 503,
};
