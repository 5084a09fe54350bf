import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIN_SECRET_BYTES = 32;

/** Decodes a secret given as hex or base64 (url-safe or not). Returns undefined when it is neither. */
export function decodeSecret(value: string): Buffer | undefined {
  const trimmed = value.trim();
  if (/^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return undefined;
}

/** Why a secret is weak, or undefined when it is strong enough: 32 bytes or more, not a repeated pattern. */
export function secretWeakness(value: string): string | undefined {
  const bytes = decodeSecret(value);
  if (!bytes) return 'must be hex or base64';
  if (bytes.length < MIN_SECRET_BYTES) return `must decode to at least ${MIN_SECRET_BYTES} bytes`;
  if (new Set(bytes).size < 16) return 'is too repetitive to be random';
  return undefined;
}

/** The secrets kept in DATA_DIR/secrets.json outside production, base64 each. */
export interface GeneratedSecrets {
  tokenSigningKey: string;
  pseudonymisationKey: string;
  auditKey: string;
}

const SECRET_NAMES: (keyof GeneratedSecrets)[] = ['tokenSigningKey', 'pseudonymisationKey', 'auditKey'];

const newSecret = (): string => randomBytes(32).toString('base64');

/**
 * Outside production a missing secret is generated once into DATA_DIR/secrets.json (mode 0600), so a zero-config
 * start works and survives restarts without putting any secret in the repository. A file written before a secret
 * existed (AUDIT_KEY came later) gets the missing one added and keeps the others: replacing them would sign everyone
 * out and orphan every stored pseudonym. `added` names what was added, for a warning.
 */
export function loadOrCreateDevSecrets(dataDir: string): {
  secrets: GeneratedSecrets;
  created: boolean;
  added: (keyof GeneratedSecrets)[];
} {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<GeneratedSecrets>;
    const added = SECRET_NAMES.filter((name) => typeof stored[name] !== 'string' || stored[name] === '');
    if (added.length === 0) return { secrets: stored as GeneratedSecrets, created: false, added };
    const secrets = { ...stored } as GeneratedSecrets;
    for (const name of added) secrets[name] = newSecret();
    // Written beside and renamed over, so a crash mid-write never leaves a file without the secrets it had. Two
    // processes upgrading the same file at the same instant could each keep their own new value; outside
    // production the processes sharing a DATA_DIR are started one after another (the CLI first), so this is left.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'w' });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
    return { secrets, created: false, added };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets: GeneratedSecrets = {
    tokenSigningKey: newSecret(),
    pseudonymisationKey: newSecret(),
    auditKey: newSecret(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { secrets, created: true, added: [] };
}
