import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptionFailedError } from './crypto.errors';
import { decryptField, encryptField, EnvelopeCipher } from './envelope-cipher';
import { Keyring } from './keyring';
import { activateKey, addKey, retireKey, writeKeyringFile } from './keyring-document';

const NOTE = 'Caller said she is safe tonight at her sister Maija';
const AAD = { recordId: '5b0e7c1e-3f7a-4c61-9d41-0f2f3c1b9a10', field: 'body' };

function decryptError(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected decryption to fail');
}

describe('field encryption', () => {
  const dataKey = randomBytes(32);

  it('decrypts what it encrypted, including non-ASCII and empty text', () => {
    for (const text of [NOTE, 'Hän soitti klo 23.10 – äänestä kuuli pelon 😟', '']) {
      expect(decryptField(dataKey, encryptField(dataKey, text, AAD), AAD)).toBe(text);
    }
  });

  it('uses a fresh IV every time, so equal notes give unequal ciphertexts', () => {
    expect(encryptField(dataKey, NOTE, AAD).equals(encryptField(dataKey, NOTE, AAD))).toBe(false);
  });

  it('refuses a ciphertext moved to another record, without the plaintext in the error', () => {
    const sealed = encryptField(dataKey, NOTE, AAD);
    const error = decryptError(() => decryptField(dataKey, sealed, { ...AAD, recordId: 'another-record' }));

    expect(error).toBeInstanceOf(DecryptionFailedError);
    expect(error).toMatchObject({ code: 'DECRYPTION_FAILED' });
    expect(error.message).not.toContain('Maija');
    expect(JSON.stringify(error)).not.toContain('Maija');
  });

  it('refuses a ciphertext moved to another field of the same record', () => {
    const sealed = encryptField(dataKey, NOTE, AAD);

    expect(() => decryptField(dataKey, sealed, { ...AAD, field: 'summary' })).toThrow(DecryptionFailedError);
  });

  it('keeps record id and field apart, so shifting characters between them does not match', () => {
    const sealed = encryptField(dataKey, NOTE, { recordId: 'ab', field: 'c' });

    expect(() => decryptField(dataKey, sealed, { recordId: 'a', field: 'bc' })).toThrow(DecryptionFailedError);
  });

  it.each([
    ['the version byte', 0],
    ['the IV', 5],
    ['the tag', 20],
    ['the ciphertext', 35],
  ])('refuses a ciphertext with one bit flipped in %s', (_part, index) => {
    const sealed = encryptField(dataKey, NOTE, AAD);
    sealed[index] ^= 0x01;

    expect(() => decryptField(dataKey, sealed, AAD)).toThrow(DecryptionFailedError);
  });

  it('refuses a truncated ciphertext and one under another data key', () => {
    const sealed = encryptField(dataKey, NOTE, AAD);

    expect(() => decryptField(dataKey, sealed.subarray(0, 20), AAD)).toThrow(DecryptionFailedError);
    expect(() => decryptField(dataKey, sealed.subarray(0, sealed.length - 1), AAD)).toThrow(DecryptionFailedError);
    expect(() => decryptField(randomBytes(32), sealed, AAD)).toThrow(DecryptionFailedError);
  });
});

describe('EnvelopeCipher', () => {
  let dir: string;
  let file: string;
  let keyring: Keyring;
  let cipher: EnvelopeCipher;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tuki-envelope-'));
    file = join(dir, 'keyring.json');
    keyring = Keyring.load(file, { createIfMissing: true, now: new Date('2026-11-29T10:00:00Z') });
    cipher = new EnvelopeCipher(keyring);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** What `tuki keys add` + `tuki keys activate` do, written by "another process". */
  function rotate(): string {
    const { doc, keyId } = addKey(keyring.document(), new Date('2026-12-01T10:00:00Z'));
    writeKeyringFile(file, activateKey(doc, keyId));
    keyring.reloadIfChanged();
    return keyId;
  }

  it('wraps a data key under the active KEK and unwraps it again', () => {
    const dataKey = cipher.createDataKey();

    expect(dataKey.keyId).toBe(keyring.activeKey().id);
    expect(dataKey.plain).toHaveLength(32);
    expect(dataKey.wrapped).toHaveLength(1 + 12 + 16 + 32);
    expect(dataKey.wrapped.includes(dataKey.plain)).toBe(false);
    expect(cipher.unwrap(dataKey.keyId, dataKey.wrapped).equals(dataKey.plain)).toBe(true);
  });

  it('refuses a wrapped key relabelled with another KEK id', () => {
    const old = cipher.createDataKey();
    const newKeyId = rotate();

    expect(() => cipher.unwrap(newKeyId, old.wrapped)).toThrow(DecryptionFailedError);
  });

  it('refuses a tampered wrapped key', () => {
    const { keyId, wrapped } = cipher.createDataKey();
    wrapped[wrapped.length - 1] ^= 0x80;

    expect(() => cipher.unwrap(keyId, wrapped)).toThrow(DecryptionFailedError);
  });

  it('keeps every record readable through add, activate, re-wrap and retire', () => {
    const oldKeyId = keyring.activeKey().id;
    const before = cipher.createDataKey();
    const sealed = encryptField(before.plain, NOTE, AAD);

    const newKeyId = rotate();
    // Old data keys still unwrap under the old KEK, which now only decrypts.
    expect(decryptField(cipher.unwrap(before.keyId, before.wrapped), sealed, AAD)).toBe(NOTE);
    expect(cipher.createDataKey().keyId).toBe(newKeyId);

    const moved = cipher.rewrap(before.keyId, before.wrapped);
    expect(moved.keyId).toBe(newKeyId);

    writeKeyringFile(file, retireKey(keyring.document(), oldKeyId));
    keyring.reloadIfChanged();

    expect(decryptField(cipher.unwrap(moved.keyId, moved.wrapped), sealed, AAD)).toBe(NOTE);
    expect(() => cipher.unwrap(before.keyId, before.wrapped)).toThrow(
      expect.objectContaining({ code: 'KEY_NOT_FOUND' }),
    );
  });

  it('refuses to retire the active KEK, so nothing is left unreadable', () => {
    expect(() => retireKey(keyring.document(), keyring.activeKey().id)).toThrow(
      expect.objectContaining({ code: 'KEY_ROTATION_REFUSED' }),
    );
  });
});
