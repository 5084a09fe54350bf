import 'reflect-metadata';
import { ConfigError, RedisUnreachableError, SqliteInUseError, ensureRedis, loadConfig } from '@tuki/platform';
import { auditVerify, createAdmin, keys, parseFlags } from './commands';

const USAGE = `usage: tuki <command>
  create-admin --helpline NAME --login LOGIN [--name NAME] [--time-zone ZONE]   (password on stdin)
  keys init | list | add | activate --id ID | rewrap | retire --id ID [--force]
  audit verify [--helpline ID] [--anchor SEQ:MAC]   (exit code 3 when a chain fails)
  migrate`;

/** Exit code of a chain that failed verification: apart from 1 (the command could not run), for alerting. */
const AUDIT_FAILED_EXIT = 3;

/**
 * Operator commands. On SQLite they run while the server is stopped (the file serves one process); on PostgreSQL
 * they run beside it.
 */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { config } = loadConfig();
  const flags = parseFlags(rest);
  if (command === 'keys') {
    if (rest[0] === 'rewrap')
      await ensureRedis({ url: config.redis.url, dataDir: config.dataDir, autostart: config.redis.autostart });
    console.log(await keys(config, rest[0] ?? '', flags));
    return;
  }
  await ensureRedis({ url: config.redis.url, dataDir: config.dataDir, autostart: config.redis.autostart });
  switch (command) {
    case 'audit': {
      if (rest[0] !== 'verify') throw new Error('usage: audit verify [--helpline ID] [--anchor SEQ:MAC]');
      const { ok, output } = await auditVerify(config, flags);
      console.log(output);
      if (!ok) process.exitCode = AUDIT_FAILED_EXIT;
      return;
    }
    case 'create-admin':
      console.log(await createAdmin(config, flags));
      return;
    case 'migrate': {
      const { NestFactory } = await import('@nestjs/core');
      const { CliModule } = await import('./cli.module');
      const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
      await app.close();
      console.log('Migrations are up to date.');
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    const known =
      error instanceof ConfigError || error instanceof RedisUnreachableError || error instanceof SqliteInUseError;
    console.error(known || !(error instanceof Error) ? String((error as Error).message ?? error) : error.message);
    process.exit(1);
  },
);
