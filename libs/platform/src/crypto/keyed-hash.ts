import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { lengthPrefixed } from './length-prefixed';

/**
 * HMAC-SHA-256 of `value` for one `purpose`, as hex. A keyed hash, not a plain one: a caller's phone number has so
 * few possible values that an unkeyed hash is reversed by trying them all. The purpose and value are both in the MAC
 * input (length-prefixed, under a version label), so one number hashed as 'caller-key' and as 'dedupe' gives
 * unrelated outputs and one pseudonym cannot be joined with another. Normalise `value` (e.g. E.164) before hashing.
 */
export function keyedHash(key: Buffer, purpose: string, value: string): string {
  if (purpose.length === 0) throw new RangeError('keyedHash needs a purpose');
  return createHmac('sha256', key)
    .update(lengthPrefixed('tuki/keyed-hash/v1', purpose, value))
    .digest('hex');
}

/**
 * Pseudonyms for personal identifiers (caller keys, dedupe keys, statistics ids) under the deployment's
 * pseudonymisation secret. The secret is not in the keyring: these hashes are stored and compared, so rotating the
 * secret would break every stored pseudonym, while KEKs rotate freely.
 */
@Injectable()
export class KeyedHasher {
  private readonly key: Buffer;

  constructor(@Inject(TUKI_CONFIG) config: TukiConfig) {
    this.key = config.secrets.pseudonymisationKey;
  }

  /** keyedHash with the deployment's pseudonymisation key. */
  hash(purpose: string, value: string): string {
    return keyedHash(this.key, purpose, value);
  }
}
