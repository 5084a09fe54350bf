import 'reflect-metadata';
import {
  ConfigError,
  RedisUnreachableError,
  SqliteInUseError,
  ensureRedis,
  loadConfig,
  sqliteLockHolder,
} from '@tuki/platform';
import { createApiApp } from './api-app';

/**
 * Starts the api. `--with-worker` (what `npm start` passes) runs the job processors in the same process: the
 * zero-config start on SQLite. Scale-out runs api and worker processes separately on PostgreSQL.
 */
async function main(): Promise<void> {
  const withWorker = process.argv.includes('--with-worker');
  const { config, warnings } = loadConfig();
  warnings.forEach((warning) => console.warn(warning));
  if (config.database.type === 'sqlite' && !withWorker) {
    console.warn('SQLite serves one process: start:api without a worker needs PostgreSQL (DATABASE_URL) and a worker.');
  }
  if (config.database.type === 'sqlite') {
    // Refuse a second server before Nest boots, so the message is one line (not TypeORM's retries and stack traces).
    const holder = sqliteLockHolder(config.database.path);
    if (holder !== undefined) throw new SqliteInUseError(config.database.path, holder);
  }
  await ensureRedis({
    url: config.redis.url,
    dataDir: config.dataDir,
    autostart: config.redis.autostart,
    log: console.warn,
  });
  const app = await createApiApp(config, { withWorker });
  await app.listen({ port: config.http.port, host: config.http.host });
  console.warn(`Tuki api listening on ${await app.getUrl()}`);
}

main().catch((error: unknown) => {
  // Known start-up failures get one line that says what to do; no stack trace loop.
  if (error instanceof ConfigError || error instanceof RedisUnreachableError || error instanceof SqliteInUseError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
