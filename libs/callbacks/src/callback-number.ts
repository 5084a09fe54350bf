import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { InvalidCallbackNumberError } from './callbacks.errors';

/**
 * The number in E.164 (`+358401234567`), or InvalidCallbackNumberError. Only international form is taken: a national
 * number means a different person depending on the country guessed, and ringing the wrong person back on a victim
 * line can put the caller in danger. Spaces, dashes and brackets are allowed and dropped.
 */
export function toE164(input: string): string {
  if (typeof input !== 'string' || input.length > 40 || !input.trim().startsWith('+'))
    throw new InvalidCallbackNumberError();
  const parsed = parsePhoneNumberFromString(input.trim());
  if (!parsed || !parsed.isValid()) throw new InvalidCallbackNumberError();
  return parsed.number;
}

/** The keyed-hash purpose of callback numbers: unlinkable to caller keys of the same number. */
export const NUMBER_HASH_PURPOSE = 'callback-number';
