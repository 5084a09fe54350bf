import type { Redis } from 'ioredis';
import type { Channel, Priority } from '@tuki/contracts';
import type { RedisKeys } from '@tuki/platform';
import type { AgentEntry, ClaimOutcome, ClaimRequest, Offer, QueuedEntry, RoutingStore } from './routing-store';
import { NO_LOAD } from './routing-store';

/*
 * Key layout, all under the deployment's hash tag (one Redis Cluster slot), per helpline `h`:
 *   {tuki}:rt:h:q:<queue>:<lang>   ZSET  waiting contact ids by rank score
 *   {tuki}:rt:h:c:<contact>        HASH  the contact's routing fields (QueuedEntry)
 *   {tuki}:rt:h:o:<contact>        HASH  an open offer: agent, deadline
 *   {tuki}:rt:h:leases             ZSET  contact ids with open offers by deadline
 *   {tuki}:rt:h:a:<agent>          HASH  capacity, load, availability, profile
 *   {tuki}:rt:h:available          ZSET  available agent ids by idle-since
 *   {tuki}:rt:h:cool:<contact>:<agent>   a key with a TTL: not offered again meanwhile
 *   {tuki}:rt:helplines            SET   helplines with anything in the index (for the reaper)
 * The Lua scripts build some keys from a prefix; that is safe because every key shares the hash tag.
 */

const CHANNELS: Channel[] = ['voice', 'chat', 'callback'];

/** Moves an offer back to its queue: shared by decline and the reaper. Expects `prefix` and `cooldown` in scope. */
const RETURN_OFFER = `
local function returnOffer(contactId, agentId)
  local offerKey = prefix .. 'o:' .. contactId
  -- The offer itself names its channel: the agent's capacity comes back even if the contact's hash is gone.
  local channel = redis.call('HGET', offerKey, 'channel')
  redis.call('DEL', offerKey)
  redis.call('ZREM', prefix .. 'leases', contactId)
  local c = redis.call('HMGET', prefix .. 'c:' .. contactId, 'queueId', 'language', 'score')
  if c[1] then
    redis.call('ZADD', prefix .. 'q:' .. c[1] .. ':' .. c[2], c[3], contactId)
  end
  if channel then
    local agentKey = prefix .. 'a:' .. agentId
    if redis.call('EXISTS', agentKey) == 1 and tonumber(redis.call('HGET', agentKey, 'load:' .. channel) or '0') > 0 then
      redis.call('HINCRBY', agentKey, 'load:' .. channel, -1)
    end
  end
  if cooldown > 0 then
    redis.call('SET', prefix .. 'cool:' .. contactId .. ':' .. agentId, '1', 'PX', cooldown)
  end
end
`;

/**
 * KEYS: queue zset, contact hash, offer hash, leases zset, agent hash, cooldown key.
 * ARGV: contact id, agent id, channel, deadline, now, voice-blocks-chat (0/1).
 */
const CLAIM = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 'contact-gone' end
if redis.call('HGET', KEYS[5], 'available') ~= '1' then return 'agent-unavailable' end
local channel = ARGV[3]
local load = tonumber(redis.call('HGET', KEYS[5], 'load:' .. channel) or '0')
local cap = tonumber(redis.call('HGET', KEYS[5], 'cap:' .. channel) or '0')
if load >= cap then return 'agent-full' end
if ARGV[6] == '1' and channel == 'chat' and tonumber(redis.call('HGET', KEYS[5], 'load:voice') or '0') > 0 then
  return 'agent-full'
end
if redis.call('EXISTS', KEYS[6]) == 1 then return 'cooling-down' end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[3], 'agentId', ARGV[2], 'deadline', ARGV[4], 'channel', channel)
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
redis.call('HINCRBY', KEYS[5], 'load:' .. channel, 1)
redis.call('HSET', KEYS[5], 'lastOfferedAt', ARGV[5])
return 'offered'
`;

/**
 * KEYS: contact hash, queue zset, offer hash. ARGV: score, then the contact hash's fields and values.
 * A contact with an open offer stays offered: enqueue never puts it in a queue a second time.
 */
const ENQUEUE = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], 'NX', ARGV[1], redis.call('HGET', KEYS[1], 'contactId'))
return 1
`;

/**
 * KEYS: offer hash, leases zset, contact hash. ARGV: contact id, agent id. Returns { deadline, channel }, or false.
 * The accepted contact leaves the index: it no longer waits.
 */
