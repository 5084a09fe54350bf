import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { CRYPTO_ENTITIES, CRYPTO_MIGRATIONS } from './crypto.database';
import { DataKey } from './data-key.entity';
import { DataKeysService } from './data-keys.service';
import { decryptField, encryptField, EnvelopeCipher } from './envelope-cipher';
import { Keyring } from './keyring';
import { activateKey, addKey, retireKey, writeKeyringFile } from './keyring-document';

class FixedClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

const HELPLINE = '0d4f9a52-8d55-4a4c-9d7b-6a0d5e0b1c01';
const OTHER_HELPLINE = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const NOTE = 'She will call back from a friend’s phone after 21:00';
const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

describe('DataKeysService on SQLite', () => {
  let dir: string;
  let file: string;
  let dataSource: DataSource;
  let keyring: Keyring;
  let clock: FixedClock;
  let service: DataKeysService;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuki-data-keys-'));
    file = join(dir, 'keyring.json');
    keyring = Keyring.load(file, { createIfMissing: true, now: new Date(T0) });
    clock = new FixedClock(T0);
    service = new DataKeysService(new EnvelopeCipher(keyring), clock);
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: CRYPTO_ENTITIES,
      migrations: CRYPTO_MIGRATIONS,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterEach(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh service: same database and keyring, empty cache (another process, or this one after 60 s). */
  const freshService = () => new DataKeysService(new EnvelopeCipher(keyring), clock);
  const row = (id: string) => dataSource.manager.getRepository(DataKey).findOneByOrFail({ id });

  it('stores only the wrapped key and opens it again for the same helpline', async () => {
    const { id, plain } = await service.create(dataSource.manager, HELPLINE);
    const stored = await row(id);

    expect(stored).toMatchObject({ helplineId: HELPLINE, kekId: keyring.activeKey().id, createdAt: T0 });
    expect(stored.destroyedAt).toBeNull();
    expect(Buffer.from(stored.wrappedKey, 'base64').includes(plain)).toBe(false);
    expect((await freshService().open(dataSource.manager, HELPLINE, id)).equals(plain)).toBe(true);
  });

  it('does not open another helpline’s key, from the database or from the cache', async () => {
    const { id } = await service.create(dataSource.manager, HELPLINE);
    await service.open(dataSource.manager, HELPLINE, id); // now cached

    await expect(service.open(dataSource.manager, OTHER_HELPLINE, id)).rejects.toMatchObject({
      code: 'DATA_KEY_DESTROYED',
      kind: 'not-found',
    });
  });

  it('creates the key inside the caller’s transaction, so a rollback leaves no key behind', async () => {
    let createdId = '';
    await expect(
      dataSource.transaction(async (manager) => {
        createdId = (await service.create(manager, HELPLINE)).id;
        throw new Error('the case insert failed');
      }),
    ).rejects.toThrow('the case insert failed');

    await expect(service.open(dataSource.manager, HELPLINE, createdId)).rejects.toMatchObject({
      code: 'DATA_KEY_DESTROYED',
    });
  });

  it('makes a shredded record unreadable for good, even for a process that cached its key', async () => {
    const { id, plain } = await service.create(dataSource.manager, HELPLINE);
    const aad = { recordId: 'note-1', field: 'body' };
    const sealed = encryptField(plain, NOTE, aad);
    await service.open(dataSource.manager, HELPLINE, id); // cached

    clock.ms = T0 + 5_000;
    await dataSource.transaction((manager) => service.shred(manager, HELPLINE, id));

    expect(await row(id)).toMatchObject({ wrappedKey: '', destroyedAt: T0 + 5_000 });
    await expect(service.open(dataSource.manager, HELPLINE, id)).rejects.toMatchObject({
      code: 'DATA_KEY_DESTROYED',
    });
    await expect(freshService().open(dataSource.manager, HELPLINE, id)).rejects.toMatchObject({
      code: 'DATA_KEY_DESTROYED',
    });
    // Even someone who bypasses the destroyed_at check cannot unwrap an empty key.
    const cipher = new EnvelopeCipher(keyring);
    expect(() => cipher.unwrap(keyring.activeKey().id, Buffer.alloc(0))).toThrow(
      expect.objectContaining({ code: 'DECRYPTION_FAILED' }),
    );
    expect(decryptField(plain, sealed, aad)).toBe(NOTE); // only the caller's own copy of the key still works
  });

  it('shreds idempotently, but not a key of another helpline', async () => {
    const { id } = await service.create(dataSource.manager, HELPLINE);

    await expect(service.shred(dataSource.manager, OTHER_HELPLINE, id)).rejects.toMatchObject({
      code: 'DATA_KEY_DESTROYED',
    });
    expect((await row(id)).destroyedAt).toBeNull();

    await service.shred(dataSource.manager, HELPLINE, id);
    clock.ms = T0 + 60_000;
    await service.shred(dataSource.manager, HELPLINE, id);
    expect((await row(id)).destroyedAt).toBe(T0);
  });

  it('serves a hot key from the cache for 60 s, then reads the row again', async () => {
    const { id } = await service.create(dataSource.manager, HELPLINE);
    await service.open(dataSource.manager, HELPLINE, id);
    // Another process shreds it; this process's cache does not know.
    await freshService().shred(dataSource.manager, HELPLINE, id);

    clock.ms = T0 + 59_000;
    await expect(service.open(dataSource.manager, HELPLINE, id)).resolves.toHaveLength(32);
    clock.ms = T0 + 60_000;
    await expect(service.open(dataSource.manager, HELPLINE, id)).rejects.toMatchObject({
      code: 'DATA_KEY_DESTROYED',
    });
  });

  it('re-wraps live keys under a new KEK so the old one can be retired, skipping shredded keys', async () => {
    const oldKekId = keyring.activeKey().id;
    const aad = { recordId: 'note-2', field: 'body' };
    const keys = await Promise.all([1, 2, 3, 4, 5].map(() => service.create(dataSource.manager, HELPLINE)));
    const sealed = keys.map((k) => encryptField(k.plain, NOTE, aad));
    await service.shred(dataSource.manager, HELPLINE, keys[4].id);

    const { doc, keyId: newKekId } = addKey(keyring.document(), new Date(T0));
    writeKeyringFile(file, activateKey(doc, newKekId));
    keyring.reloadIfChanged();

    const moved = await dataSource.transaction((manager) => service.rewrapAll(manager, 2));
    expect(moved).toBe(4);
    expect(await dataSource.transaction((manager) => service.rewrapAll(manager, 2))).toBe(0);
    expect((await row(keys[4].id)).wrappedKey).toBe('');

    writeKeyringFile(file, retireKey(keyring.document(), oldKekId));
    keyring.reloadIfChanged();
    for (const [i, key] of keys.slice(0, 4).entries()) {
      expect((await row(key.id)).kekId).toBe(newKekId);
      const opened = await freshService().open(dataSource.manager, HELPLINE, key.id);
      expect(decryptField(opened, sealed[i], aad)).toBe(NOTE);
    }
  });

  it('rolls the migration back cleanly', async () => {
    await dataSource.undoLastMigration();

    const runner = dataSource.createQueryRunner();
    try {
      expect(await runner.hasTable('data_keys')).toBe(false);
    } finally {
      await runner.release();
    }
  });
});
