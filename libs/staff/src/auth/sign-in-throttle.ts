import { createHash, createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, REDIS, RedisKeys, TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import { Redis } from 'ioredis';
import { addressBucket, normaliseLogin } from './sign-in-subject';

/**
 * The throttle's rules, fixed in code rather than config so every deployment slows brute force the same way.
 *
 * Once an account (or an address) has `freeFailures` failures in the current window, the next attempt must wait
 * `firstDelayMs`; each further failure doubles the wait, up to `maxDelayMs`. So for an account: five wrong passwords
 * go through at once, the sixth attempt waits 1 s, the seventh 2 s, then 4 s ... 15 min.
 */
export const SIGN_IN_THROTTLE_RULES = {
  /** Failures per account before any delay. Default 5: enough for typos and a caps-lock, too few to guess. */
  accountFreeFailures: 5,
  /** Failures per client address (IPv4, or IPv6 /64) before any delay. Default 20: a shared office NAT has typos too. */
  addressFreeFailures: 20,
  /** The first delay, doubled by each further failure. Default 1 s. */
  firstDelayMs: 1_000,
  /** The longest delay. Default 15 min: slows guessing to a few tries an hour but never locks anyone out for good. */
  maxDelayMs: 15 * 60_000,
  /**
   * How long failures are remembered, counted from the first failure of the window (fixed, not sliding). Default 15 min.
   * Fixed so that an attacker cannot keep a volunteer's account at the longest delay for ever with one try per window.
   */
  failureWindowMs: 15 * 60_000,
} as const;

/** The answer of {@link SignInThrottle.check}. */
export type SignInThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Lua shared by both scripts: `fail` counts one failure for a subject atomically (increment, start the window, raise
 * the not-before time). All four keys come from RedisKeys and so share its hash tag (one cluster slot).
 * KEYS: account failures, account not-before, address failures, address not-before.
 * ARGV: now (ms), window (ms), first delay (ms), max delay (ms), account free failures, address free failures.
 */
const FAILURE_PRELUDE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local first = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
local function fail(countKey, notBeforeKey, free)
  local count = redis.call('INCR', countKey)
  if redis.call('PTTL', countKey) < 0 then
    redis.call('PEXPIRE', countKey, window)
  end
  if count < free then
    return
  end
  local delay = math.min(first * 2 ^ math.min(count - free, 40), max)
  local notBefore = now + delay
  local current = tonumber(redis.call('GET', notBeforeKey)) or 0
  if notBefore > current then
    -- The TTL only tidies up; the stored time decides. The extra second covers clock skew between app and Redis.
    redis.call('SET', notBeforeKey, string.format('%d', notBefore), 'PX', string.format('%d', delay + 1000))
  end
end
`;

/** Counts one failure for the account and for the address. */
const RECORD_FAILURE = `${FAILURE_PRELUDE}
fail(KEYS[1], KEYS[2], tonumber(ARGV[5]))
fail(KEYS[3], KEYS[4], tonumber(ARGV[6]))
return 0
`;

/**
 * Starts an attempt, atomically: refuse it if the account or address must still wait (returns the wait in ms), or
 * else count it as a failure now (returns 0). Counting before the password is checked means a burst of parallel
 * guesses cannot all pass a read-only check before the first failure lands. Same KEYS and ARGV as RECORD_FAILURE.
 */
const BEGIN_ATTEMPT = `${FAILURE_PRELUDE}
local wait = 0
for _, key in ipairs({ KEYS[2], KEYS[4] }) do
  local notBefore = tonumber(redis.call('GET', key)) or 0
  if notBefore - now > wait then
    wait = notBefore - now
  end
end
if wait > 0 then
  return wait
end
fail(KEYS[1], KEYS[2], tonumber(ARGV[5]))
fail(KEYS[3], KEYS[4], tonumber(ARGV[6]))
return 0
`;

/**
 * Slows password guessing down without handing attackers a switch that locks volunteers out during a surge.
 *
 * - Delays, never locks: an account or address past its free failures must wait (1 s, doubling, at most 15 min);
 *   failures are forgotten 15 min after the window's first one; a success clears the account; an admin can unlock it.
 * - Attempts refused by {@link check} are not failures: only call {@link recordFailure} after an attempt `check`
 *   allowed, so hammering a throttled account does not lengthen its delay.
 * - Counters live in Redis so the limits hold across api processes; times come from the injected Clock and are stored
 *   as "not before" timestamps (nothing sleeps).
 * - Keys hold keyed hashes of the login and address (HMAC with the pseudonymisation key), never the values themselves:
 *   both are personal data and Redis keys show up in monitoring and `SCAN`s.
 *
 * Use: `check` before verifying the password (and refuse with SignInThrottledError if not allowed), then
 * `recordFailure` for a wrong password or unknown login (the same as a real one, or the throttle reveals which logins
 * exist) and `recordSuccess` once the sign-in completes. Redis errors propagate: the caller decides what a sign-in
 * does while Redis is down.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    @Inject(TUKI_CONFIG) private readonly config: Pick<TukiConfig, 'secrets'>,
  ) {}

  /** Whether an attempt for this login from this address may proceed now, or how many seconds it must wait. */
  async check(login: string, address: string): Promise<SignInThrottleDecision> {
    const account = this.accountKeys(login);
    const from = this.addressKeys(address);
    const [accountNotBefore, addressNotBefore] = await this.redis.mget(account.notBefore, from.notBefore);
    const notBefore = Math.max(Number(accountNotBefore ?? 0), Number(addressNotBefore ?? 0));
    const waitMs = notBefore - this.clock.nowMs();
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) } : { allowed: true };
  }

  /** Counts a failed attempt (wrong password, unknown login, wrong second factor) against the account and the address. */
  async recordFailure(login: string, address: string): Promise<void> {
    const { keys, args } = this.scriptArguments(login, address);
    await this.runScript(RECORD_FAILURE, keys, args);
  }

  /**
   * What sign-in uses: refuses the attempt if it must wait, else counts it as a failure before the password is even
   * checked, so parallel guesses are counted one by one. Call {@link succeeded} when the sign-in completes.
   */
  async begin(login: string, address: string): Promise<SignInThrottleDecision> {
    const { keys, args } = this.scriptArguments(login, address);
    const waitMs = await this.runScript(BEGIN_ATTEMPT, keys, args);
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) } : { allowed: true };
  }

  /**
   * Ends an attempt that {@link begin} counted and that succeeded: the account starts afresh, and the address gets
   * back the one failure begin counted for it (a whole office signing in at shift start must not slow itself down;
   * real failures from that address stay counted).
   */
  async succeeded(login: string, address: string): Promise<void> {
    await this.unlock(login);
    const failures = this.addressKeys(address).failures;
    await this.redis.eval(
      "if (tonumber(redis.call('GET', KEYS[1])) or 0) > 0 then return redis.call('DECR', KEYS[1]) end return 0",
      1,
      failures,
    );
  }

  /**
   * Clears the account's failures and delay after a completed sign-in. The address keeps its count: otherwise an
   * attacker could reset their address between guesses by signing in to an account of their own.
   *
   * @param _address accepted so callers pass the same pair as to `check`; the address counter is deliberately untouched.
   */
  async recordSuccess(login: string, _address: string): Promise<void> {
    await this.unlock(login);
  }

  /** Admin unlock: clears the account's failures and delay at once (addresses are left to expire on their own). */
  async unlock(login: string): Promise<void> {
    const account = this.accountKeys(login);
    await this.redis.del(account.failures, account.notBefore);
  }

  private accountKeys(login: string): { failures: string; notBefore: string } {
    return this.subjectKeys('account', normaliseLogin(login));
  }

  private addressKeys(address: string): { failures: string; notBefore: string } {
    return this.subjectKeys('address', addressBucket(address));
  }

  private subjectKeys(kind: 'account' | 'address', value: string): { failures: string; notBefore: string } {
    const id = createHmac('sha256', this.config.secrets.pseudonymisationKey)
      .update(`sign-in-throttle:${kind}:${value}`)
      .digest('hex')
      .slice(0, 32);
    return {
      failures: this.keys.key('sign-in-throttle', kind, id, 'failures'),
      notBefore: this.keys.key('sign-in-throttle', kind, id, 'not-before'),
    };
  }

  /** EVALSHA, loading the script once per Redis (after a restart or failover the cache is empty: NOSCRIPT). */
  private async runScript(script: string, keys: string[], args: number[]): Promise<number> {
    const sha = createHash('sha1').update(script).digest('hex');
    try {
      return Number(await this.redis.evalsha(sha, keys.length, ...keys, ...args));
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return Number(await this.redis.eval(script, keys.length, ...keys, ...args));
    }
  }

  private scriptArguments(login: string, address: string): { keys: string[]; args: number[] } {
    const account = this.accountKeys(login);
    const from = this.addressKeys(address);
    const rules = SIGN_IN_THROTTLE_RULES;
    return {
      keys: [account.failures, account.notBefore, from.failures, from.notBefore],
      args: [
        this.clock.nowMs(),
        rules.failureWindowMs,
        rules.firstDelayMs,
        rules.maxDelayMs,
        rules.accountFreeFailures,
        rules.addressFreeFailures,
      ],
    };
  }
}
