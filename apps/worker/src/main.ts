import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, RedisUnreachableError, SqliteInUseError, ensureRedis, loadConfig } from '@tuki/platform';
import { startHealthServer } from './health-server';
import { WorkerModule } from './worker.module';

/** Runs the job processors and the outbox relay; stops gracefully on SIGTERM (in-flight jobs finish first). */
async function main(): Promise<void> {
  const { config, warnings } = loadConfig();
  warnings.forEach((warning) => console.warn(warning));
  await ensureRedis({
    url: config.redis.url,
    dataDir: config.dataDir,
    autostart: config.redis.autostart,
    log: console.warn,
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const health = await startHealthServer(config.http.workerHealthPort, config.http.host);
  // Not enableShutdownHooks(): Nest re-raises the signal after closing, so a graceful stop would end "killed by SIGTERM"
  // (exit 143). Close (in-flight jobs finish first), then exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      health.close();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
  console.warn(`Tuki worker running; health on ${config.http.host}:${config.http.workerHealthPort}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisUnreachableError || error instanceof SqliteInUseError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
