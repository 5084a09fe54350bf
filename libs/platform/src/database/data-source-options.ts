import type { DataSourceOptions } from 'typeorm';
import type { TukiConfig } from '../config/tuki-config';
import { databaseRegistry } from './database-registry';

/** Options for TypeORM on either database. `synchronize` is never on: the schema comes from migrations. */
export function dataSourceOptions(database: TukiConfig['database']): DataSourceOptions {
  const common = {
    entities: databaseRegistry.entityList(),
    migrations: databaseRegistry.migrationList(),
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    // Query logging is off: SQL parameters can hold personal data (STYLE.md, issue 2).
    logging: false,
  };
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url, schema: database.schema, extra: { max: 20 } };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      // Deleted rows (a purged case, a shredded key) are overwritten with zeros in the file, not left in free pages.
      db.pragma('secure_delete = ON');
    },
  };
}