const ACCEPT = `
if redis.call('HGET', KEYS[1], 'agentId') ~= ARGV[2] then return false end
local offer = redis.call('HMGET', KEYS[1], 'deadline', 'channel')
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('ZREM', KEYS[2], ARGV[1])
return offer
`;

/** KEYS: offer hash. ARGV: prefix, contact id, agent id, cooldown ms. Returns the deadline, or false. */
const DECLINE = `
local prefix = ARGV[1]
local cooldown = tonumber(ARGV[4])
${RETURN_OFFER}
if redis.call('HGET', KEYS[1], 'agentId') ~= ARGV[3] then return false end
local deadline = redis.call('HGET', KEYS[1], 'deadline')
returnOffer(ARGV[2], ARGV[3])
return deadline
`;

/** KEYS: leases zset. ARGV: prefix, now, cooldown ms, limit. Returns a flat list of contact id, agent id, deadline. */
const REAP = `
local prefix = ARGV[1]
local cooldown = tonumber(ARGV[3])
${RETURN_OFFER}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[4]))
local out = {}
for i = 1, #due, 2 do
  local contactId = due[i]
  local agentId = redis.call('HGET', prefix .. 'o:' .. contactId, 'agentId')
  if agentId then
    returnOffer(contactId, agentId)
    table.insert(out, contactId)
    table.insert(out, agentId)
    table.insert(out, due[i + 1])
  else
    redis.call('ZREM', KEYS[1], contactId)
  end
end
return out
`;

/** KEYS: contact hash, leases zset. ARGV: prefix, contact id. Returns agent id, deadline of an open offer, or {}. */
const REMOVE = `
local prefix = ARGV[1]
local c = redis.call('HMGET', KEYS[1], 'queueId', 'language')
if c[1] then
  redis.call('ZREM', prefix .. 'q:' .. c[1] .. ':' .. c[2], ARGV[2])
end
local offerKey = prefix .. 'o:' .. ARGV[2]
local offer = redis.call('HMGET', offerKey, 'agentId', 'deadline', 'channel')
redis.call('DEL', offerKey, KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
if offer[1] then
  local agentKey = prefix .. 'a:' .. offer[1]
  if offer[3] and tonumber(redis.call('HGET', agentKey, 'load:' .. offer[3]) or '0') > 0 then
    redis.call('HINCRBY', agentKey, 'load:' .. offer[3], -1)
  end
  return { offer[1], offer[2] }
end
return {}
`;

/** KEYS: agent hash. ARGV: channel. Never below zero. */
const RELEASE = `
if tonumber(redis.call('HGET', KEYS[1], 'load:' .. ARGV[1]) or '0') > 0 then
  redis.call('HINCRBY', KEYS[1], 'load:' .. ARGV[1], -1)
end
return 1
`;

type Script = 'enqueue' | 'claim' | 'accept' | 'decline' | 'reap' | 'remove' | 'release';
const SCRIPTS: Record<Script, { keys: number; lua: string }> = {
  enqueue: { keys: 3, lua: ENQUEUE },
  claim: { keys: 6, lua: CLAIM },
  accept: { keys: 3, lua: ACCEPT },
  decline: { keys: 1, lua: DECLINE },
  reap: { keys: 1, lua: REAP },
  remove: { keys: 2, lua: REMOVE },
  release: { keys: 1, lua: RELEASE },
};

type ScriptedRedis = Redis & Record<`routing_${Script}`, (...args: (string | number)[]) => Promise<unknown>>;

