import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Keyring } from './keyring';
import {
  activateKey,
  addKey,
  createKeyringFileExclusive,
  newKeyringDocument,
  retireKey,
  writeKeyringFile,
  type KeyringDocument,
} from './keyring-document';

const NOW = new Date('2026-11-29T10:00:00.000Z');

describe('Keyring', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tuki-keyring-'));
    file = join(dir, 'secrets', 'keyring.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const readDoc = (): KeyringDocument => JSON.parse(readFileSync(file, 'utf8')) as KeyringDocument;

  it('generates a keyring outside production, file 0600 in a 0700 directory', () => {
    const keyring = Keyring.load(file, { createIfMissing: true, now: NOW });

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    const doc = readDoc();
    expect(doc.version).toBe(1);
    expect(doc.keys).toHaveLength(1);
    expect(doc.active).toMatch(/^k-2026-11-29-[0-9a-f]{4}$/);
    expect(doc.keys[0].createdAt).toBe(NOW.toISOString());
    expect(keyring.activeKey().id).toBe(doc.active);
    expect(keyring.activeKey().key).toHaveLength(32);
  });

  it('reads the same keys again on the next start instead of generating new ones', () => {
    const first = Keyring.load(file, { createIfMissing: true, now: NOW }).activeKey();
    const second = Keyring.load(file, { createIfMissing: true, now: NOW }).activeKey();

    expect(second.id).toBe(first.id);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('refuses to start in production when the file is missing', () => {
    expect(() => Keyring.load(file)).toThrow(expect.objectContaining({ code: 'KEYRING_INVALID' }));
    expect(() => Keyring.load(file)).toThrow(/does not exist/);
  });

  it.each([
    ['not JSON', '{ "version": 1,'],
    ['a short key', JSON.stringify({ version: 1, active: 'a', keys: [{ id: 'a', key: 'AAAA', createdAt: NOW }] })],
    ['an active id that is not listed', JSON.stringify({ ...newKeyringDocument(NOW), active: 'nope' })],
    ['an unknown version', JSON.stringify({ ...newKeyringDocument(NOW), version: 2 })],
  ])('refuses a file with %s and never overwrites it, even outside production', (_case, text) => {
    writeKeyringFileRaw(file, text);

    expect(() => Keyring.load(file, { createIfMissing: true })).toThrow(
      expect.objectContaining({ code: 'KEYRING_INVALID' }),
    );
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('names the problem but never the key material in a malformed-file error', () => {
    const doc = newKeyringDocument(NOW);
    writeKeyringFileRaw(file, JSON.stringify({ ...doc, active: 'missing-id' }));

    const error = captureError(() => Keyring.load(file));

    expect(error.message).toMatch(/active names no listed key/);
    expect(error.message).not.toContain(doc.keys[0].key);
  });

  it('throws KEY_NOT_FOUND for an id the file does not hold', () => {
    const keyring = Keyring.load(file, { createIfMissing: true, now: NOW });

    expect(() => keyring.key('k-unknown')).toThrow(expect.objectContaining({ code: 'KEY_NOT_FOUND' }));
  });

  it('picks up a key another process added to the file, on the next reload', () => {
    const keyring = Keyring.load(file, { createIfMissing: true, now: NOW });
    const { doc, keyId } = addKey(readDoc(), NOW);
    writeFileSync(file, JSON.stringify(doc)); // another process, writing directly

    expect(keyring.reloadIfChanged()).toBe(true);
    expect(keyring.key(keyId).equals(Buffer.from(doc.keys[1].key, 'base64'))).toBe(true);
    expect(keyring.reloadIfChanged()).toBe(false);
  });

  it('reloads by itself when asked for a key id it has not seen yet', () => {
    const keyring = Keyring.load(file, { createIfMissing: true, now: NOW });
    const { doc, keyId } = addKey(readDoc(), NOW);
    writeKeyringFile(file, activateKey(doc, keyId));

    expect(keyring.key(keyId)).toHaveLength(32);
    expect(keyring.activeKey().id).toBe(keyId);
  });

  it('does not count a rewrite with identical content as a change', () => {
    const keyring = Keyring.load(file, { createIfMissing: true, now: NOW });
    writeKeyringFile(file, readDoc());

    expect(keyring.reloadIfChanged()).toBe(false);
  });

  it('keeps the keys loaded earlier when the file turns malformed, and reports it once', () => {
    const keyring = Keyring.load(file, { createIfMissing: true, now: NOW });
    const active = keyring.activeKey().id;
    writeFileSync(file, '{ "version": 1, "act');

    expect(() => keyring.reloadIfChanged()).toThrow(expect.objectContaining({ code: 'KEYRING_INVALID' }));
    expect(keyring.reloadIfChanged()).toBe(false);
    expect(keyring.activeKey().id).toBe(active);
  });

  it('keeps the keys loaded earlier when the file disappears', () => {
    const keyring = Keyring.load(file, { createIfMissing: true, now: NOW });
    rmSync(file);

    expect(() => keyring.reloadIfChanged()).toThrow(expect.objectContaining({ code: 'KEYRING_INVALID' }));
    expect(keyring.activeKey().key).toHaveLength(32);
  });
});

describe('keyring rotation steps', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tuki-keyring-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a key that only decrypts until it is activated', () => {
    const start = newKeyringDocument(NOW);
    const { doc, keyId } = addKey(start, new Date('2026-12-01T00:00:00Z'));

    expect(doc.active).toBe(start.active);
    expect(doc.keys.map((k) => k.id)).toEqual([start.active, keyId]);
    expect(keyId).toMatch(/^k-2026-12-01-/);
    expect(start.keys).toHaveLength(1); // the input is not changed
    expect(activateKey(doc, keyId).active).toBe(keyId);
  });

  it('refuses to activate a key the keyring does not hold', () => {
    expect(() => activateKey(newKeyringDocument(NOW), 'k-elsewhere')).toThrow(
      expect.objectContaining({ code: 'KEY_NOT_FOUND' }),
    );
  });

  it('refuses to retire the active key', () => {
    const doc = newKeyringDocument(NOW);

    expect(() => retireKey(doc, doc.active)).toThrow(expect.objectContaining({ code: 'KEY_ROTATION_REFUSED' }));
  });

  it('removes a retired key from the document', () => {
    const start = newKeyringDocument(NOW);
    const { doc, keyId } = addKey(start, NOW);
    const retired = retireKey(activateKey(doc, keyId), start.active);

    expect(retired.keys.map((k) => k.id)).toEqual([keyId]);
  });

  it('writes atomically with mode 0600 and leaves no temp file behind', () => {
    const file = join(dir, 'keyring.json');
    writeKeyringFile(file, newKeyringDocument(NOW));
    const next = addKey(JSON.parse(readFileSync(file, 'utf8')) as KeyringDocument, NOW).doc;
    writeKeyringFile(file, next);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['keyring.json']);
    expect((JSON.parse(readFileSync(file, 'utf8')) as KeyringDocument).keys).toHaveLength(2);
  });

  it('refuses to write an invalid document, leaving the old file in place', () => {
    const file = join(dir, 'keyring.json');
    const doc = newKeyringDocument(NOW);
    writeKeyringFile(file, doc);

    expect(() => writeKeyringFile(file, { ...doc, active: 'nope' })).toThrow(
      expect.objectContaining({ code: 'KEYRING_INVALID' }),
    );
    expect((JSON.parse(readFileSync(file, 'utf8')) as KeyringDocument).active).toBe(doc.active);
    expect(readdirSync(dir)).toEqual(['keyring.json']);
  });

  it('creates the first keyring only once when two processes race', () => {
    const file = join(dir, 'keyring.json');
    const first = newKeyringDocument(NOW);

    expect(createKeyringFileExclusive(file, first)).toBe(true);
    expect(createKeyringFileExclusive(file, newKeyringDocument(NOW))).toBe(false);
    expect((JSON.parse(readFileSync(file, 'utf8')) as KeyringDocument).active).toBe(first.active);
    expect(readdirSync(dir)).toEqual(['keyring.json']);
  });
});

function writeKeyringFileRaw(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
}

function captureError(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
