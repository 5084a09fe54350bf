import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionFailedError } from './crypto.errors';
import type { KekSource } from './keyring';
import { KeyringService } from './keyring.service';
import { lengthPrefixed } from './length-prefixed';

// Sealed layout (data keys and fields alike): version (1 byte) | iv (12) | GCM tag (16) | ciphertext.
// The version byte is also authenticated, so a later format can never be confused with this one.
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
/** Bytes in a data key: AES-256. */
export const DATA_KEY_BYTES = 32;

function assertKey(key: Buffer): void {
  // A programming error, not bad data: fail loudly rather than let node pick a different AES variant's message.
  if (key.length !== DATA_KEY_BYTES) throw new RangeError(`AES-256 keys are ${DATA_KEY_BYTES} bytes`);
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  const header = Buffer.from([FORMAT_VERSION]);
  // Random 96-bit IVs: safe for far more than 2^30 messages per key, and each record has its own data key.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, aad]));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  if (sealed.length < HEADER_BYTES || sealed[0] !== FORMAT_VERSION) throw new DecryptionFailedError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.concat([sealed.subarray(0, 1), aad]));
    decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, HEADER_BYTES));
    // Nothing is returned before final() has checked the tag: unauthenticated plaintext never leaves this function.
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
  } catch (cause) {
    // node's message here is generic ("unable to authenticate data"); it carries no plaintext.
    throw new DecryptionFailedError({ cause });
  }
}

/** Where an encrypted field belongs. Bound into the ciphertext, so it decrypts only in that place. */
export interface FieldContext {
  /** The id of the row that holds the field (a case note's id, for instance). */
  recordId: string;
  /** The field's name, e.g. 'body'. */
  field: string;
}

function fieldAad(aad: FieldContext): Buffer {
  return lengthPrefixed('tuki/field', aad.recordId, aad.field);
}

/**
 * Encrypts one field with a record's data key (AES-256-GCM). The record id and field name are associated data: a
 * ciphertext copied into another record or field (by a bug or by someone with database access) does not decrypt.
 */
export function encryptField(dataKey: Buffer, plaintext: string, aad: FieldContext): Buffer {
  return seal(dataKey, Buffer.from(plaintext, 'utf8'), fieldAad(aad));
}

/**
 * Decrypts what encryptField sealed for the same record and field. Throws DecryptionFailedError (message safe to
 * log) on a wrong key, another record or field, or any tampering.
 */
export function decryptField(dataKey: Buffer, ciphertext: Buffer, aad: FieldContext): string {
  return open(dataKey, ciphertext, fieldAad(aad)).toString('utf8');
}

/** A data key wrapped under a KEK, as stored: the KEK's id and the sealed bytes. */
export interface WrappedDataKey {
  keyId: string;
  wrapped: Buffer;
}

/**
 * Envelope encryption: every record gets its own random data key, stored only wrapped under a keyring KEK. Shredding
 * a record means destroying its wrapped key; rotating a KEK means re-wrapping data keys, never re-encrypting records.
 */
@Injectable()
export class EnvelopeCipher {
  constructor(@Inject(KeyringService) private readonly keys: KekSource) {}

  /** The KEK that new and re-wrapped data keys go under. */
  activeKeyId(): string {
    return this.keys.activeKey().id;
  }

  /**
   * A fresh data key, plain for immediate use and wrapped for storage. The KEK id is associated data, so a wrapped
   * key relabelled with another KEK id fails to unwrap instead of yielding garbage.
   */
  createDataKey(): WrappedDataKey & { plain: Buffer } {
    const { id, key } = this.keys.activeKey();
    const plain = randomBytes(DATA_KEY_BYTES);
    return { keyId: id, wrapped: seal(key, plain, wrapAad(id)), plain };
  }

  /** Recovers a data key. Throws KeyNotFoundError when the KEK was retired, DecryptionFailedError on tampering. */
  unwrap(keyId: string, wrapped: Buffer): Buffer {
    const plain = open(this.keys.key(keyId), wrapped, wrapAad(keyId));
    if (plain.length !== DATA_KEY_BYTES) throw new DecryptionFailedError();
    return plain;
  }

  /** Re-wraps a data key under the active KEK (key rotation). The data key, and so every record, stays unchanged. */
  rewrap(keyId: string, wrapped: Buffer): WrappedDataKey {
    const plain = this.unwrap(keyId, wrapped);
    try {
      const active = this.keys.activeKey();
      return { keyId: active.id, wrapped: seal(active.key, plain, wrapAad(active.id)) };
    } finally {
      plain.fill(0);
    }
  }
}

function wrapAad(keyId: string): Buffer {
  return lengthPrefixed('tuki/data-key', keyId);
}
