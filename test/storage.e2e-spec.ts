import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { CliModule } from '../apps/cli/src/cli.module';
import { OutboxEvent, OutboxService, SqliteInUseError, TransactionRunner, type TukiConfig } from '@tuki/platform';
import { deleteTestKeys, dropTestSchema, testConfig } from '@tuki/testing';

/** Boots what operator commands boot: platform, crypto and staff, with every migration run at start. */
function startCli(config: TukiConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: false, abortOnError: false });
}

/** The table name as raw SQL must spell it on this database (PostgreSQL tests each have a schema of their own). */
function table(config: TukiConfig, name: string): string {
  return config.database.type === 'postgres' ? `"${config.database.schema}"."${name}"` : `"${name}"`;
}

describe.each(['postgres', 'sqlite'] as const)('storage on %s', (database) => {
  let config: TukiConfig;
  let app: INestApplicationContext | undefined;

  beforeAll(async () => {
    config = testConfig(`storage-${database}`, { database });
    app = await startCli(config);
  });

  afterAll(async () => {
    await app?.close();
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('migrates to exactly the schema the entities describe', async () => {
    const dataSource = app!.get<DataSource>(getDataSourceToken());
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    const pending = upQueries.map((q) => q.query);
    expect({ database, pending }).toEqual({ database, pending: [] });
  });

  it('hands times back as numbers', async () => {
    const outbox = app!.get<OutboxService<Record<string, unknown>>>(OutboxService);
    const id = await app!
      .get(TransactionRunner)
      .run((manager) => outbox.append(manager, 'helpline-storage', 'storage.checked', { n: 1 }));
    const dataSource = app!.get<DataSource>(getDataSourceToken());
    const row = await dataSource.getRepository(OutboxEvent).findOneByOrFail({ id });
    expect(typeof row.occurredAt).toBe('number');
    expect(row.occurredAt).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(row.dispatchedAt).toBeNull();
  });

  if (database === 'sqlite') {
    it('runs concurrent units of work one after another on the one SQLite connection', async () => {
      const runner = app!.get(TransactionRunner);
      const counters = table(config, 'storage_counter');
      const dataSource = app!.get<DataSource>(getDataSourceToken());
      await dataSource.query(`CREATE TABLE ${counters} (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)`);
      await dataSource.query(`INSERT INTO ${counters} (id, value) VALUES (1, 0)`);

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          runner.run(async (manager) => {
            const [{ value }] = await manager.query<{ value: number }[]>(`SELECT value FROM ${counters} WHERE id = 1`);
            await new Promise((resolve) => setTimeout(resolve, 1));
            await manager.query(`UPDATE ${counters} SET value = ? WHERE id = 1`, [value + 1]);
          }),
        ),
      );

      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(failures).toEqual([]);
      const [{ value }] = await dataSource.query<{ value: number }[]>(`SELECT value FROM ${counters} WHERE id = 1`);
      expect(value).toBe(20);
    });
  }
});

describe('storage on postgres, several processes starting at once', () => {
  let config: TukiConfig;
  const apps: INestApplicationContext[] = [];

  beforeAll(() => {
    config = testConfig('storage-concurrent', { database: 'postgres' });
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('lets three contexts boot together on a fresh schema and runs each migration exactly once', async () => {
    const started = await Promise.allSettled([startCli(config), startCli(config), startCli(config)]);
    for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
    const failures = started.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);

    const dataSource = apps[0].get<DataSource>(getDataSourceToken());
    const rows = await dataSource.query<{ name: string; runs: number }[]>(
      `SELECT name, COUNT(*)::int AS runs FROM ${table(config, 'migrations')} GROUP BY name ORDER BY name`,
    );
    const migrationNames = dataSource.migrations.map((m) => m.name ?? m.constructor.name).sort();
    expect(rows.map((r) => r.name)).toEqual(migrationNames);
    expect(rows.every((r) => r.runs === 1)).toBe(true);
    expect(migrationNames.length).toBeGreaterThanOrEqual(3);
  });
});

describe('storage on sqlite, a second process on the same file', () => {
  let config: TukiConfig;
  let holder: ChildProcess | undefined;
  let app: INestApplicationContext | undefined;

  beforeAll(() => {
    config = testConfig('storage-sqlite-lock', { database: 'sqlite' });
  });

  afterAll(async () => {
    if (holder && holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
    await app?.close();
    await deleteTestKeys(config);
  });

  /** Closes a connection once its handshake is over: ioredis reconnects a client disconnected during its ready check. */
  async function closeWhenSettled(client: Redis): Promise<void> {
    if (client.status === 'connecting' || client.status === 'connect') {
      await new Promise((resolve) => {
        client.once('ready', resolve);
        client.once('end', resolve);
      });
    }
    client.disconnect();
  }

  /**
   * Starts a context expected to fail. Nest cannot close a context that failed half way, so the Redis connections its
   * other providers opened meanwhile would keep Jest alive: they are recorded (the real connect still runs) and closed
   * here. The real CLI exits its process on a failed start instead.
   */
  async function startCliThatFails(config: TukiConfig): Promise<unknown> {
    const opened = new Set<Redis>();
    const connect = Redis.prototype.connect;
    const spy = jest.spyOn(Redis.prototype, 'connect').mockImplementation(function (this: Redis, ...args) {
      opened.add(this);
      return connect.apply(this, args);
    });
    try {
      const app = await startCli(config);
      await app.close();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      // Queues open their connections a moment after they are made: let those of the failed start show up too.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      spy.mockRestore();
      await Promise.all([...opened].map(closeWhenSettled));
    }
  }

  /** Another process that holds the file's server lock: writes its pid into the lock file and stays alive. */
  async function spawnLockHolder(lockPath: string): Promise<ChildProcess> {
    const script =
      `require('node:fs').writeFileSync(${JSON.stringify(lockPath)}, String(process.pid)); ` +
      `process.stdout.write('held\\n'); setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stdout.once('data', () => resolve());
    });
    return child;
  }

  it('refuses to start while another live process holds the file, and takes the lock over once it is gone', async () => {
    if (config.database.type !== 'sqlite') throw new Error('expected a SQLite configuration');
    const lockPath = `${config.database.path}.server.pid`;
    holder = await spawnLockHolder(lockPath);

    const refused = await startCliThatFails(config);
    expect(refused).toBeInstanceOf(SqliteInUseError);
    expect((refused as Error).message).toContain(`pid ${holder.pid}`);

    const exited = new Promise((resolve) => holder!.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;

    app = await startCli(config);
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));
    await app.close();
    app = undefined;
    expect(existsSync(lockPath)).toBe(false);
  });
});
