import { z } from 'zod';

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every environment variable Tuki reads, with its default. `.env.example` lists the same names and defaults, and
 * `config.schema.spec.ts` keeps the two equal. Secrets have no default here: outside production they are generated
 * once into `DATA_DIR` (see secrets.ts); in production a missing or weak one stops the process.
 */
export const configSchema = z.object({
  /** `production` turns on the strict checks (secrets required, docs and metrics not public). Default `development`. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the api (0 picks a free one, as tests do). Default 3000. */
  PORT: int(0, 65535).default(3000),
  /** Address the api listens on. Default 127.0.0.1 (a zero-config start is not exposed to the network). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Port of the worker's own /health endpoint. Default 3001. */
  WORKER_HEALTH_PORT: int(0, 65535).default(3001),
  /** The address staff and callers use to reach Tuki; used in links and the allowed socket origin. */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  /** pino level. Default `info`. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** IANA time zone given to new helplines; each helpline keeps its own. Default Europe/Helsinki. */
  HELPLINE_TZ: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Helsinki')
    .default('Europe/Helsinki'),
  /** Folder for the SQLite file, generated secrets, the keyring and a self-started Redis. Default ./data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL URL (required to run several api or worker processes). Empty: SQLite at SQLITE_PATH. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave empty for SQLite)')
    .optional(),
  /** PostgreSQL schema to use. Default `public`. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
    .default('public'),
  /** SQLite file, used when DATABASE_URL is empty. Default ./data/tuki.sqlite. */
  SQLITE_PATH: z.string().min(1).default('./data/tuki.sqlite'),
  /** Redis for jobs, realtime fan-out and rate limits. Default redis://127.0.0.1:6379. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key; wrapped in a hash tag so multi-key scripts stay in one Cluster slot. Default `tuki`. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'letters, digits, - and _ only')
    .default('tuki'),
  /** When nothing answers at REDIS_URL, start the machine's redis-server under DATA_DIR. Default true outside production. */
  REDIS_AUTOSTART: bool.optional(),
  /** JSON keyring of the envelope encryption (key ids, one active). Reloaded while running. Default DATA_DIR/keyring.json. */
  KEYRING_FILE: z.string().min(1).optional(),
  /**
   * Days a key-encryption key may stay active before the administration page says rotation is due (counted from the
   * active key's creation). Rotation itself stays a CLI command. Default 180.
   */
  KEY_ROTATION_DAYS: int(1, 3650).default(180),
  /** Secret that signs access tokens (at least 32 bytes, base64 or hex). */
  TOKEN_SIGNING_KEY: z.string().optional(),
  /** Secret of the keyed hashes (caller keys, number hashes): never the same as the token key. */
  PSEUDONYMISATION_KEY: z.string().optional(),
  /**
   * Secret of the audit log's HMAC chain: never the same as the other two. It must not live in the database, or
   * whoever edits an audit entry could recompute the chain; rotating it makes every earlier entry fail verification.
   */
  AUDIT_KEY: z.string().optional(),
  /** Bearer token that Prometheus presents for /metrics in production. */
  METRICS_TOKEN: z.string().optional(),
  /** Lifetime of an access token in seconds. Default 900. */
  ACCESS_TOKEN_TTL_SECONDS: int(30, 3600).default(900),
  /** Lifetime of a refresh token in seconds (one long shift). Default 43200. */
  REFRESH_TOKEN_TTL_SECONDS: int(300, 2_592_000).default(43_200),
  /** argon2id memory cost in KiB. Default 19456 (OWASP's minimum); tests lower it. */
  ARGON2_MEMORY_KIB: int(1024, 1_048_576).default(19_456),
  /** argon2id iterations. Default 2. */
  ARGON2_TIME_COST: int(1, 10).default(2),
  /** Twilio account (`AC` and 32 hex digits) for phone calls. Empty: no Twilio; its webhooks answer 503. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, 'must be AC followed by 32 hex digits')
    .optional(),
  /**
   * The account's auth token: checks `X-Twilio-Signature` on every webhook and authenticates REST calls. A secret:
   * from the environment only, never from the repository. Required with TWILIO_ACCOUNT_SID.
   */
  TWILIO_AUTH_TOKEN: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'must be 32 hex digits')
    .optional(),
  /**
   * An API key of the Twilio account (`SK` and 32 hex digits) and its secret: they sign the short-lived access tokens
   * an agent's browser registers with to take calls (`client:agent-<id>`). Both or neither; the secret from the
   * environment only.
   */
  TWILIO_API_KEY_SID: z
    .string()
    .regex(/^SK[0-9a-f]{32}$/, 'must be SK followed by 32 hex digits')
    .optional(),
  TWILIO_API_KEY_SECRET: z.string().min(32, 'must be the API key secret Twilio showed (32 characters)').optional(),
  /**
   * How callbacks are dialled: `manual` (the agent rings from the helpline's phone and sees the number) or `twilio`
   * (Twilio rings the agent, then the caller, showing the helpline's number; needs the Twilio variables). Default manual.
   */
  CALLBACK_DIALLER: z.enum(['manual', 'twilio']).default('manual'),
});

/** The raw variables as the schema parsed them. */
export type ConfigInput = z.input<typeof configSchema>;
export type ParsedEnv = z.output<typeof configSchema>;
