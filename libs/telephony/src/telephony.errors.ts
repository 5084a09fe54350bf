import { DomainError } from '@tuki/platform';

/** A webhook that is not the provider's form post (Twilio always posts application/x-www-form-urlencoded). */
export class InvalidWebhookError extends DomainError {
  readonly code = 'INVALID_WEBHOOK';
  readonly kind = 'invalid' as const;
  constructor(why: string) {
    super(`Invalid telephony webhook: ${why}`);
  }
}

/** Missing or wrong `X-Twilio-Signature`: the request did not come from Twilio, or was changed on the way. */
export class WebhookSignatureError extends DomainError {
  readonly code = 'WEBHOOK_SIGNATURE_INVALID';
  readonly kind = 'forbidden' as const;
  constructor() {
    super('The webhook signature is missing or wrong');
  }
}

/** Twilio is not set up in this deployment (no account in the configuration), or the helpline has no caller id. */
export class TelephonyUnavailableError extends DomainError {
  readonly code = 'TELEPHONY_UNAVAILABLE';
  readonly kind = 'unavailable' as const;
  constructor(why: string) {
    super(`Telephony is not available: ${why}`);
  }
}

export class InvalidTelephonySettingsError extends DomainError {
  readonly code = 'INVALID_TELEPHONY_SETTINGS';
  readonly kind = 'invalid' as const;
  constructor(readonly problems: string[]) {
    super(`Invalid telephony settings: ${problems.join('; ')}`, { details: { problems } });
  }
}

/** A phone number that is not a valid international (E.164) number. The message never repeats the number. */
export class InvalidPhoneNumberError extends DomainError {
  readonly code = 'INVALID_PHONE_NUMBER';
  readonly kind = 'invalid' as const;
  constructor(field: string) {
    super(`${field} must be an international phone number such as +358401234567`);
  }
}

/** The dialler was asked to ring a callback without the number (the callbacks service did not read it). */
export class DialNumberMissingError extends DomainError {
  readonly code = 'DIAL_NUMBER_MISSING';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The callback number was not passed to the provider dialler');
  }
}

/** The provider refused or failed to place a call. Only the provider's error code is kept (its message may echo a number). */
export class CallPlacementError extends DomainError {
  readonly code = 'CALL_PLACEMENT_FAILED';
  readonly kind = 'unavailable' as const;
  constructor(providerCode: string) {
    super(`The telephony provider did not place the call (code ${providerCode})`);
  }
}

/** The deployment has not set up what this needs (an account, an API key): a setting, not an outage. */
export class TelephonyNotConfiguredError extends DomainError {
  readonly code = 'TELEPHONY_NOT_CONFIGURED';
  readonly kind = 'conflict' as const;
  constructor(what: string) {
    super(`Telephony is not set up for this: ${what}`);
  }
}
