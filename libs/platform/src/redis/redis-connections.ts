import { Redis } from 'ioredis';

/**
 * How each kind of connection should behave when Redis is away, after BullMQ's production guidance:
 * - `worker`: blocking BullMQ workers retry forever (`maxRetriesPerRequest: null`), or they would stop consuming.
 * - `producer`: an HTTP request that enqueues must fail fast instead of hanging while Redis is down (no offline queue).
 * - `command`: rate-limit counters and sequence numbers: fail fast too.
 * - `subscriber`: pub/sub (socket.io adapter) reconnects forever.
 */
export type RedisRole = 'worker' | 'producer' | 'command' | 'subscriber';

/** The few connection settings that differ by role; a plain object both ioredis and BullMQ accept. */
export interface RoleOptions {
  maxRetriesPerRequest?: number | null;
  enableOfflineQueue?: boolean;
  enableReadyCheck?: boolean;
  connectTimeout?: number;
  retryStrategy: (times: number) => number;
}

export function redisOptions(role: RedisRole): RoleOptions {
  const reconnect = { retryStrategy: (times: number) => Math.min(times * 200, 2000) };
  switch (role) {
    case 'worker':
    case 'subscriber':
      return { ...reconnect, maxRetriesPerRequest: null, enableReadyCheck: true };
    case 'producer':
      // BullMQ insists on maxRetriesPerRequest: null for its own connections; without an offline queue an add()
      // while Redis is away still fails at once instead of waiting.
      return { ...reconnect, enableOfflineQueue: false, connectTimeout: 2000 };
    case 'command':
      return { ...reconnect, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
  }
}

/** Opens a connection that reports errors to `onError` (rate-limited by the caller) instead of crashing. */
export function connectRedis(url: string, role: RedisRole, onError: (error: Error) => void): Redis {
  const client = new Redis(url, { ...redisOptions(role), lazyConnect: false });
  client.on('error', onError);
  return client;
}
