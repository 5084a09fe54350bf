import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { KeyNotFoundError, KeyringInvalidError } from './crypto.errors';
import {
  createKeyringFileExclusive,
  newKeyringDocument,
  parseKeyringDocument,
  type KeyringDocument,
} from './keyring-document';

/** Where the keyring's keys come from: the Keyring itself, or the KeyringService that keeps one fresh. */
export interface KekSource {
  /** The key new data keys are wrapped under. */
  activeKey(): { id: string; key: Buffer };
  /** Any key still in the keyring; throws KeyNotFoundError for an id it does not hold. */
  key(id: string): Buffer;
}

/** How Keyring.load treats a missing file. */
export interface KeyringLoadOptions {
  /**
   * Generate a keyring with one random key when the file is missing. Default false. Only outside production: there
   * a fresh key would silently make every existing record unreadable, so a missing file must stop the process.
   */
  createIfMissing?: boolean;
  /** Creation time written into a generated key. Default: now. */
  now?: Date;
}

interface Fingerprint {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

interface Loaded {
  doc: KeyringDocument;
  keys: Map<string, Buffer>;
  hash: string;
}

function fingerprintOf(stats: Stats): Fingerprint {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function readKeyringFile(path: string): { loaded: Loaded; fingerprint: Fingerprint } {
  // Stat before reading: if the file changes while we read, the next stat differs and we read it again.
  const fingerprint = fingerprintOf(statSync(path));
  const bytes = readFileSync(path);
  const doc = parseKeyringDocument(bytes.toString('utf8'), path);
  const keys = new Map(doc.keys.map((k) => [k.id, Buffer.from(k.key, 'base64')]));
  return { loaded: { doc, keys, hash: createHash('sha256').update(bytes).digest('hex') }, fingerprint };
}

/**
 * The key-encryption keys (KEKs) of a deployment, read from the keyring file. KEKs only ever wrap per-record data
 * keys, so rotating them re-wraps a few dozen bytes per record, never the records themselves. The file is re-read
 * when it changes (`reloadIfChanged`), so `tuki keys add/activate/retire` reaches running processes without a restart.
 */
export class Keyring {
  private constructor(
    /** The keyring file this instance follows. */
    readonly path: string,
    private loaded: Loaded,
    private fingerprint: Fingerprint,
  ) {}

  /**
   * Reads the keyring file. A missing file is created (mode 0600, directory 0700) only with `createIfMissing`; a
   * malformed file always throws KeyringInvalidError: overwriting it could destroy the only copy of a key.
   */
  static load(path: string, options: KeyringLoadOptions = {}): Keyring {
    try {
      const { loaded, fingerprint } = readKeyringFile(path);
      return new Keyring(path, loaded, fingerprint);
    } catch (error) {
      if (!isMissing(error)) throw error;
      if (!options.createIfMissing) {
        throw new KeyringInvalidError(
          `Keyring file ${path} does not exist. Create it with the cli (keys init) or restore it from backup.`,
          { cause: error },
        );
      }
    }
    // If another process created it first, this returns false and we read theirs.
    createKeyringFileExclusive(path, newKeyringDocument(options.now ?? new Date()));
    const { loaded, fingerprint } = readKeyringFile(path);
    return new Keyring(path, loaded, fingerprint);
  }

  /** The key new data keys are wrapped under. */
  activeKey(): { id: string; key: Buffer } {
    const { doc, keys } = this.loaded;
    return { id: doc.active, key: keys.get(doc.active)! };
  }

  /**
   * The key with this id. An unknown id triggers one reload first: a record written by a process that already saw
   * a newly activated key must be readable here too, without waiting for the timer. Do not modify the buffer.
   */
  key(id: string): Buffer {
    const found = this.loaded.keys.get(id);
    if (found) return found;
    try {
      this.reloadIfChanged();
    } catch (cause) {
      throw new KeyNotFoundError(id, { cause });
    }
    const reloaded = this.loaded.keys.get(id);
    if (!reloaded) throw new KeyNotFoundError(id);
    return reloaded;
  }

  /** The document as last read, for the rotation steps (addKey, activateKey, retireKey) to derive the next one. */
  document(): KeyringDocument {
    const { doc } = this.loaded;
    return { ...doc, keys: doc.keys.map((k) => ({ ...k })) };
  }

  /**
   * Re-reads the file if it changed. Cheap enough for a 2-second timer: one stat when nothing changed, and a content
   * hash decides when only the stat did. Returns true when the keys changed. If the new content is missing or
   * malformed it throws KeyringInvalidError and the previous keys stay in use (a half-edited file must not take a
   * running process down); the same bad content is reported once, not on every tick.
   */
  reloadIfChanged(): boolean {
    let stats: Stats;
    try {
      stats = statSync(this.path);
    } catch (cause) {
      throw new KeyringInvalidError(`Keyring file ${this.path} cannot be read; keeping the keys loaded earlier`, {
        cause,
      });
    }
    const fingerprint = fingerprintOf(stats);
    if (sameFingerprint(fingerprint, this.fingerprint)) return false;

    const bytes = readFileSync(this.path);
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash === this.loaded.hash) {
      this.fingerprint = fingerprint;
      return false;
    }
    let doc: KeyringDocument;
    try {
      doc = parseKeyringDocument(bytes.toString('utf8'), this.path);
    } finally {
      // Remember what we saw even when it is bad, so the timer does not re-read and re-report it every tick.
      this.fingerprint = fingerprint;
    }
    const keys = new Map(doc.keys.map((k) => [k.id, Buffer.from(k.key, 'base64')]));
    this.loaded = { doc, keys, hash };
    return true;
  }
}
