import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock, RedisKeys } from '@tuki/platform';
import { Redis } from 'ioredis';
import { SIGN_IN_THROTTLE_RULES, SignInThrottle } from './sign-in-throttle';

/** A clock the test moves by hand. */
class TestClock extends Clock {
  constructor(private ms: number) {
    super();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

// This file's own key prefix on the machine's real Redis; afterAll deletes only keys under it.
const prefix = `t-throttle-${randomBytes(4).toString('hex')}`;
const secrets = { tokenSigningKey: randomBytes(32), pseudonymisationKey: randomBytes(32), auditKey: randomBytes(32) };
const WINDOW_MS = SIGN_IN_THROTTLE_RULES.failureWindowMs;

let redis: Redis;
let seq = 0;
// Each test signs in with its own logins and addresses, so tests never see each other's counters.
const freshLogin = (): string => `volunteer-${++seq}@example.org`;
const freshAddress = (): string => `198.51.${Math.floor(++seq / 250)}.${seq % 250}`;

function throttleWith(clock: Clock, keyPrefix = prefix): SignInThrottle {
  return new SignInThrottle(redis, new RedisKeys(keyPrefix), clock, { secrets });
}

async function keysUnder(pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});

afterAll(async () => {
  // `{prefix*` also covers the second prefix one test uses; never FLUSHALL a Redis other files share.
  const keys = await keysUnder(`{${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('SignInThrottle (real Redis)', () => {
  let clock: TestClock;
  let throttle: SignInThrottle;

  beforeEach(() => {
    clock = new TestClock(Date.parse('2025-11-29T20:00:00Z'));
    throttle = throttleWith(clock);
  });

  async function fail(login: string, address: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) await throttle.recordFailure(login, address);
  }

  it('lets five wrong passwords through at once, then asks for 1 s, then 2 s', async () => {
    const login = freshLogin();
    const address = freshAddress();
    for (let i = 0; i < 5; i++) {
      await expect(throttle.check(login, address)).resolves.toEqual({ allowed: true });
      await throttle.recordFailure(login, address);
    }
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(999);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: true });

    await throttle.recordFailure(login, address);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 2 });
    clock.advance(2000);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: true });
  });

  it('doubles the delay with each further failure up to 15 minutes, never more', async () => {
    const login = freshLogin();
    const delays: number[] = [];
    for (let i = 0; i < 17; i++) {
      // A new address each time, so only the account counter is in play.
      await throttle.recordFailure(login, freshAddress());
      const decision = await throttle.check(login, freshAddress());
      if (!decision.allowed) {
        delays.push(decision.retryAfterSeconds);
        clock.advance(decision.retryAfterSeconds * 1000);
      }
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
  });

  it('counts failures that arrive together, each of them', async () => {
    const login = freshLogin();
    const address = freshAddress();
    await Promise.all(Array.from({ length: 10 }, () => throttle.recordFailure(login, address)));
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 32 });
  });

  it('resets the account after a success, so the next five failures are free again', async () => {
    const login = freshLogin();
    const address = freshAddress();
    await fail(login, address, 5);
    clock.advance(1000);
    await throttle.recordSuccess(login, address);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: true });

    await fail(login, address, 4);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: true });
    await fail(login, address, 1);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('lets another account in from the same address until the address reaches 20 failures', async () => {
    const address = freshAddress();
    const otherAddress = freshAddress();
    const locked = freshLogin();
    await fail(locked, address, 5);
    await expect(throttle.check(locked, address)).resolves.toMatchObject({ allowed: false });
    await expect(throttle.check(locked, otherAddress)).resolves.toMatchObject({ allowed: false });
    await expect(throttle.check(freshLogin(), address)).resolves.toEqual({ allowed: true });

    // 15 more failures from the address, spread over accounts that each stay under their own limit.
    for (let i = 0; i < 15; i++) await throttle.recordFailure(freshLogin(), address);
    const newcomer = freshLogin();
    await expect(throttle.check(newcomer, address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
    await expect(throttle.check(newcomer, otherAddress)).resolves.toEqual({ allowed: true });
  });

  it('keeps the address count after a success, so signing in to an own account does not buy more guesses', async () => {
    const address = freshAddress();
    for (let i = 0; i < 19; i++) await throttle.recordFailure(freshLogin(), address);
    await throttle.recordSuccess(freshLogin(), address);
    await throttle.recordFailure(freshLogin(), address);
    await expect(throttle.check(freshLogin(), address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('lets an admin unlock an account at once, with its five free failures back', async () => {
    const login = freshLogin();
    const address = freshAddress();
    await fail(login, address, 7);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: false, retryAfterSeconds: 4 });

    await throttle.unlock(login);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: true });
    await fail(login, address, 4);
    await expect(throttle.check(login, address)).resolves.toEqual({ allowed: true });
  });

  it('counts spellings of one login, and addresses of one IPv6 /64, together', async () => {
    const address = freshAddress();
    for (const spelling of ['Maija@Example.org', ' maija@example.org', 'MAIJA@EXAMPLE.ORG', 'maija@example.org ']) {
      await throttle.recordFailure(spelling, address);
    }
    await throttle.recordFailure('maija@example.org', address);
    await expect(throttle.check('maija@EXAMPLE.org', freshAddress())).resolves.toMatchObject({ allowed: false });

    const net = `2001:db8:${(++seq).toString(16)}:1`;
    for (let i = 1; i <= 20; i++) await throttle.recordFailure(freshLogin(), `${net}::${i.toString(16)}`);
    await expect(throttle.check(freshLogin(), `${net}:ffff::1`)).resolves.toMatchObject({ allowed: false });
  });

  it('forgets failures within the 15-minute window: every key it writes expires, and the window does not slide', async () => {
    // A prefix of its own, so this test can read exactly the keys one account and one address produce.
    const own = `${prefix}-window`;
    const windowThrottle = throttleWith(clock, own);
    const login = freshLogin();
    const address = freshAddress();
    await windowThrottle.recordFailure(login, address);
    await sleep(50);
    for (let i = 0; i < 5; i++) await windowThrottle.recordFailure(login, address);

    const keys = await keysUnder(`{${own}}:*`);
    const failureKeys = keys.filter((key) => key.endsWith(':failures'));
    const notBeforeKeys = keys.filter((key) => key.endsWith(':not-before'));
    expect(failureKeys).toHaveLength(2);
    expect(notBeforeKeys).toHaveLength(1);
    for (const key of failureKeys) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      // Set by the first failure and not pushed back by the five 50 ms later: a fixed window.
      expect(ttl).toBeLessThanOrEqual(WINDOW_MS - 50);
    }
    const notBeforeTtl = await redis.pttl(notBeforeKeys[0]);
    expect(notBeforeTtl).toBeGreaterThan(0);
    expect(notBeforeTtl).toBeLessThanOrEqual(2 * 1000 + 1000);
  });

  it('counts a burst of parallel attempts one by one, so only the five free ones get through', async () => {
    const login = freshLogin();
    const address = freshAddress();
    const decisions = await Promise.all(Array.from({ length: 50 }, () => throttle.begin(login, address)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(SIGN_IN_THROTTLE_RULES.accountFreeFailures);
  });

  it('gives a successful attempt back to the address, so an office signing in together is not slowed down', async () => {
    const address = freshAddress();
    for (let i = 0; i < 40; i++) {
      const login = freshLogin();
      await expect(throttle.begin(login, address)).resolves.toEqual({ allowed: true });
      await throttle.succeeded(login, address);
    }
    const guesser = freshLogin();
    await fail(guesser, address, SIGN_IN_THROTTLE_RULES.addressFreeFailures - 1);
    await expect(throttle.begin(freshLogin(), address)).resolves.toEqual({ allowed: true });
    await expect(throttle.begin(freshLogin(), address)).resolves.toMatchObject({ allowed: false });
  });

  it('keeps logins and addresses out of Redis keys', async () => {
    await throttle.recordFailure('maija.secret@example.org', '203.0.113.99');
    const keys = await keysUnder(`{${prefix}}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => /example\.org|maija|203\.0\.113|198\.51/.test(key))).toEqual([]);
  });
});
