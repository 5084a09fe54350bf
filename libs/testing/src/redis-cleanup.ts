import { Redis } from 'ioredis';
import { RedisKeys, type TukiConfig } from '@tuki/platform';

/** Deletes the keys under the test's own prefix: never FLUSHALL, never another test's keys. */
export async function deleteTestKeys(config: TukiConfig): Promise<void> {
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const pattern = `${new RedisKeys(config.redis.prefix).tag}*`.replace(/[{}]/g, (c) => `\\${c}`);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // The test may have stopped its own Redis: nothing of ours is left to delete there.
  } finally {
    redis.disconnect();
  }
}
