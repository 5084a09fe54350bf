import { Secret, TOTP } from 'otpauth';

/**
 * The one TOTP profile Tuki uses: RFC 6238 defaults (HMAC-SHA1, 6 digits, 30 s steps), because those are the only
 * settings every authenticator app (Google, Microsoft, Aegis, 1Password...) honours. Volunteers use their own phones.
 */
const PROFILE = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Steps accepted either side of "now": ±1 step (±30 s) tolerates phone clock drift and typing time, no more. */
const WINDOW = 1;
/** RFC 4226 asks for at least 128 bits and recommends 160: 20 random bytes. */
const SECRET_BYTES = 20;

/**
 * A new random TOTP secret (20 bytes, base32 as authenticator apps expect). It is a credential: store it encrypted
 * and never log it.
 */
export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/**
 * The `otpauth://` URI to show as a QR code when a staff member enrols their authenticator app. Contains the secret:
 * render it to that person only, and never log it.
 *
 * @param accountLabel what the app shows next to the code (e.g. the login), so people with several accounts tell them apart
 * @param issuer shown by the app as the service name; defaults to `'Tuki'`
 */
export function totpUri(secret: string, accountLabel: string, issuer = 'Tuki'): string {
  return new TOTP({ ...PROFILE, issuer, label: accountLabel, secret: Secret.fromBase32(secret) }).toString();
}

/** The result of {@link verifyTotp}; `step` is present when `ok` is true. */
export type TotpVerification = { ok: true; step: number } | { ok: false; step?: undefined };

/**
 * Checks a code typed by the user against `secret` at the given time (the caller passes `Clock.now()`; otpauth would
 * otherwise read `Date.now()`), accepting the current step and one step either side.
 *
 * Returns the matched time step (seconds since the epoch / 30) so the caller can refuse replays: store the last step
 * accepted for the account and refuse any code whose step is not greater than it. "Not greater", not just "not equal":
 * with a ±1 window an observed code from an earlier step can still be inside the window after a later one was used.
 *
 * Spaces in the code are ignored (apps show "123 456"); anything but 6 digits is a plain mismatch.
 *
 * @throws TypeError if `secret` is not base32: a corrupt stored secret is a data fault, not a wrong code.
 */
export function verifyTotp(secret: string, code: string, now: Date): TotpVerification {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false };
  const totp = new TOTP({ ...PROFILE, secret: Secret.fromBase32(secret) });
  const timestamp = now.getTime();
  const delta = totp.validate({ token, timestamp, window: WINDOW });
  if (delta === null) return { ok: false };
  return { ok: true, step: totp.counter({ timestamp }) + delta };
}
