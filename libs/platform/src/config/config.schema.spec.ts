import { readFileSync } from 'node:fs';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from './config.schema';
import { ConfigError } from './config.errors';
import { loadConfig } from './load-config';

function envExample(): Map<string, string> {
  const text = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
  const entries = text
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]);
  return new Map(entries);
}

const strongKey = (seed = 1) =>
  Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 7 + seed) % 256)).toString('base64');

describe('configuration', () => {
  it('lists in .env.example exactly the variables of the schema, with the same defaults', () => {
    const example = envExample();
    expect([...example.keys()].sort()).toEqual(Object.keys(configSchema.shape).sort());
    const defaults = configSchema.parse({});
    for (const [name, value] of example) {
      const fromSchema = (defaults as Record<string, unknown>)[name];
      expect({ name, value }).toEqual({ name, value: fromSchema === undefined ? '' : String(fromSchema as string) });
    }
  });

  it('names every bad variable at once', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', HELPLINE_TZ: 'Mars/Olympus', REDIS_URL: 'http://x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*HELPLINE_TZ|HELPLINE_TZ[\s\S]*PORT/);
    expect(attempt).toThrow(/REDIS_URL/);
  });

  it('refuses to start in production without secrets, or with weak ones', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TOKEN_SIGNING_KEY: required/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', TOKEN_SIGNING_KEY: 'a'.repeat(64), PSEUDONYMISATION_KEY: strongKey() }),
    ).toThrow(/TOKEN_SIGNING_KEY: is too repetitive/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', TOKEN_SIGNING_KEY: strongKey(), PSEUDONYMISATION_KEY: strongKey() }),
    ).toThrow(/must differ/);
    const distinct = { TOKEN_SIGNING_KEY: strongKey(1), PSEUDONYMISATION_KEY: strongKey(2) };
    expect(() => loadConfig({ NODE_ENV: 'production', ...distinct })).toThrow(/AUDIT_KEY: required in production/);
    // The same bytes written in hex are still the same key.
    const pseudonymisationHex = Buffer.from(distinct.PSEUDONYMISATION_KEY, 'base64').toString('hex');
    expect(() => loadConfig({ NODE_ENV: 'production', ...distinct, AUDIT_KEY: pseudonymisationHex })).toThrow(
      /AUDIT_KEY: must differ from PSEUDONYMISATION_KEY/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', ...distinct, AUDIT_KEY: 'b'.repeat(64) })).toThrow(
      /AUDIT_KEY: is too repetitive/,
    );
    const { config } = loadConfig({ NODE_ENV: 'production', ...distinct, AUDIT_KEY: strongKey(3) });
    expect(config.secrets.auditKey.equals(Buffer.from(strongKey(3), 'base64'))).toBe(true);
  });

  it('generates development secrets once into a private file and reuses them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tuki-config-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.warnings[0]).toContain('Generated');
    expect(second.config.secrets.tokenSigningKey.equals(first.config.secrets.tokenSigningKey)).toBe(true);
    expect(first.config.secrets.tokenSigningKey.equals(first.config.secrets.pseudonymisationKey)).toBe(false);
    expect(second.config.secrets.auditKey.equals(first.config.secrets.auditKey)).toBe(true);
    expect(first.config.secrets.auditKey.equals(first.config.secrets.tokenSigningKey)).toBe(false);
    expect(first.config.secrets.auditKey.equals(first.config.secrets.pseudonymisationKey)).toBe(false);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(first.config.database).toEqual({ type: 'sqlite', path: join(process.cwd(), 'data/tuki.sqlite') });
  });

  it('adds the audit key to a secrets file written before it existed, keeping the other secrets', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tuki-config-'));
    const older = { tokenSigningKey: strongKey(1), pseudonymisationKey: strongKey(2) };
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify(older), { mode: 0o600 });

    const upgraded = loadConfig({ DATA_DIR: dataDir });
    const again = loadConfig({ DATA_DIR: dataDir });

    expect(upgraded.config.secrets.tokenSigningKey.toString('base64')).toBe(older.tokenSigningKey);
    expect(upgraded.config.secrets.pseudonymisationKey.toString('base64')).toBe(older.pseudonymisationKey);
    expect(upgraded.config.secrets.auditKey).toHaveLength(32);
    expect(again.config.secrets.auditKey.equals(upgraded.config.secrets.auditKey)).toBe(true);
    expect(upgraded.warnings.join('\n')).toContain('Added auditKey');
    expect(again.warnings.join('\n')).not.toContain('Added');
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});
