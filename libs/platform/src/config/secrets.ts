import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

interface GeneratedSecrets {
  tokenSigningKey: string;
  pseudonymisationKey: string;
}

/**
 * Outside production a missing secret is generated once into DATA_DIR/secrets.json (mode 0600), so a zero-config
 * start works and survives restarts without putting any secret in the repository.
 */
export function loadOrCreateDevSecrets(dataDir: string): { secrets: GeneratedSecrets; created: boolean } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    return { secrets: JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets: GeneratedSecrets = {
    tokenSigningKey: randomBytes(32).toString('base64'),
    pseudonymisationKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { secrets, created: true };
}
