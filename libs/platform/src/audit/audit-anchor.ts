import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS, RedisKeys } from '../redis/redis-keys';

/** A chain position: the seq of an entry and its mac. */
export interface AuditPosition {
  seq: number;
  mac: string;
}

/** The Redis key holding a helpline's anchor (a hash of `seq` and `mac`). */
export function auditAnchorKey(keys: RedisKeys, helplineId: string): string {
  return keys.key('audit', 'anchor', helplineId);
}

/** The Redis set of helplines that have an anchor, so a helpline whose rows were all deleted is still verified. */
export function auditAnchoredKey(keys: RedisKeys): string {
  return keys.key('audit', 'anchored');
}

// Forward only: a lower seq is ignored, and so is another mac at the same seq (two macs for one seq is what the
// verifier reports; overwriting would erase the evidence).
const ADVANCE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'mac', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return 1
`;

type AnchorRedis = Redis & {
  audit_advance_anchor(
    anchorKey: string,
    anchoredKey: string,
    seq: number,
    mac: string,
    helplineId: string,
  ): Promise<number>;
};

/**
 * The chain's length and last mac, kept outside the database. Someone who can write to the database can delete the
 * newest entries and set the head row back, and the rest of the chain still verifies; the anchor remembers that the
 * chain was once longer. It only ever moves forward.
 *
 * What a Redis that restarts empty (no AOF, a failover that lost writes) costs: the anchors are gone until
 * AuditAnchorRefresher seeds them again from the database's heads, within about a second where workers run. A
 * truncation made while the anchor was missing, or before the restart and after the last verification, is then
 * taken as the truth and cannot be detected through Redis. That is why `tuki audit verify` prints each head for the
 * operator to keep elsewhere, and accepts it back with `--anchor SEQ:MAC`.
 */
@Injectable()
export class AuditAnchor {
  private readonly redis: AnchorRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    // defineCommand sends EVALSHA and falls back to EVAL after a Redis restart (NOSCRIPT).
    if (!('audit_advance_anchor' in redis))
      redis.defineCommand('audit_advance_anchor', { numberOfKeys: 2, lua: ADVANCE });
    this.redis = redis as AnchorRedis;
  }

  /** Moves the helpline's anchor to `to` if it is further along. Returns whether it moved. */
  async advance(helplineId: string, to: AuditPosition): Promise<boolean> {
    const moved = await this.redis.audit_advance_anchor(
      auditAnchorKey(this.keys, helplineId),
      auditAnchoredKey(this.keys),
      to.seq,
      to.mac,
      helplineId,
    );
    return moved === 1;
  }

  /** The helpline's anchor, or null when Redis has none (never appended, or Redis lost it). */
  async read(helplineId: string): Promise<AuditPosition | null> {
    const [seq, mac] = await this.redis.hmget(auditAnchorKey(this.keys, helplineId), 'seq', 'mac');
    if (seq === null || mac === null) return null;
    return { seq: Number(seq), mac };
  }

  /** Every helpline that has ever had an anchor in this Redis. */
  async helplines(): Promise<string[]> {
    return this.redis.smembers(auditAnchoredKey(this.keys));
  }
}
