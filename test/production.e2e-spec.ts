import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@tuki/platform';
import { testConfig } from '@tuki/testing';
import { seedHelpline, startApi, type RunningApi } from './support/api-harness';

const secret = () => randomBytes(32).toString('base64');

async function status(api: RunningApi, path: string, token?: string): Promise<number> {
  const response = await fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  await response.arrayBuffer();
  return response.status;
}

describe('in production', () => {
  const metricsToken = randomBytes(24).toString('hex');
  let api: RunningApi;
  let seed: Awaited<ReturnType<typeof seedHelpline>>;

  beforeAll(async () => {
    // Production never generates a keyring: the operator makes one first (`tuki keys init` does this).
    const keyringFile = join(mkdtempSync(join(tmpdir(), 'tuki-prod-keys-')), 'keyring.json');
    Keyring.load(keyringFile, { createIfMissing: true });
    const config = testConfig('production', {
      env: {
        NODE_ENV: 'production',
        TOKEN_SIGNING_KEY: secret(),
        PSEUDONYMISATION_KEY: secret(),
        AUDIT_KEY: secret(),
        METRICS_TOKEN: metricsToken,
        KEYRING_FILE: keyringFile,
      },
    });
    api = await startApi('production', { config });
    seed = await seedHelpline(api, 'Production line');
  });

  afterAll(async () => {
    const { dropTestSchema, deleteTestKeys } = await import('@tuki/testing');
    await api.close();
    await dropTestSchema(api.config);
    await deleteTestKeys(api.config);
  });

  it('keeps /metrics closed except to the metrics token', async () => {
    expect(await status(api, '/metrics')).toBe(401);
    expect(await status(api, '/metrics', seed.users.admin.accessToken)).toBe(403);
    expect(await status(api, '/metrics', 'x'.repeat(48))).toBe(403);
    expect(await status(api, '/metrics', metricsToken)).toBe(200);
  });

  it('shows the API docs to admins only', async () => {
    expect(await status(api, '/api/docs')).toBe(401);
    expect(await status(api, '/api/docs-json', seed.users.agent.accessToken)).toBe(403);
    expect(await status(api, '/api/docs-json', seed.users.admin.accessToken)).toBe(200);
  });

  it('still answers health checks to anyone', async () => {
    expect(await status(api, '/health')).toBe(200);
    expect(await status(api, '/ready')).toBe(200);
  });
});
