import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { KeyNotFoundError, KeyringInvalidError, KeyRotationRefusedError } from './crypto.errors';

/** Bytes in a key-encryption key: AES-256. */
export const KEK_BYTES = 32;

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const keyEntrySchema = z.strictObject({
  id: z.string().regex(KEY_ID, 'must be 1-64 letters, digits, dot, dash or underscore'),
  key: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').toString('base64') === value, 'must be canonical base64')
    .refine((value) => Buffer.from(value, 'base64').length === KEK_BYTES, `must decode to ${KEK_BYTES} bytes`),
  createdAt: z.iso.datetime(),
});

const documentSchema = z
  .strictObject({ version: z.literal(1), active: z.string(), keys: z.array(keyEntrySchema).min(1) })
  .superRefine((doc, ctx) => {
    const ids = doc.keys.map((k) => k.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['keys'], message: 'key ids repeat' });
    if (!ids.includes(doc.active)) ctx.addIssue({ code: 'custom', path: ['active'], message: 'names no listed key' });
  });

/**
 * One key in the keyring file. There is deliberately no per-key state: the key named by `active` encrypts, every
 * other listed key only decrypts, and a retired key is simply absent. One source of truth cannot contradict itself.
 */
export interface KeyringEntry {
  /** Stored beside every wrapped data key (varchar 64) and bound into its associated data. */
  id: string;
  /** Base64 of 32 random bytes. */
  key: string;
  /** ISO 8601; tells operators how old a key is when they plan rotation. */
  createdAt: string;
}

/**
 * The keyring file, version 1:
 * ```json
 * { "version": 1, "active": "k-2026-11-29-ab12",
 *   "keys": [{ "id": "k-2026-11-29-ab12", "key": "<base64 of 32 bytes>", "createdAt": "2026-11-29T10:00:00.000Z" }] }
 * ```
 * Plain JSON so operators can inspect it and back it up with ordinary tools; it must live apart from database backups,
 * since together they open every record.
 */
export interface KeyringDocument {
  version: 1;
  active: string;
  keys: KeyringEntry[];
}

/**
 * Validates keyring file text. The error names the problem (path and rule), never a key or the file's content, so it
 * can be logged.
 */
export function parseKeyringDocument(text: string, source: string): KeyringDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new KeyringInvalidError(`Keyring file ${source} is not valid JSON`, { cause });
  }
  const result = documentSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
    throw new KeyringInvalidError(`Keyring file ${source} is malformed: ${problems.join('; ')}`);
  }
  return result.data;
}

function newEntry(existing: readonly KeyringEntry[], now: Date): KeyringEntry {
  const day = now.toISOString().slice(0, 10);
  for (;;) {
    // The date makes ids sortable and readable in logs; the random suffix keeps two keys made on one day apart.
    const id = `k-${day}-${randomBytes(2).toString('hex')}`;
    if (!existing.some((k) => k.id === id)) {
      return { id, key: randomBytes(KEK_BYTES).toString('base64'), createdAt: now.toISOString() };
    }
  }
}

/** A keyring with one fresh key, active. Used for the zero-config start outside production. */
export function newKeyringDocument(now: Date): KeyringDocument {
  const entry = newEntry([], now);
  return { version: 1, active: entry.id, keys: [entry] };
}

/**
 * Rotation step 1: adds a fresh key that only decrypts. Deploy the file to every process (they reload within
 * seconds) before activating it, so no process meets a record wrapped under a key it has not seen yet. Returns the
 * new document and the new key's id, which the operator needs for the next step.
 */
export function addKey(doc: KeyringDocument, now: Date): { doc: KeyringDocument; keyId: string } {
  const entry = newEntry(doc.keys, now);
  return { doc: { ...doc, keys: [...doc.keys, entry] }, keyId: entry.id };
}

/** Rotation step 2: new data keys are wrapped under `id` from now on; old keys still decrypt. */
export function activateKey(doc: KeyringDocument, id: string): KeyringDocument {
  if (!doc.keys.some((k) => k.id === id)) throw new KeyNotFoundError(id);
  return { ...doc, active: id };
}

/**
 * Rotation step 4 (after re-wrapping every data key): removes a key for good. Refuses the active key, which would
 * leave nothing to encrypt with. Retiring a key that still wraps data keys makes those records unreadable, so run
 * the re-wrap first.
 */
export function retireKey(doc: KeyringDocument, id: string): KeyringDocument {
  if (id === doc.active) {
    throw new KeyRotationRefusedError('Refusing to retire the active key; activate another key first', {
      details: { keyId: id },
    });
  }
  if (!doc.keys.some((k) => k.id === id)) throw new KeyNotFoundError(id);
  return { ...doc, keys: doc.keys.filter((k) => k.id !== id) };
}

function serialise(doc: KeyringDocument, path: string): string {
  // Validate before writing: a bad document on disk would stop every process at its next boot.
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  parseKeyringDocument(text, path);
  return text;
}

/** Writes a temp file (0600) beside `path`, flushed to disk, and returns its name. */
function writeTemp(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Replaces the keyring file atomically (temp file + rename, mode 0600): a process reloading at any instant sees the
 * old document or the new one, never half of one.
 */
export function writeKeyringFile(path: string, doc: KeyringDocument): void {
  const temp = writeTemp(path, serialise(doc, path));
  try {
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

/**
 * Creates the keyring file only if none exists (hard link of a finished temp file, which fails with EEXIST). When the
 * api and the worker start together with no keyring, one wins and the other then reads the winner's file; a plain
 * write would let the second overwrite a key the first may already have used.
 */
export function createKeyringFileExclusive(path: string, doc: KeyringDocument): boolean {
  const temp = writeTemp(path, serialise(doc, path));
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    removeQuietly(temp);
  }
}
