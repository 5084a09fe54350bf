import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../errors/domain-error';
import { REDIS, RedisKeys } from './redis-keys';

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly kind = 'rate-limited' as const;
  constructor(what: string, retryAfterMs: number) {
    super(`Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, {
      details: { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) },
    });
  }
}

/** One counting step: increments the window's counter and sets its expiry on the first hit, atomically. */
const CONSUME = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`;

export interface RateLimit {
  /** What is being limited, for the error message ("chat requests"). */
  what: string;
  limit: number;
  windowMs: number;
}

/**
 * Fixed-window counters in Redis, shared by every api process. The subject is a keyed hash (of an address, a caller
 * key), never the address itself. An empty Redis forgets the counts: that lets a burst through once, which is the
 * right failure for a helpline (refusing callers would be the wrong one).
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Throws RateLimitedError when `subject` already used up this window, without counting a use. */
  async check(scope: string, subject: string, rule: RateLimit): Promise<void> {
    const key = this.keys.key('rate', scope, subject);
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (Number(count ?? 0) >= rule.limit) throw new RateLimitedError(rule.what, ttl > 0 ? ttl : rule.windowMs);
  }

  /** Counts one use that already happened (see check()); never throws for the limit. */
  async count(scope: string, subject: string, rule: RateLimit): Promise<void> {
    await this.redis.eval(CONSUME, 1, this.keys.key('rate', scope, subject), String(rule.windowMs));
  }

  /** Counts one use; throws RateLimitedError when `subject` went over the limit in this window. */
  async consume(scope: string, subject: string, rule: RateLimit): Promise<void> {
    const [count, ttl] = (await this.redis.eval(
      CONSUME,
      1,
      this.keys.key('rate', scope, subject),
      String(rule.windowMs),
    )) as [number, number];
    if (count > rule.limit) throw new RateLimitedError(rule.what, ttl > 0 ? ttl : rule.windowMs);
  }
}
