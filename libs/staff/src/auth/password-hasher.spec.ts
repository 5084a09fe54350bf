import { PasswordTooWeakError } from './auth.errors';
import { assertAcceptablePassword, PasswordHasher } from './password-hasher';

// Low costs keep the suite fast; production costs come from config.
const hasherWith = (argon2MemoryKib: number, argon2TimeCost: number): PasswordHasher =>
  new PasswordHasher({
    auth: { argon2MemoryKib, argon2TimeCost, accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 86_400 },
  });

function weaknessOf(password: string): PasswordTooWeakError {
  try {
    assertAcceptablePassword(password);
  } catch (error) {
    if (error instanceof PasswordTooWeakError) return error;
    throw error;
  }
  throw new Error('expected the password to be refused');
}

describe('PasswordHasher', () => {
  const hasher = hasherWith(1024, 2);

  it('hashes with argon2id, the configured costs and parallelism 1', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    const [, type, version, params] = hash.split('$');
    expect([type, version]).toEqual(['argon2id', 'v=19']);
    expect(params.split(',').sort()).toEqual(['m=1024', 'p=1', 't=2']);
  });

  it('salts each hash, so the same password never gives the same hash twice', async () => {
    const [first, second] = await Promise.all([hasher.hash('same password here'), hasher.hash('same password here')]);
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'correct horse battery stapl')).resolves.toBe(false);
  });

  it('treats a composed and a decomposed "ä" as the same password', async () => {
    const hash = await hasher.hash('p\u00e4iv\u00e4 on pitk\u00e4');
    await expect(hasher.verify(hash, 'pa\u0308iva\u0308 on pitka\u0308')).resolves.toBe(true);
  });

  it.each([
    ['an empty hash', ''],
    ['plain text', 'not-a-hash'],
    ['a bcrypt hash', '$2b$10$abcdefghijklmnopqrstuuE5dK0s0v3Zq7wJmQ9bP0m4b0Fv6h2W'],
    ['a truncated argon2 hash', '$argon2id$v=19$m=1024,t=2,p=1$c2FsdA'],
    ['an argon2 hash with garbage parameters', '$argon2id$v=19$m=x,t=y,p=z$c2FsdHNhbHQ$aGFzaA'],
  ])('returns false instead of throwing for %s', async (_case, hash) => {
    await expect(hasher.verify(hash, 'correct horse battery staple')).resolves.toBe(false);
  });

  it('refuses a password longer than any stored one could be without hashing it', async () => {
    const hash = await hasher.hash('x'.repeat(11) + 'y');
    await expect(hasher.verify(hash, 'x'.repeat(100_000))).resolves.toBe(false);
  });

  it('asks for a rehash only when the configured costs changed', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(hasherWith(2048, 2).needsRehash(hash)).toBe(true);
    expect(hasherWith(1024, 3).needsRehash(hash)).toBe(true);
  });

  it('asks for a rehash of a non-argon2id or unreadable hash', () => {
    expect(hasher.needsRehash('$argon2i$v=19$m=1024,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
    expect(hasher.needsRehash('$argon2id$garbage')).toBe(true);
  });
});

describe('assertAcceptablePassword', () => {
  it('accepts a 12-character password and a long passphrase', () => {
    expect(() => assertAcceptablePassword('abcdefghijk1')).not.toThrow();
    expect(() => assertAcceptablePassword('kolme pientä porsasta ja iso paha susi')).not.toThrow();
  });

  it('refuses 11 characters with a coded error that names the rule and not the password', () => {
    const error = weaknessOf('secret-pw11');
    expect(error).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      kind: 'invalid',
      rule: 'too-short',
      details: { rule: 'too-short', minLength: 12, maxLength: 256 },
    });
    expect(error.message).toContain('at least 12 characters');
    expect(error.message).not.toContain('secret-pw11');
  });

  it('counts characters, not UTF-16 units: six emoji are six characters', () => {
    expect(weaknessOf('🔒🔑🔒🔑🔒🔑').rule).toBe('too-short');
  });

  it('refuses more than 256 characters', () => {
    expect(() => assertAcceptablePassword('ab'.repeat(128))).not.toThrow();
    expect(weaknessOf('ab'.repeat(128) + 'c').rule).toBe('too-long');
  });

  it('refuses one character repeated, however long', () => {
    const error = weaknessOf('a'.repeat(40));
    expect(error.rule).toBe('one-repeated-character');
    expect(error.message).toBe('Password must not be one character repeated');
  });
});
