import { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TransactionRunner } from './transaction-runner';

describe('TransactionRunner.afterCommit (SQLite)', () => {
  let dataSource: DataSource;
  let runner: TransactionRunner;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE things (id integer PRIMARY KEY)');
    runner = new TransactionRunner(dataSource);
  });

  afterAll(() => dataSource.destroy());

  const count = async () => Number((await dataSource.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM things'))[0].n);

  it('runs the callbacks in order once the change is committed, before run() resolves', async () => {
    const seen: string[] = [];
    const result = await runner.run(async (manager) => {
      await manager.query('INSERT INTO things (id) VALUES (1)');
      runner.afterCommit(manager, async () => {
        seen.push(`first saw ${await count()} row(s)`);
      });
      runner.afterCommit(manager, () => {
        seen.push('second');
      });
      expect(seen).toEqual([]);
      return 'done';
    });

    expect(result).toBe('done');
    expect(seen).toEqual(['first saw 1 row(s)', 'second']);
  });

  it('never runs them when the transaction rolls back', async () => {
    const seen: string[] = [];
    await expect(
      runner.run(async (manager) => {
        runner.afterCommit(manager, () => {
          seen.push('ran');
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(seen).toEqual([]);
  });

  it('logs a failing callback instead of failing a change that did commit, and still runs the next', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    try {
      const result = await runner.run(async (manager) => {
        await manager.query('INSERT INTO things (id) VALUES (2)');
        runner.afterCommit(manager, () => Promise.reject(new Error('Redis is away')));
        runner.afterCommit(manager, () => {
          seen.push('second');
        });
        return 'committed';
      });
      expect(result).toBe('committed');
      expect(seen).toEqual(['second']);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('Redis is away'), expect.anything());
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses a manager that is not of a running run()', async () => {
    expect(() => runner.afterCommit(dataSource.manager, () => undefined)).toThrow(/afterCommit needs the manager/);
    let finished: EntityManager | undefined;
    await runner.run(async (manager) => {
      finished = manager;
    });
    expect(() => runner.afterCommit(finished!, () => undefined)).toThrow(/afterCommit needs the manager/);
  });
});
