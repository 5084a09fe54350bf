import { isAbsolute, join, resolve } from 'node:path';
import { configSchema, type ParsedEnv } from './config.schema';
import { ConfigError } from './config.errors';
import { decodeSecret, loadOrCreateDevSecrets, secretWeakness } from './secrets';
import type { TukiConfig } from './tuki-config';

export interface LoadedConfig {
  config: TukiConfig;
  /** Things to log once the logger exists (a generated secret, say). Never contains a secret. */
  warnings: string[];
}

/**
 * Reads and validates the environment once. The only place in Tuki that reads `process.env`; tests pass their own
 * object. Throws ConfigError naming every bad variable at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): LoadedConfig {
  const raw = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return resolveConfig(parsed.data);
}

function resolveConfig(env: ParsedEnv): LoadedConfig {
  const warnings: string[] = [];
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR);
  const inData = (path: string) => (isAbsolute(path) ? path : resolve(path));

  const secretValues: Record<'TOKEN_SIGNING_KEY' | 'PSEUDONYMISATION_KEY', string | undefined> = {
    TOKEN_SIGNING_KEY: env.TOKEN_SIGNING_KEY,
    PSEUDONYMISATION_KEY: env.PSEUDONYMISATION_KEY,
  };
  for (const [name, value] of Object.entries(secretValues)) {
    if (value === undefined) {
      if (production) problems.push(`${name}: required in production`);
      continue;
    }
    const weakness = secretWeakness(value);
    if (weakness) problems.push(`${name}: ${weakness}`);
  }
  if (env.TOKEN_SIGNING_KEY && env.TOKEN_SIGNING_KEY === env.PSEUDONYMISATION_KEY) {
    problems.push('PSEUDONYMISATION_KEY: must differ from TOKEN_SIGNING_KEY');
  }
  if (production && env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN.length < 24) {
    problems.push('METRICS_TOKEN: must be at least 24 characters');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  let tokenSigningKey = env.TOKEN_SIGNING_KEY;
  let pseudonymisationKey = env.PSEUDONYMISATION_KEY;
  if (tokenSigningKey === undefined || pseudonymisationKey === undefined) {
    const dev = loadOrCreateDevSecrets(dataDir);
    tokenSigningKey ??= dev.secrets.tokenSigningKey;
    pseudonymisationKey ??= dev.secrets.pseudonymisationKey;
    warnings.push(
      dev.created
        ? `Generated development secrets into ${join(dataDir, 'secrets.json')}; set them in the environment for production.`
        : `Using development secrets from ${join(dataDir, 'secrets.json')}; set them in the environment for production.`,
    );
  }

  const config: TukiConfig = {
    env: env.NODE_ENV,
    http: {
      host: env.HOST,
      port: env.PORT,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      workerHealthPort: env.WORKER_HEALTH_PORT,
    },
    logLevel: env.LOG_LEVEL,
    defaultTimeZone: env.HELPLINE_TZ,
    dataDir,
    database: env.DATABASE_URL
      ? { type: 'postgres', url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA }
      : { type: 'sqlite', path: inData(env.SQLITE_PATH) },
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX, autostart: env.REDIS_AUTOSTART ?? !production },
    keyringFile: inData(env.KEYRING_FILE ?? join(dataDir, 'keyring.json')),
    secrets: {
      tokenSigningKey: decodeSecret(tokenSigningKey)!,
      pseudonymisationKey: decodeSecret(pseudonymisationKey)!,
      metricsToken: env.METRICS_TOKEN,
    },
    auth: {
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      argon2MemoryKib: env.ARGON2_MEMORY_KIB,
      argon2TimeCost: env.ARGON2_TIME_COST,
    },
  };
  return { config, warnings };
}
