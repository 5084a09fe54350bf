import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CareSettingsService } from '@tuki/agents';
import { Clock, REDIS, RedisKeys } from '@tuki/platform';
import { RedisRoutingStore } from './redis-routing-store';
import { Router } from './router';
import { COOLDOWN_MS, toCareRules } from './routing-shared';

/**
 * The live index in Redis that every routing provider shares: one connection, the store over it and the routing core.
 * The live queue lives in Redis because routing needs atomic claims across processes and the heads of each queue in
 * O(log n); it holds no personal data and can be rebuilt from the rows at any time (see IndexRebuild).
 *
 * No shutdown hook here: Nest runs a module's shutdown hooks all at once, so closing the connection in a hook of its
 * own would cut off a background round still running. The RoutingEngine closes it once its loop has stopped.
 */
@Injectable()
export class RoutingIndex {
  readonly redis: Redis;
  readonly store: RedisRoutingStore;
  readonly router: Router;

  constructor(@Inject(REDIS) redis: Redis, keys: RedisKeys, clock: Clock, care: CareSettingsService) {
    // Its own connection: routing's scripts must not queue behind other commands, and they may wait for Redis.
    this.redis = redis.duplicate();
    this.store = new RedisRoutingStore(this.redis, keys);
    // Counsellor care's cap, read from the record on each decision (one row), as the queues are.
    this.router = new Router(
      this.store,
      () => clock.nowMs(),
      COOLDOWN_MS,
      async (helplineId) => toCareRules(await care.read(helplineId)),
    );
  }

  disconnect(): void {
    this.redis.disconnect();
  }
}