/** The routing index on Redis. Every step that must be atomic across processes is one Lua script. */
export class RedisRoutingStore implements RoutingStore {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    for (const [name, script] of Object.entries(SCRIPTS)) {
      // defineCommand sends EVALSHA and falls back to EVAL after a Redis restart (NOSCRIPT).
      if (!(`routing_${name}` in redis))
        redis.defineCommand(`routing_${name}`, { numberOfKeys: script.keys, lua: script.lua });
    }
    this.redis = redis as ScriptedRedis;
  }

  async enqueue(helplineId: string, entry: QueuedEntry): Promise<void> {
    const p = this.prefix(helplineId);
    const fields = {
      contactId: entry.contactId,
      queueId: entry.queueId,
      language: entry.language,
      channel: entry.channel,
      priority: entry.priority,
      firstArrivedAt: entry.firstArrivedAt,
      score: entry.score,
    };
    await this.redis.sadd(this.keys.key('rt', 'helplines'), helplineId);
    await this.redis.routing_enqueue(
      `${p}c:${entry.contactId}`,
      `${p}q:${entry.queueId}:${entry.language}`,
      `${p}o:${entry.contactId}`,
      entry.score,
      ...Object.entries(fields).flat(),
    );
  }

  async remove(helplineId: string, contactId: string): Promise<Offer | undefined> {
    const p = this.prefix(helplineId);
    const entry = await this.entry(p, contactId);
    const result = (await this.redis.routing_remove(`${p}c:${contactId}`, `${p}leases`, p, contactId)) as string[];
    if (result.length === 0) return undefined;
    return { contactId, agentId: result[0], deadline: Number(result[1]), entry: entry ?? missingEntry(contactId) };
  }

  async heads(helplineId: string, queueId: string, language: string, count: number): Promise<QueuedEntry[]> {
    const p = this.prefix(helplineId);
    const ids = await this.redis.zrange(`${p}q:${queueId}:${language}`, 0, count - 1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    ids.forEach((id) => pipeline.hgetall(`${p}c:${id}`));
    const rows = (await pipeline.exec()) ?? [];
    return rows
      .map(([, row]) => toEntry(row as Record<string, string>))
      .filter((e): e is QueuedEntry => e !== undefined);
  }

  async putAgent(helplineId: string, agent: Omit<AgentEntry, 'load'>): Promise<void> {
    const p = this.prefix(helplineId);
    const key = `${p}a:${agent.agentId}`;
    const multi = this.redis.multi().hset(key, {
      agentId: agent.agentId,
      profile: JSON.stringify({ languages: agent.languages, skills: agent.skills }),
      available: agent.available ? '1' : '0',
      idleSince: agent.idleSince,
      lastOfferedAt: agent.lastOfferedAt,
      ...Object.fromEntries(CHANNELS.map((c) => [`cap:${c}`, agent.capacity[c]])),
    });
    // Load survives a profile update: it counts what the agent holds now.
    CHANNELS.forEach((c) => multi.hsetnx(key, `load:${c}`, 0));
    if (agent.available) multi.zadd(`${p}available`, agent.idleSince, agent.agentId);
    else multi.zrem(`${p}available`, agent.agentId);
    await multi.exec();
  }

  async removeAgent(helplineId: string, agentId: string): Promise<void> {
    const p = this.prefix(helplineId);
    await this.redis.multi().del(`${p}a:${agentId}`).zrem(`${p}available`, agentId).exec();
  }

  async agent(helplineId: string, agentId: string): Promise<AgentEntry | undefined> {
    return toAgent(await this.redis.hgetall(`${this.prefix(helplineId)}a:${agentId}`));
  }

  async availableAgents(helplineId: string): Promise<AgentEntry[]> {
    const p = this.prefix(helplineId);
    const ids = await this.redis.zrange(`${p}available`, 0, -1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    ids.forEach((id) => pipeline.hgetall(`${p}a:${id}`));
    const rows = (await pipeline.exec()) ?? [];
    return rows
      .map(([, row]) => toAgent(row as Record<string, string>))
      .filter((a): a is AgentEntry => a !== undefined && a.available);
  }

  async claim(helplineId: string, request: ClaimRequest): Promise<ClaimOutcome> {
    const p = this.prefix(helplineId);
    const { entry, agentId } = request;
    return (await this.redis.routing_claim(
      `${p}q:${entry.queueId}:${entry.language}`,
      `${p}c:${entry.contactId}`,
      `${p}o:${entry.contactId}`,
      `${p}leases`,
      `${p}a:${agentId}`,
      `${p}cool:${entry.contactId}:${agentId}`,
      entry.contactId,
      agentId,
      entry.channel,
      request.deadline,
      request.now,
      request.voiceBlocksChat ? 1 : 0,
    )) as ClaimOutcome;
  }

  async accept(helplineId: string, contactId: string, agentId: string): Promise<Offer | undefined> {
    const p = this.prefix(helplineId);
    const entry = await this.entry(p, contactId);
    const deadline: unknown = await this.redis.routing_accept(
      `${p}o:${contactId}`,
      `${p}leases`,
      `${p}c:${contactId}`,
      contactId,
      agentId,
    );
    if (deadline === null) return undefined;
    const [at, channel] = deadline as [string, string];
    // The offer names its channel, so the caller can give the capacity back even if the contact's fields are gone.
    return {
      contactId,
      agentId,
      deadline: Number(at),
      entry: entry ?? { ...missingEntry(contactId), channel: channel as Channel },
    };
  }

  async decline(
    helplineId: string,
    contactId: string,
    agentId: string,
    _now: number,
    cooldownMs: number,
  ): Promise<Offer | undefined> {
    const p = this.prefix(helplineId);
    const entry = await this.entry(p, contactId);
    const deadline = await this.redis.routing_decline(`${p}o:${contactId}`, p, contactId, agentId, cooldownMs);
    if (!entry || deadline === null) return undefined;
    return { contactId, agentId, deadline: Number(deadline), entry };
  }

  async reapExpired(helplineId: string, now: number, cooldownMs: number, limit: number): Promise<Offer[]> {
    const p = this.prefix(helplineId);
    const flat = (await this.redis.routing_reap(`${p}leases`, p, now, cooldownMs, limit)) as string[];
    const offers: Offer[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      const entry = await this.entry(p, flat[i]);
      if (entry) offers.push({ contactId: flat[i], agentId: flat[i + 1], deadline: Number(flat[i + 2]), entry });
    }
    return offers;
  }

  async release(helplineId: string, agentId: string, channel: Channel): Promise<void> {
    await this.redis.routing_release(`${this.prefix(helplineId)}a:${agentId}`, channel);
  }

  async offersHeldBy(helplineId: string, agentId: string): Promise<Offer[]> {
    const p = this.prefix(helplineId);
    const held: Offer[] = [];
    // Offers are few (agents x capacity), so a scan of the leases is cheap.
    for (const contactId of await this.redis.zrange(`${p}leases`, 0, -1)) {
      const offer = await this.redis.hgetall(`${p}o:${contactId}`);
      const entry = await this.entry(p, contactId);
      if (offer.agentId === agentId && entry)
        held.push({ contactId, agentId, deadline: Number(offer.deadline), entry });
    }
    return held;
  }

  async activeHelplines(): Promise<string[]> {
    return this.redis.smembers(this.keys.key('rt', 'helplines'));
  }

  async waitingCount(helplineId: string, queueId: string, language: string): Promise<number> {
    return this.redis.zcard(`${this.prefix(helplineId)}q:${queueId}:${language}`);
  }

  async position(
    helplineId: string,
    entry: Pick<QueuedEntry, 'contactId' | 'queueId' | 'language'>,
  ): Promise<number | undefined> {
    const rank = await this.redis.zrank(
      `${this.prefix(helplineId)}q:${entry.queueId}:${entry.language}`,
      entry.contactId,
    );
    return rank === null ? undefined : rank + 1;
  }

  private async entry(prefix: string, contactId: string): Promise<QueuedEntry | undefined> {
    return toEntry(await this.redis.hgetall(`${prefix}c:${contactId}`));
  }

  private prefix(helplineId: string): string {
    return `${this.keys.key('rt', helplineId)}:`;
  }
}

/** Stands in for a contact whose routing fields are already gone (it left the index while its offer was open). */
function missingEntry(contactId: string): QueuedEntry {
  return { contactId, queueId: '', language: '', channel: 'voice', priority: 'normal', firstArrivedAt: 0, score: 0 };
}

function toEntry(row: Record<string, string> | null): QueuedEntry | undefined {
  if (!row?.contactId) return undefined;
  return {
    contactId: row.contactId,
    queueId: row.queueId,
    language: row.language,
    channel: row.channel as Channel,
    priority: row.priority as Priority,
    firstArrivedAt: Number(row.firstArrivedAt),
    score: Number(row.score),
  };
}

function toAgent(row: Record<string, string> | null): AgentEntry | undefined {
  if (!row?.agentId) return undefined;
  const profile = JSON.parse(row.profile) as { languages: string[]; skills: Record<string, number> };
  const counts = (prefix: string) =>
    Object.fromEntries(CHANNELS.map((c) => [c, Number(row[`${prefix}:${c}`] ?? 0)])) as Record<Channel, number>;
  return {
    agentId: row.agentId,
    languages: profile.languages,
    skills: profile.skills,
    capacity: counts('cap'),
    load: { ...NO_LOAD, ...counts('load') },
    available: row.available === '1',
    idleSince: Number(row.idleSince),
    lastOfferedAt: Number(row.lastOfferedAt),
  };
}
