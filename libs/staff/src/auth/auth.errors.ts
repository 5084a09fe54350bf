import { DomainError } from '@tuki/platform';

/** Which password rule a rejected password broke, so a front end can show the right hint without parsing text. */
export type PasswordRule = 'too-short' | 'too-long' | 'one-repeated-character';

/**
 * A new password breaks the password policy. The message names the rule, never the password: this error is logged and
 * shown, and a password (even a rejected one) is often a variant of the person's real one.
 */
export class PasswordTooWeakError extends DomainError {
  readonly code = 'PASSWORD_TOO_WEAK';
  readonly kind = 'invalid' as const;

  constructor(
    readonly rule: PasswordRule,
    message: string,
    limits: { minLength: number; maxLength: number },
  ) {
    super(message, { details: { rule, ...limits } });
  }
}

/**
 * Too many failed sign-ins for this account or from this address: the attempt may be repeated after
 * `retryAfterSeconds`. Thrown for unknown logins exactly as for real ones, so it never tells whether an account exists.
 */
export class SignInThrottledError extends DomainError {
  readonly code = 'SIGN_IN_THROTTLED';
  readonly kind = 'rate-limited' as const;

  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-in attempts; try again later', { details: { retryAfterSeconds } });
  }
}
