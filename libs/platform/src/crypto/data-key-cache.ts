import type { Clock } from '../clock/clock';

interface Entry {
  helplineId: string;
  key: Buffer;
  expiresAtMs: number;
}

/**
 * A small LRU of unwrapped data keys, so a hot record does not pay an unwrap per read. Entries live at most `ttlMs`
 * (time from the injected Clock), which bounds how long a key shredded by another process stays usable here. Keys go
 * in and out as copies, and are zeroed when dropped, so no caller can corrupt or keep the cached buffer.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    /** Longest time a key stays cached. Default 60 s. */
    private readonly ttlMs = 60_000,
    /** Most keys held at once; the least recently used goes first. Default 1000. */
    private readonly maxEntries = 1_000,
  ) {}

  get(helplineId: string, dataKeyId: string): Buffer | undefined {
    const entry = this.entries.get(dataKeyId);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.clock.nowMs()) {
      this.delete(dataKeyId);
      return undefined;
    }
    // Scoped like the database read: another helpline's id is a miss, never a hit.
    if (entry.helplineId !== helplineId) return undefined;
    this.entries.delete(dataKeyId);
    this.entries.set(dataKeyId, entry); // Map keeps insertion order: re-inserting marks it most recently used.
    return Buffer.from(entry.key);
  }

  set(helplineId: string, dataKeyId: string, key: Buffer): void {
    this.delete(dataKeyId);
    this.entries.set(dataKeyId, { helplineId, key: Buffer.from(key), expiresAtMs: this.clock.nowMs() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(dataKeyId: string): void {
    const entry = this.entries.get(dataKeyId);
    if (!entry) return;
    entry.key.fill(0);
    this.entries.delete(dataKeyId);
  }

  get size(): number {
    return this.entries.size;
  }
}
