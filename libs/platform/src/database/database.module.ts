import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type EntitySchema } from 'typeorm';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { dataSourceOptions } from './data-source-options';
import { databaseRegistry } from './database-registry';
import { runMigrationsLocked } from './run-migrations';
import { SqliteInUseError, acquireSqliteServerLock } from './sqlite-server-lock';
import { TransactionRunner } from './transaction-runner';

export interface DatabaseRootOptions {
  /** Claim the SQLite file for this process (servers do; a CLI run while the server is stopped does too). */
  claimSqlite?: boolean;
  /** Run pending migrations at start (servers do, under a lock). Default true. */
  migrate?: boolean;
}

let releaseSqlite: (() => void) | undefined;

/** The data source, migrated at start, plus the TransactionRunner. Libs add their tables with forFeature. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  static forRoot(options: DatabaseRootOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [TUKI_CONFIG],
          // A file another process serves does not free itself within TypeORM's retries: fail at once.
          useFactory: (config: TukiConfig) => ({
            ...dataSourceOptions(config.database),
            toRetry: (error: unknown) => !(error instanceof SqliteInUseError),
          }),
          dataSourceFactory: async (typeormOptions) => {
            const config = typeormOptions!;
            if (config.type === 'better-sqlite3' && options.claimSqlite !== false) {
              releaseSqlite = acquireSqliteServerLock(config.database);
            }
            const dataSource = await new DataSource(config).initialize();
            if (options.migrate !== false) await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
      ],
      providers: [TransactionRunner],
      exports: [TransactionRunner],
    };
  }

  /** Declares a lib's entities and migrations; TypeORM sorts migrations by the timestamp in their class names. */
  static forFeature(
    entities: (abstract new (...args: never[]) => unknown)[] | EntitySchema[],
    migrations: (new () => unknown)[] = [],
  ): DynamicModule {
    databaseRegistry.add(entities, migrations);
    return TypeOrmModule.forFeature(entities as never);
  }

  onApplicationShutdown(): void {
    releaseSqlite?.();
    releaseSqlite = undefined;
  }
}
