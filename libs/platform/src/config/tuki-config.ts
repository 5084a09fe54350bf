/** Secrets after resolution: every field is present, from the environment or generated under DATA_DIR. */
export interface Secrets {
  tokenSigningKey: Buffer;
  pseudonymisationKey: Buffer;
  /** Key of the audit log's HMAC chain (AUDIT_KEY); kept out of the database so an edited entry cannot be re-chained. */
  auditKey: Buffer;
  /** Absent outside production means /metrics is open to the loopback machine only. */
  metricsToken?: string;
}

/** The validated configuration, read once at boot. Inject it with `@Inject(TUKI_CONFIG)`. */
export interface TukiConfig {
  env: 'development' | 'test' | 'production';
  http: { host: string; port: number; publicBaseUrl: string; workerHealthPort: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  defaultTimeZone: string;
  dataDir: string;
  database: { type: 'postgres'; url: string; schema: string } | { type: 'sqlite'; path: string };
  redis: { url: string; prefix: string; autostart: boolean };
  keyringFile: string;
  /** Days the active key-encryption key may serve before rotation is due (KEY_ROTATION_DAYS, default 180). */
  keyRotationDays: number;
  secrets: Secrets;
  auth: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    argon2MemoryKib: number;
    argon2TimeCost: number;
  };
  telephony: {
    /** Absent: Twilio is not set up (its webhooks answer 503, and callbacks are dialled by hand). */
    twilio?: { accountSid: string; authToken: string; apiKey?: { sid: string; secret: string } };
    /** Who dials callbacks: the agent by hand, or Twilio (agent first, then the caller). */
    callbackDialler: 'manual' | 'twilio';
  };
}

export const TUKI_CONFIG = Symbol('TUKI_CONFIG');
