import type { DataSource } from 'typeorm';

/** Any fixed 64-bit number: every Tuki process agrees on it, so only one migrates at a time. */
const MIGRATION_LOCK_ID = 7_301_200_2;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several processes starting at once cannot race: the
 * first migrates, the others wait and then find nothing to do. On SQLite only one server process may use the file
 * (see sqlite-server-lock.ts), so there is nobody to race.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'postgres') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const schema = (dataSource.options as { schema?: string }).schema;
    if (schema) await lockRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lockRunner.release();
  }
}
