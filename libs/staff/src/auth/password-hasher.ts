import { Inject, Injectable } from '@nestjs/common';
import { TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import * as argon2 from 'argon2';
import { PasswordTooWeakError } from './auth.errors';

/** Shortest password accepted (NIST SP 800-63B asks for at least 8; staff read case notes, so we ask for more). */
export const PASSWORD_MIN_LENGTH = 12;
/** Longest password accepted: long enough for any passphrase, short enough that hashing it is never a cheap DoS. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Passwords are compared after NFKC normalisation (NIST SP 800-63B 5.1.1.2), so "ä" typed as one code point on one
 * keyboard and as "a" + combining diaeresis on another is the same password. Done from the first hash on: adding it
 * later would lock out everyone with a non-ASCII password.
 */
function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Checks a new password against the policy: {@link PASSWORD_MIN_LENGTH} to {@link PASSWORD_MAX_LENGTH} characters
 * (Unicode code points after NFKC) and not one character repeated. Deliberately no composition rules (NIST advises
 * against them); a breached-password check can be added here later.
 *
 * @throws PasswordTooWeakError (`PASSWORD_TOO_WEAK`) naming the broken rule, never the password.
 */
export function assertAcceptablePassword(password: string): void {
  const characters = [...normalisePassword(password)];
  const limits = { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH };
  if (characters.length < PASSWORD_MIN_LENGTH) {
    throw new PasswordTooWeakError('too-short', `Password must be at least ${PASSWORD_MIN_LENGTH} characters`, limits);
  }
  if (characters.length > PASSWORD_MAX_LENGTH) {
    throw new PasswordTooWeakError('too-long', `Password must be at most ${PASSWORD_MAX_LENGTH} characters`, limits);
  }
  if (new Set(characters).size === 1) {
    throw new PasswordTooWeakError('one-repeated-character', 'Password must not be one character repeated', limits);
  }
}

/**
 * Hashes and verifies staff passwords with argon2id, the OWASP-recommended password hash. Memory and time cost come from
 * config (`auth.argon2MemoryKib`, `auth.argon2TimeCost`) so a deployment can tune them to its hardware; parallelism is
 * fixed at 1 so one sign-in never takes several cores from the rest of the system during a surge.
 */
@Injectable()
export class PasswordHasher {
  private readonly options: { memoryCost: number; timeCost: number; parallelism: number };

  constructor(@Inject(TUKI_CONFIG) config: Pick<TukiConfig, 'auth'>) {
    this.options = { memoryCost: config.auth.argon2MemoryKib, timeCost: config.auth.argon2TimeCost, parallelism: 1 };
  }

  /** Hashes a password (PHC string with a random salt). Check the policy first with {@link assertAcceptablePassword}. */
  hash(password: string): Promise<string> {
    return argon2.hash(normalisePassword(password), { ...this.options, type: argon2.argon2id });
  }

  /**
   * Whether `password` matches `hash`, with the parameters stored in the hash (so hashes made with older costs still
   * verify). Never throws for a bad hash: a malformed, empty or foreign hash is a non-match. A distinct error would be
   * an account-enumeration oracle and would turn one corrupt row into a 500 on every attempt.
   */
  async verify(hash: string, password: string): Promise<boolean> {
    const normalised = normalisePassword(password);
    // No stored password can be longer than the policy allows, so a huge input is refused without hashing it.
    if ([...normalised].length > PASSWORD_MAX_LENGTH || !hash.startsWith('$argon2')) return false;
    try {
      return await argon2.verify(hash, normalised);
    } catch {
      // Only a hash that argon2 cannot parse reaches here (the prefix check above keeps out the obvious cases); it can
      // never match, and reporting it differently from a wrong password is what the doc comment above rules out.
      return false;
    }
  }

  /**
   * Whether a hash that just verified should be replaced with one made with the current costs (call after a successful
   * sign-in, when the plain password is at hand). True for non-argon2id hashes and for hashes argon2 cannot parse.
   */
  needsRehash(hash: string): boolean {
    if (!hash.startsWith('$argon2id$')) return true;
    try {
      return argon2.needsRehash(hash, this.options);
    } catch {
      // An unparseable hash never verifies, so this answer is never acted on; true is the safe side.
      return true;
    }
  }
}
