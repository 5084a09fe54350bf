import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteTestKeys, dropTestSchema, TEST_DATABASE_URL, testConfig } from '@tuki/testing';
import { startApi, totpNow, type RunningApi } from './support/api-harness';

const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const PASSWORD = 'a long admin passphrase';

function runCli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function post(api: RunningApi, path: string, body: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('operator CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tuki-cli-'));
  const schema = `t_cli_${Date.now().toString(36)}`;
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_PREFIX: `t-cli-${schema}`,
    REDIS_AUTOSTART: 'false',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  };
  let api: RunningApi | undefined;
  let totpSecret = '';

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('No dist/: run `npm run build` first (CI builds before it tests).');
  });

  afterAll(async () => {
    await api?.close();
    const config = testConfig('cli-cleanup', { env: { DATABASE_SCHEMA: schema, REDIS_PREFIX: env.REDIS_PREFIX } });
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('creates the first admin with a password from stdin, who must set up a second factor', async () => {
    const created = await runCli(
      ['create-admin', '--helpline', 'Victim Support', '--login', 'first.admin'],
      env,
      `${PASSWORD}\n`,
    );
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('Created helpline') });
    expect(created.stdout + created.stderr).not.toContain(PASSWORD);

    const weak = await runCli(['create-admin', '--helpline', 'Other', '--login', 'second.admin'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);

    const config = testConfig('cli', { env: { ...env, KEYRING_FILE: join(dataDir, 'keyring.json') } });
    api = await startApi('cli', { config });
    const credentials = { login: 'first.admin', password: PASSWORD };
    expect(await post(api, '/auth/sign-in', credentials)).toMatchObject({
      status: 401,
      body: { code: 'MFA_ENROLMENT_REQUIRED' },
    });
    const enrolment = await post(api, '/auth/mfa/enrol', credentials);
    expect(enrolment.status).toBe(200);
    totpSecret = enrolment.body.secret as string;
    const confirmed = await post(api, '/auth/mfa/confirm', {
      ...credentials,
      totp: totpNow(enrolment.body.secret as string),
    });
    expect(confirmed).toMatchObject({ status: 200, body: { accessToken: expect.any(String) } });
  });

  it('rotates the encryption key in steps while data stays readable', async () => {
    const added = await runCli(['keys', 'add'], env);
    expect(added.code).toBe(0);
    const keyId = /keys activate --id (\S+)/.exec(added.stdout)?.[1];
    expect(keyId).toBeDefined();
    const oldKey = /^(\S+) \(active\)/m.exec((await runCli(['keys', 'list'], env)).stdout)?.[1];
    expect((await runCli(['keys', 'activate', '--id', keyId!], env)).code).toBe(0);
    const rewrapped = await runCli(['keys', 'rewrap'], env);
    expect(rewrapped).toMatchObject({ code: 0, stdout: expect.stringMatching(/Re-wrapped [1-9]\d* data key/) });
    expect((await runCli(['keys', 'retire', '--id', oldKey!], env)).code).toBe(0);

    // The api reloads the keyring by itself; the admin's TOTP secret is still readable under the new key.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const nextStep = totpNow(totpSecret, Date.now() + 30_000);
    const signIn = await post(api!, '/auth/sign-in', { login: 'first.admin', password: PASSWORD, totp: nextStep });
    expect(signIn).toMatchObject({ status: 200, body: { accessToken: expect.any(String) } });
  });
});
