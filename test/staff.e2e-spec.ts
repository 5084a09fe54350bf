import { io } from 'socket.io-client';
import { seedHelpline, startApi, totpNow, TEST_PASSWORD, type RunningApi } from './support/api-harness';

type Seeded = Awaited<ReturnType<typeof seedHelpline>>;

async function post(api: RunningApi, path: string, body: unknown, token?: string) {
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function request(api: RunningApi, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('staff sign-in and accounts', () => {
  let api: RunningApi;
  let second: RunningApi;
  let seed: Seeded;

  beforeAll(async () => {
    api = await startApi('staff');
    // A second api process on the same database and Redis: the system must behave as one.
    second = await startApi('staff-2', { config: api.config });
    seed = await seedHelpline(api, 'Rikosuhripäivystys');
  });

  afterAll(async () => {
    await second.close();
    await api.close();
  });

  it('answers a malformed body with a 400 that names the field', async () => {
    const missing = await post(api, '/auth/sign-in', { login: 'someone' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/password/);
    const extra = await post(
      api,
      '/staff/users',
      { login: 'x.y.z', displayName: 'X', roles: ['wizard'], password: 'p' },
      seed.users.admin.accessToken,
    );
    expect(extra.status).toBe(400);
    expect(extra.body.message).toMatch(/roles/);
    expect(extra.body.message).toMatch(/password/);
    const badId = await request(api, 'GET', '/staff/users/not-a-uuid', seed.users.admin.accessToken);
    expect(badId).toEqual({ status: 400, body: expect.objectContaining({ message: 'id must be a UUID' }) });
  });

  it('slows down repeated wrong passwords, and an admin can unlock the account', async () => {
    const login = seed.users.analyst.login;
    for (let i = 0; i < 5; i++) {
      expect((await post(api, '/auth/sign-in', { login, password: 'wrong password!' })).status).toBe(401);
    }
    const slowed = await post(api, '/auth/sign-in', { login, password: TEST_PASSWORD });
    expect(slowed.status).toBe(429);
    expect(slowed.body.code).toBe('SIGN_IN_THROTTLED');
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The other api process shares the counters (Redis), so it slows the account down too.
    expect((await post(second, '/auth/sign-in', { login, password: TEST_PASSWORD })).status).toBe(429);

    const unlocked = await post(api, `/staff/users/${seed.users.analyst.id}/unlock`, {}, seed.users.admin.accessToken);
    expect(unlocked.status).toBe(204);
    expect((await post(api, '/auth/sign-in', { login, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('asks supervisors for a TOTP code, and never accepts the same code twice', async () => {
    const { login, totpSecret } = seed.users.supervisor;
    const noCode = await post(api, '/auth/sign-in', { login, password: TEST_PASSWORD });
    expect(noCode).toMatchObject({ status: 401, body: { code: 'MFA_REQUIRED' } });
    // The enrolment used the current step; the next step's code is fresh.
    const code = totpNow(totpSecret!, Date.now() + 30_000);
    expect((await post(api, '/auth/sign-in', { login, password: TEST_PASSWORD, totp: code })).status).toBe(200);
    expect((await post(api, '/auth/sign-in', { login, password: TEST_PASSWORD, totp: code })).status).toBe(401);
  });

  it('rotates refresh tokens and revokes the family when an old one comes back', async () => {
    const first = await post(api, '/auth/refresh', { refreshToken: seed.users.agent.refreshToken });
    expect(first.status).toBe(200);
    const replay = await post(api, '/auth/refresh', { refreshToken: seed.users.agent.refreshToken });
    expect(replay.status).toBe(401);
    const afterTheft = await post(api, '/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(afterTheft.status).toBe(401);
  });

  it('ends a disabled user at once: tokens refused and sockets closed on every api process within 1 s', async () => {
    const victim = await post(api, '/auth/sign-in', { login: seed.users.agent.login, password: TEST_PASSWORD });
    const token = victim.body.accessToken as string;
    const socket = io(second.url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const disconnected = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now())));

    const started = Date.now();
    const disabled = await request(api, 'PATCH', `/staff/users/${seed.users.agent.id}`, seed.users.admin.accessToken, {
      disabled: true,
    });
    expect(disabled).toMatchObject({ status: 200, body: { disabled: true } });
    const at = await Promise.race([
      disconnected,
      new Promise<number>((resolve) => setTimeout(() => resolve(-1), 1000)),
    ]);
    expect(at).not.toBe(-1);
    expect(at - started).toBeLessThan(1000);

    expect((await request(second, 'GET', '/staff/me', token)).status).toBe(401);
    expect(
      (await post(second, '/auth/sign-in', { login: seed.users.agent.login, password: TEST_PASSWORD })).status,
    ).toBe(401);
    socket.disconnect();
  });

  it('refuses to let an admin disable themselves', async () => {
    const self = await request(api, 'PATCH', `/staff/users/${seed.users.admin.id}`, seed.users.admin.accessToken, {
      disabled: true,
    });
    expect(self).toMatchObject({ status: 409, body: { code: 'SELF_LOCKOUT' } });
  });
});
