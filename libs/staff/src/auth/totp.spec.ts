import { Secret, TOTP } from 'otpauth';
import { generateTotpSecret, totpUri, verifyTotp } from './totp';

// RFC 6238 appendix B: the ASCII secret "12345678901234567890"; its SHA-1 codes, cut to 6 digits.
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;

const at = (iso: string): Date => new Date(iso);
const codeAt = (secret: string, date: Date): string =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: date.getTime() });

describe('verifyTotp', () => {
  it.each([
    ['2005-03-18T01:58:29Z', '081804', 37_037_036],
    ['2009-02-13T23:31:30Z', '005924', 41_152_263],
    ['2033-05-18T03:33:20Z', '279037', 66_666_666],
  ])('accepts the RFC 6238 code for %s and returns its time step', (iso, code, step) => {
    expect(verifyTotp(RFC_SECRET, code, at(iso))).toEqual({ ok: true, step });
  });

  it('accepts a code made at a known time, and returns that time step', () => {
    const secret = generateTotpSecret();
    const now = at('2025-11-29T09:15:10Z');
    expect(verifyTotp(secret, codeAt(secret, now), now)).toEqual({
      ok: true,
      step: Math.floor(now.getTime() / 30_000),
    });
  });

  it('accepts the previous and the next step, reporting the step the code belongs to (for replay refusal)', () => {
    const secret = generateTotpSecret();
    const now = at('2025-11-29T09:15:10Z');
    const step = Math.floor(now.getTime() / 30_000);
    const thirtySecondsAgo = new Date(now.getTime() - 30_000);
    const inThirtySeconds = new Date(now.getTime() + 30_000);
    expect(verifyTotp(secret, codeAt(secret, thirtySecondsAgo), now)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, codeAt(secret, inThirtySeconds), now)).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses a code from three steps (90 s) earlier, and from two', () => {
    const secret = generateTotpSecret();
    const now = at('2025-11-29T09:15:10Z');
    expect(verifyTotp(secret, codeAt(secret, new Date(now.getTime() - 90_000)), now)).toEqual({ ok: false });
    expect(verifyTotp(secret, codeAt(secret, new Date(now.getTime() - 60_000)), now)).toEqual({ ok: false });
  });

  it('uses the time it is given, not the machine clock', () => {
    expect(verifyTotp(RFC_SECRET, '287082', at('1970-01-01T00:00:59Z'))).toEqual({ ok: true, step: 1 });
    expect(verifyTotp(RFC_SECRET, '287082', at('2025-11-29T09:15:10Z'))).toEqual({ ok: false });
  });

  it('ignores the space authenticator apps show in the middle of a code', () => {
    expect(verifyTotp(RFC_SECRET, ' 081 804 ', at('2005-03-18T01:58:29Z'))).toMatchObject({ ok: true });
  });

  it.each(['', '08180', '0818044', '08180a', '81804.0'])('refuses the malformed code %p', (code) => {
    expect(verifyTotp(RFC_SECRET, code, at('2005-03-18T01:58:29Z'))).toEqual({ ok: false });
  });
});

describe('generateTotpSecret', () => {
  it('makes a fresh 20-byte base32 secret each time', () => {
    const first = generateTotpSecret();
    expect(first).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(first).bytes).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(first);
  });
});

describe('totpUri', () => {
  it('describes the Tuki profile (SHA1, 6 digits, 30 s) for authenticator apps', () => {
    const uri = new URL(totpUri(RFC_SECRET, 'maija@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Tuki:maija@example.org');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'Tuki',
      secret: RFC_SECRET,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('uses another issuer when asked', () => {
    expect(new URL(totpUri(RFC_SECRET, 'maija', 'Tuki test')).searchParams.get('issuer')).toBe('Tuki test');
  });
});
