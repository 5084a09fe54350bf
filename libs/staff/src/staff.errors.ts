import { DomainError } from '@tuki/platform';

/** One answer for a wrong login, wrong password or disabled account: sign-in must not reveal which accounts exist. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  readonly kind = 'unauthenticated' as const;
  constructor() {
    super('Wrong login or password');
  }
}

/** The password was right; a supervisor or admin must now give a TOTP code (or enrol one first). */
export class MfaRequiredError extends DomainError {
  readonly code: 'MFA_REQUIRED' | 'MFA_ENROLMENT_REQUIRED';
  readonly kind = 'unauthenticated' as const;
  constructor(enrolled: boolean) {
    super(enrolled ? 'Enter the code from your authenticator app' : 'Set up an authenticator app first');
    this.code = enrolled ? 'MFA_REQUIRED' : 'MFA_ENROLMENT_REQUIRED';
  }
}

export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'INVALID_REFRESH_TOKEN';
  readonly kind = 'unauthenticated' as const;
  constructor() {
    super('Refresh token is invalid, expired or already used; sign in again');
  }
}

export class StaffUserNotFoundError extends DomainError {
  readonly code = 'STAFF_USER_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Staff user not found');
  }
}

export class LoginTakenError extends DomainError {
  readonly code = 'LOGIN_TAKEN';
  readonly kind = 'conflict' as const;
  constructor() {
    super('That login is already in use');
  }
}

export class HelplineNotFoundError extends DomainError {
  readonly code = 'HELPLINE_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Helpline not found');
  }
}

/** An admin may not disable themselves or take away their own admin role: a helpline must keep an admin. */
export class SelfLockoutError extends DomainError {
  readonly code = 'SELF_LOCKOUT';
  readonly kind = 'conflict' as const;
  constructor() {
    super('You cannot disable yourself or remove your own admin role');
  }
}

export class ConflictMfaEnrolledError extends DomainError {
  readonly code = 'MFA_ALREADY_ENROLLED';
  readonly kind = 'conflict' as const;
  constructor() {
    super('A second factor is already set up; ask an admin to reset it');
  }
}

export class ServiceCredentialNotFoundError extends DomainError {
  readonly code = 'SERVICE_CREDENTIAL_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Service credential not found');
  }
}
