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

type SecretName = 'TOKEN_SIGNING_KEY' | 'PSEUDONYMISATION_KEY' | 'AUDIT_KEY';

/**
 * One key serving two purposes would let a leak of one be a leak of both (a token key that also chains the audit
 * log), so every pair must differ. Compared decoded: the same bytes in hex and in base64 are the same key.
 */
function sharedSecrets(values: Record<SecretName, string | undefined>): string[] {
  const decoded = (Object.entries(values) as [SecretName, string | undefined][])
    .map(([name, value]) => [name, value === undefined ? undefined : decodeSecret(value)] as const)
    .filter((entry): entry is readonly [SecretName, Buffer] => entry[1] !== undefined);
  const problems: string[] = [];
  decoded.forEach(([name, bytes], i) => {
    for (const [earlier, earlierBytes] of decoded.slice(0, i)) {
      if (bytes.equals(earlierBytes)) problems.push(`${name}: must differ from ${earlier}`);
    }
  });
  return problems;
}

function resolveConfig(env: ParsedEnv): LoadedConfig {
  const warnings: string[] = [];
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR);
  const inData = (path: string) => (isAbsolute(path) ? path : resolve(path));

  const secretValues: Record<SecretName, string | undefined> = {
    TOKEN_SIGNING_KEY: env.TOKEN_SIGNING_KEY,
    PSEUDONYMISATION_KEY: env.PSEUDONYMISATION_KEY,
    AUDIT_KEY: env.AUDIT_KEY,
  };
  for (const [name, value] of Object.entries(secretValues)) {
    if (value === undefined) {
      if (production) problems.push(`${name}: required in production`);
      continue;
    }
    const weakness = secretWeakness(value);
    if (weakness) problems.push(`${name}: ${weakness}`);
  }
  problems.push(...sharedSecrets(secretValues));
  if (production && env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN.length < 24) {
    problems.push('METRICS_TOKEN: must be at least 24 characters');
  }
  if ((env.TWILIO_ACCOUNT_SID === undefined) !== (env.TWILIO_AUTH_TOKEN === undefined))
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: set both or neither');
  if ((env.TWILIO_API_KEY_SID === undefined) !== (env.TWILIO_API_KEY_SECRET === undefined))
    problems.push('TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET: set both or neither');
  if (env.TWILIO_API_KEY_SID !== undefined && env.TWILIO_ACCOUNT_SID === undefined)
    problems.push('TWILIO_API_KEY_SID: needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  if (env.CALLBACK_DIALLER === 'twilio' && env.TWILIO_ACCOUNT_SID === undefined)
    problems.push('CALLBACK_DIALLER: twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  if (problems.length > 0) throw new ConfigError(problems);

  let tokenSigningKey = env.TOKEN_SIGNING_KEY;
  let pseudonymisationKey = env.PSEUDONYMISATION_KEY;
  let auditKey = env.AUDIT_KEY;
  if (tokenSigningKey === undefined || pseudonymisationKey === undefined || auditKey === undefined) {
    const dev = loadOrCreateDevSecrets(dataDir);
    tokenSigningKey ??= dev.secrets.tokenSigningKey;
    pseudonymisationKey ??= dev.secrets.pseudonymisationKey;
    auditKey ??= dev.secrets.auditKey;
    const file = join(dataDir, 'secrets.json');
    warnings.push(
      dev.created
        ? `Generated development secrets into ${file}; set them in the environment for production.`
        : `Using development secrets from ${file}; set them in the environment for production.`,
    );
    if (dev.added.length > 0) warnings.push(`Added ${dev.added.join(', ')} to ${file}, keeping the secrets it had.`);
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
    keyRotationDays: env.KEY_ROTATION_DAYS,
    secrets: {
      tokenSigningKey: decodeSecret(tokenSigningKey)!,
      pseudonymisationKey: decodeSecret(pseudonymisationKey)!,
      auditKey: decodeSecret(auditKey)!,
      metricsToken: env.METRICS_TOKEN,
    },
    auth: {
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      argon2MemoryKib: env.ARGON2_MEMORY_KIB,
      argon2TimeCost: env.ARGON2_TIME_COST,
    },
    telephony: {
      twilio:
        env.TWILIO_ACCOUNT_SID !== undefined && env.TWILIO_AUTH_TOKEN !== undefined
          ? {
              accountSid: env.TWILIO_ACCOUNT_SID,
              authToken: env.TWILIO_AUTH_TOKEN,
              apiKey:
                env.TWILIO_API_KEY_SID !== undefined && env.TWILIO_API_KEY_SECRET !== undefined
                  ? { sid: env.TWILIO_API_KEY_SID, secret: env.TWILIO_API_KEY_SECRET }
                  : undefined,
            }
          : undefined,
      callbackDialler: env.CALLBACK_DIALLER,
    },
  };
  return { config, warnings };
}
