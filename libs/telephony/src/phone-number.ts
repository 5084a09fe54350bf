import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The number in E.164, or undefined when it is not a valid international number. Providers send withheld numbers
 * as words (`anonymous`, `restricted`) or as placeholders that do not validate; national numbers are refused because
 * which person they reach depends on a guessed country.
 */
export function e164OrUndefined(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 40 || !input.trim().startsWith('+')) return undefined;
  const parsed = parsePhoneNumberFromString(input.trim());
  return parsed?.isValid() ? parsed.number : undefined;
}

/** The digits one by one, as a voice reads a number back to the caller ("4 0 1 2 ..."), without the +. */
export function spokenDigits(e164: string): string {
  return e164.replace(/\D/g, '').split('').join(' ');
}
