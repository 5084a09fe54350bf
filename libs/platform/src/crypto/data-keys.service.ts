import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { DataKeyDestroyedError } from './crypto.errors';
import { DataKey } from './data-key.entity';
import { DataKeyCache } from './data-key-cache';
import { EnvelopeCipher } from './envelope-cipher';

/**
 * Per-record data keys in the database. Every method takes the caller's EntityManager, so a key is created,
 * shredded or re-wrapped in the same transaction as the record it protects: a rolled-back insert leaves no orphan
 * key, and a committed shred cannot be half done.
 */
@Injectable()
export class DataKeysService {
  private readonly cache: DataKeyCache;

  constructor(
    private readonly cipher: EnvelopeCipher,
    private readonly clock: Clock,
  ) {
    this.cache = new DataKeyCache(clock);
  }

  /**
   * A new data key for one record of `helplineId`. The plain key is returned for immediate use and is not cached:
   * if the caller's transaction rolls back, no cached key may outlive the row.
   */
  async create(manager: EntityManager, helplineId: string): Promise<{ id: string; plain: Buffer }> {
    const { keyId, wrapped, plain } = this.cipher.createDataKey();
    const id = randomUUID();
    await manager.getRepository(DataKey).insert({
      id,
      helplineId,
      kekId: keyId,
      wrappedKey: wrapped.toString('base64'),
      createdAt: this.clock.nowMs(),
      destroyedAt: null,
    });
    return { id, plain };
  }

  /**
   * The plain data key, from the cache (at most 60 s old) or unwrapped from its row. A missing, destroyed or other
   * helpline's key all throw DataKeyDestroyedError, so the answer does not reveal which.
   */
  async open(manager: EntityManager, helplineId: string, dataKeyId: string): Promise<Buffer> {
    const cached = this.cache.get(helplineId, dataKeyId);
    if (cached) return cached;
    const row = await manager.getRepository(DataKey).findOneBy({ id: dataKeyId, helplineId });
    if (!row || row.destroyedAt !== null) throw new DataKeyDestroyedError();
    const plain = this.cipher.unwrap(row.kekId, Buffer.from(row.wrappedKey, 'base64'));
    this.cache.set(helplineId, dataKeyId, plain);
    return plain;
  }

  /**
   * Crypto-shredding: overwrites the wrapped key and stamps destroyed_at, so every field sealed under it is
   * unreadable for good, wherever copies of the ciphertext went. Shredding twice is a no-op (retention jobs may run
   * twice); an unknown id throws. Evicts this process's cache at once; other processes' caches expire within 60 s.
   * Database backups and PostgreSQL's WAL still hold the old wrapped key until they age out; it opens only with its
   * KEK, so rotating and retiring KEKs on a schedule bounds how long a shredded record survives in backups.
   */
  async shred(manager: EntityManager, helplineId: string, dataKeyId: string): Promise<void> {
    const repository = manager.getRepository(DataKey);
    const row = await repository.findOneBy({ id: dataKeyId, helplineId });
    this.cache.delete(dataKeyId);
    if (!row) throw new DataKeyDestroyedError();
    if (row.destroyedAt !== null) return;
    await repository.update(
      { id: dataKeyId, helplineId, destroyedAt: IsNull() },
      { wrappedKey: '', destroyedAt: this.clock.nowMs() },
    );
  }

  /**
   * Key rotation step 3: re-wraps every live data key that is not under the active KEK, `batchSize` rows at a time
   * (bounding memory, not the transaction: all of it commits or rolls back with the caller's). Returns how many keys
   * were re-wrapped. Afterwards the old KEK wraps nothing and can be retired.
   */
  async rewrapAll(manager: EntityManager, batchSize = 500): Promise<number> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const repository = manager.getRepository(DataKey);
    let count = 0;
    for (;;) {
      // Ask for the active id each round: if it changes mid-run, keys wrapped under the old one are picked up too.
      const rows = await repository.find({
        where: { kekId: Not(this.cipher.activeKeyId()), destroyedAt: IsNull() },
        order: { id: 'ASC' },
        take: batchSize,
      });
      for (const row of rows) {
        const next = this.cipher.rewrap(row.kekId, Buffer.from(row.wrappedKey, 'base64'));
        // The destroyed_at condition keeps a shred that commits meanwhile from being undone by this write.
        await repository.update(
          { id: row.id, kekId: row.kekId, destroyedAt: IsNull() },
          { kekId: next.keyId, wrappedKey: next.wrapped.toString('base64') },
        );
        count += 1;
      }
      if (rows.length < batchSize) return count;
    }
  }
}
