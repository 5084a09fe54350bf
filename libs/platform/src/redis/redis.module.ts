import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { RateLimiter } from './rate-limiter';
import { connectRedis } from './redis-connections';
import { REDIS, RedisKeys } from './redis-keys';

const logger = new Logger('Redis');
let lastErrorLog = 0;
/** Logs a Redis connection error at most every 10 s: an outage must not become a flood of stack traces. */
export function logRedisError(error: Error): void {
  const now = Date.now();
  if (now - lastErrorLog < 10_000) return;
  lastErrorLog = now;
  logger.warn(`Redis connection problem: ${error.message}`);
}

/** The shared command connection (fail-fast) and the key builder. Jobs and realtime open their own connections. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [TUKI_CONFIG],
      useFactory: async (config: TukiConfig): Promise<Redis> => {
        const client = connectRedis(config.redis.url, 'command', logRedisError);
        if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
        return client;
      },
    },
    {
      provide: RedisKeys,
      inject: [TUKI_CONFIG],
      useFactory: (config: TukiConfig) => new RedisKeys(config.redis.prefix),
    },
    RateLimiter,
  ],
  exports: [REDIS, RedisKeys, RateLimiter],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onModuleInit(): Promise<void> {
    // BullMQ only warns about this once; a helpline must know that an evicting Redis can lose waiting callers.
    const [, policy] = ((await this.redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[]) ?? [];
    if (policy && policy !== 'noeviction') {
      logger.warn(
        `Redis maxmemory-policy is "${policy}"; production needs "noeviction" or queued jobs can be evicted.`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
