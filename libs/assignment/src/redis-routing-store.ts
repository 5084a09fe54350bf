import type { Redis } from 'ioredis';
import type { Channel, Priority } from '@tuki/contracts';
import type { RedisKeys } from '@tuki/platform';
import type {
  AgentEntry,
  ClaimOutcome,
  ClaimRequest,
  ClaimResult,
  HeldContact,
  Offer,
  QueuedEntry,
  RoutingStore,
} from './routing-store';
import { NO_LOAD } from './routing-store';

/*
 * Key layout, all under the deployment's hash tag (one Redis Cluster slot), per helpline `h`:
 *   {tuki}:rt:h:q:<queue>:<lang>   ZSET  waiting contacts by rank score; each member carries the routing fields
 *                                        (contact|channel|priority|firstArrivedAt|version, then |h for a high-risk
 *                                        contact), so reading the heads of a queue is one command
 *   {tuki}:rt:h:c:<contact>        HASH  the contact's routing fields (QueuedEntry) and its queue member
 *   {tuki}:rt:h:o:<contact>        HASH  an open offer: agent, deadline
 *   {tuki}:rt:h:leases             ZSET  contact ids with open offers by deadline
 *   {tuki}:rt:h:a:<agent>          HASH  capacity, availability, profile
 *   {tuki}:rt:h:a:<agent>:held     HASH  contact id -> channel of every contact the agent holds (offered or taken)
 *   {tuki}:rt:h:available          ZSET  available agent ids by idle-since
 *   {tuki}:rt:h:cool:<contact>:<agent>   a key with a TTL: not offered again meanwhile
 *   {tuki}:rt:h:gone:<contact>     the record version last taken out of the index (accepted or removed), with a TTL
 *   {tuki}:rt:helplines            SET   helplines with anything in the index (for the reaper)
 * The Lua scripts build some keys from a prefix; that is safe because every key shares the hash tag.
 *
 * An agent's load is counted from the contacts they hold, never kept as a counter: taking a contact back is then
 * idempotent (a second release of the same contact changes nothing), so racing paths (an accept against a hang-up, a
 * reaper against a decline) cannot drift the load, and a stale hold can be found and repaired against the record.
 */

const CHANNELS: Channel[] = ['voice', 'chat', 'callback'];

/** Moves an offer back to its queue: shared by decline and the reaper. Expects `prefix` and `cooldown` in scope. */
const RETURN_OFFER = `
local function returnOffer(contactId, agentId)
  local offerKey = prefix .. 'o:' .. contactId
  redis.call('DEL', offerKey)
  redis.call('ZREM', prefix .. 'leases', contactId)
  local c = redis.call('HMGET', prefix .. 'c:' .. contactId, 'queueId', 'language', 'score', 'member')
  if c[1] then
    redis.call('ZADD', prefix .. 'q:' .. c[1] .. ':' .. c[2], c[3], c[4])
  end
  redis.call('HDEL', prefix .. 'a:' .. agentId .. ':held', contactId)
  if cooldown > 0 then
    redis.call('SET', prefix .. 'cool:' .. contactId .. ':' .. agentId, '1', 'PX', cooldown)
  end
end
`;

/**
 * KEYS: leases zset, agent hash, agent's held hash. ARGV: prefix, agent id, now, candidate count, then per candidate:
 * contact id, channel, deadline, voice-blocks-chat (0/1), queue member, queue key suffix (<queue>:<lang>).
 * Returns { outcome, 1-based candidate }. Candidates taken meanwhile or cooling down for this agent are passed over.
 */
const CLAIM = `
local prefix = ARGV[1]
local agentId = ARGV[2]
if redis.call('HGET', KEYS[2], 'available') ~= '1' then return { 'agent-unavailable', 0 } end
local load = {}
for _, held in ipairs(redis.call('HVALS', KEYS[3])) do
  load[held] = (load[held] or 0) + 1
end
-- The phone is one (see hasRoomFor): a voice call and a callback exclude each other, and either blocks chats if asked.
local voice, callback = load['voice'] or 0, load['callback'] or 0
for i = 1, tonumber(ARGV[4]) do
  local at = 4 + (i - 1) * 6
  local contactId, channel, deadline = ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
  local member, queueKey = ARGV[at + 5], prefix .. 'q:' .. ARGV[at + 6]
  if redis.call('ZSCORE', queueKey, member) then
    if (load[channel] or 0) >= tonumber(redis.call('HGET', KEYS[2], 'cap:' .. channel) or '0') then
      return { 'agent-full', i }
    end
    if channel == 'voice' and callback > 0 then return { 'agent-full', i } end
    if channel == 'callback' and voice > 0 then return { 'agent-full', i } end
    if ARGV[at + 4] == '1' and channel == 'chat' and voice + callback > 0 then return { 'agent-full', i } end
    if redis.call('EXISTS', prefix .. 'cool:' .. contactId .. ':' .. agentId) == 0 then
      redis.call('ZREM', queueKey, member)
      redis.call('HSET', prefix .. 'o:' .. contactId, 'agentId', agentId, 'deadline', deadline, 'channel', channel)
      redis.call('ZADD', KEYS[1], deadline, contactId)
      redis.call('HSET', KEYS[3], contactId, channel)
      redis.call('HSET', KEYS[2], 'lastOfferedAt', ARGV[3])
      return { 'offered', i }
    end
  end
end
return { 'contact-gone', 0 }
`;

/**
 * KEYS: contact hash, queue zset, offer hash, gone marker, helplines set. ARGV: prefix, score, version, member,
 * helpline id, then the contact hash's fields and values. A contact with an open offer stays offered, and an enqueue from an older read of the
 * record than the index last took out is refused: enqueue never puts a contact in a queue a second time.
 */
const ENQUEUE = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local version = tonumber(ARGV[3])
if tonumber(redis.call('GET', KEYS[4]) or '-1') >= version then return 0 end
local was = redis.call('HMGET', KEYS[1], 'version', 'queueId', 'language', 'member')
if was[1] and tonumber(was[1]) > version then return 0 end
if was[2] then
  -- Moved (overflow, transfer) or changed: out of the queue it was in, under its old member.
  redis.call('ZREM', ARGV[1] .. 'q:' .. was[2] .. ':' .. was[3], was[4])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
redis.call('SADD', KEYS[5], ARGV[5])
return 1
`;

/** Marks a contact's hash as taken out of the index at its version, then deletes it. Expects `prefix` in scope. */
const FORGET_CONTACT = `
local function forgetContact(contactId)
  local contactKey = prefix .. 'c:' .. contactId
  local version = redis.call('HGET', contactKey, 'version')
  if version then redis.call('SET', prefix .. 'gone:' .. contactId, version, 'PX', 3600000) end
  redis.call('DEL', contactKey)
end
`;

/**
 * KEYS: offer hash, leases zset. ARGV: prefix, contact id, agent id. Returns { deadline, channel, the contact's
 * fields }, or false.
 * The accepted contact leaves the index: it no longer waits.
 */
const ACCEPT = `
local prefix = ARGV[1]
${FORGET_CONTACT}
if redis.call('HGET', KEYS[1], 'agentId') ~= ARGV[3] then return false end
local offer = redis.call('HMGET', KEYS[1], 'deadline', 'channel')
local entry = redis.call('HGETALL', prefix .. 'c:' .. ARGV[2])
redis.call('DEL', KEYS[1])
forgetContact(ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
return { offer[1], offer[2], entry }
`;

/** KEYS: offer hash. ARGV: prefix, contact id, agent id, cooldown ms. Returns { deadline, the contact's fields }. */
const DECLINE = `
local prefix = ARGV[1]
local cooldown = tonumber(ARGV[4])
${RETURN_OFFER}
if redis.call('HGET', KEYS[1], 'agentId') ~= ARGV[3] then return false end
local deadline = redis.call('HGET', KEYS[1], 'deadline')
returnOffer(ARGV[2], ARGV[3])
return { deadline, redis.call('HGETALL', prefix .. 'c:' .. ARGV[2]) }
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
${FORGET_CONTACT}
local c = redis.call('HMGET', KEYS[1], 'queueId', 'language', 'member')
if c[1] then
  redis.call('ZREM', prefix .. 'q:' .. c[1] .. ':' .. c[2], c[3])
end
local offerKey = prefix .. 'o:' .. ARGV[2]
local offer = redis.call('HMGET', offerKey, 'agentId', 'deadline')
redis.call('DEL', offerKey)
forgetContact(ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
if offer[1] then
  redis.call('HDEL', prefix .. 'a:' .. offer[1] .. ':held', ARGV[2])
  return { offer[1], offer[2] }
end
return {}
`;

/**
 * KEYS: agent hash, available zset, agent's held hash. ARGV: agent id, available (0/1), idle since, last offered at,
 * then the hash's fields and values. When the agent was last offered is the index's own fact (claims write it), so an
 * update keeps it. Returns the agent's last-offered time and the channels of what they hold, so the caller knows the
 * agent without reading it back.
 */
const PUT_AGENT = `
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('HSETNX', KEYS[1], 'lastOfferedAt', ARGV[4])
if ARGV[2] == '1' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) else redis.call('ZREM', KEYS[2], ARGV[1]) end
return { redis.call('HGET', KEYS[1], 'lastOfferedAt'), redis.call('HVALS', KEYS[3]) }
`;

type Script = 'putAgent' | 'enqueue' | 'claim' | 'accept' | 'decline' | 'reap' | 'remove';
const SCRIPTS: Record<Script, { keys: number; lua: string }> = {
  putAgent: { keys: 3, lua: PUT_AGENT },
  enqueue: { keys: 5, lua: ENQUEUE },
  claim: { keys: 3, lua: CLAIM },
  accept: { keys: 2, lua: ACCEPT },
  decline: { keys: 1, lua: DECLINE },
  reap: { keys: 1, lua: REAP },
  remove: { keys: 2, lua: REMOVE },
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
      version: entry.version,
      highRisk: entry.highRisk ? '1' : '0',
      member: toMember(entry),
    };
    await this.redis.routing_enqueue(
      `${p}c:${entry.contactId}`,
      `${p}q:${entry.queueId}:${entry.language}`,
      `${p}o:${entry.contactId}`,
      `${p}gone:${entry.contactId}`,
      this.keys.key('rt', 'helplines'),
      p,
      entry.score,
      entry.version,
      fields.member,
      helplineId,
      ...Object.entries(fields).flat(),
    );
  }

  async unqueue(helplineId: string, entry: QueuedEntry): Promise<boolean> {
    const p = this.prefix(helplineId);
    return (await this.redis.zrem(`${p}q:${entry.queueId}:${entry.language}`, toMember(entry))) === 1;
  }

  async remove(helplineId: string, contactId: string): Promise<Offer | undefined> {
    const p = this.prefix(helplineId);
    const entry = await this.entry(p, contactId);
    const result = (await this.redis.routing_remove(`${p}c:${contactId}`, `${p}leases`, p, contactId)) as string[];
    if (result.length === 0) return undefined;
    return { contactId, agentId: result[0], deadline: Number(result[1]), entry: entry ?? missingEntry(contactId) };
  }

  async heads(helplineId: string, queueId: string, language: string, count: number): Promise<QueuedEntry[]> {
    const flat = await this.redis.zrange(
      `${this.prefix(helplineId)}q:${queueId}:${language}`,
      0,
      count - 1,
      'WITHSCORES',
    );
    const heads: QueuedEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) heads.push(fromMember(flat[i], Number(flat[i + 1]), queueId, language));
    return heads;
  }

  async putAgent(helplineId: string, agent: Omit<AgentEntry, 'load'>): Promise<AgentEntry> {
    const p = this.prefix(helplineId);
    const fields = {
      agentId: agent.agentId,
      profile: JSON.stringify({ languages: agent.languages, skills: agent.skills }),
      available: agent.available ? '1' : '0',
      idleSince: agent.idleSince,
      highRiskStreak: agent.highRiskStreak ?? 0,
      ...Object.fromEntries(CHANNELS.map((c) => [`cap:${c}`, agent.capacity[c]])),
    };
    const [lastOfferedAt, held] = (await this.redis.routing_putAgent(
      `${p}a:${agent.agentId}`,
      `${p}available`,
      `${p}a:${agent.agentId}:held`,
      agent.agentId,
      fields.available,
      agent.idleSince,
      agent.lastOfferedAt,
      ...Object.entries(fields).flat(),
    )) as [string, Channel[]];
    const load = { ...NO_LOAD };
    for (const channel of held) load[channel] += 1;
    return { ...agent, lastOfferedAt: Number(lastOfferedAt), load };
  }

  async removeAgent(helplineId: string, agentId: string): Promise<void> {
    const p = this.prefix(helplineId);
    await this.redis.multi().del(`${p}a:${agentId}`, `${p}a:${agentId}:held`).zrem(`${p}available`, agentId).exec();
  }

  async agent(helplineId: string, agentId: string): Promise<AgentEntry | undefined> {
    return (await this.agentsById(this.prefix(helplineId), [agentId]))[0];
  }

  async availableAgents(helplineId: string): Promise<AgentEntry[]> {
    const p = this.prefix(helplineId);
    const agents = await this.agentsById(p, await this.redis.zrange(`${p}available`, 0, -1));
    return agents.filter((a) => a.available);
  }

  async held(helplineId: string, agentId: string): Promise<HeldContact[]> {
    const p = this.prefix(helplineId);
    const held = Object.entries(await this.redis.hgetall(`${p}a:${agentId}:held`));
    if (held.length === 0) return [];
    const pipeline = this.redis.pipeline();
    held.forEach(([contactId]) =>
      pipeline.hget(`${p}o:${contactId}`, 'agentId').hget(`${p}c:${contactId}`, 'highRisk'),
    );
    const replies = (await pipeline.exec()) ?? [];
    return held.map(([contactId, channel], i) => {
      // An accepted contact's fields leave the index with the accept: only open offers can say high-risk here.
      const offered = replies[2 * i]?.[1] === agentId;
      return { contactId, channel: channel as Channel, offered, highRisk: offered && replies[2 * i + 1]?.[1] === '1' };
    });
  }

  async claim(helplineId: string, request: ClaimRequest): Promise<ClaimResult> {
    const p = this.prefix(helplineId);
    const { agentId, candidates } = request;
    const [outcome, at] = (await this.redis.routing_claim(
      `${p}leases`,
      `${p}a:${agentId}`,
      `${p}a:${agentId}:held`,
      p,
      agentId,
      request.now,
      candidates.length,
      ...candidates.flatMap(({ entry, deadline, voiceBlocksChat }) => [
        entry.contactId,
        entry.channel,
        deadline,
        voiceBlocksChat ? 1 : 0,
        toMember(entry),
        `${entry.queueId}:${entry.language}`,
      ]),
    )) as [ClaimOutcome, number];
    return { outcome, candidate: at > 0 ? candidates[at - 1] : undefined };
  }

  async accept(helplineId: string, contactId: string, agentId: string): Promise<Offer | undefined> {
    const p = this.prefix(helplineId);
    const accepted: unknown = await this.redis.routing_accept(
      `${p}o:${contactId}`,
      `${p}leases`,
      p,
      contactId,
      agentId,
    );
    if (accepted === null) return undefined;
    const [at, channel, fields] = accepted as [string, string, string[]];
    // The offer names its channel, so the caller can give the capacity back even if the contact's fields are gone.
    return {
      contactId,
      agentId,
      deadline: Number(at),
      entry: toEntry(fromFlat(fields)) ?? { ...missingEntry(contactId), channel: channel as Channel },
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
    const declined = await this.redis.routing_decline(`${p}o:${contactId}`, p, contactId, agentId, cooldownMs);
    if (declined === null) return undefined;
    const [deadline, fields] = declined as [string, string[]];
    const entry = toEntry(fromFlat(fields));
    return entry && { contactId, agentId, deadline: Number(deadline), entry };
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

  async release(helplineId: string, agentId: string, contactId: string): Promise<void> {
    await this.redis.hdel(`${this.prefix(helplineId)}a:${agentId}:held`, contactId);
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
    const p = this.prefix(helplineId);
    const member = await this.redis.hget(`${p}c:${entry.contactId}`, 'member');
    if (!member) return undefined;
    const rank = await this.redis.zrank(`${p}q:${entry.queueId}:${entry.language}`, member);
    return rank === null ? undefined : rank + 1;
  }

  private async agentsById(prefix: string, ids: string[]): Promise<AgentEntry[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    ids.forEach((id) => pipeline.hgetall(`${prefix}a:${id}`).hvals(`${prefix}a:${id}:held`));
    const rows = (await pipeline.exec()) ?? [];
    return ids
      .map((_, i) => toAgent(rows[2 * i]?.[1] as Record<string, string>, rows[2 * i + 1]?.[1] as Channel[]))
      .filter((a): a is AgentEntry => a !== undefined);
  }

  private async entry(prefix: string, contactId: string): Promise<QueuedEntry | undefined> {
    return toEntry(await this.redis.hgetall(`${prefix}c:${contactId}`));
  }

  private prefix(helplineId: string): string {
    return `${this.keys.key('rt', helplineId)}:`;
  }
}

function fromFlat(flat: string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) row[flat[i]] = flat[i + 1];
  return row;
}

/**
 * A queue member: the contact id first, so equal scores fall back to the contact id's order, as in memory. `h` last
 * marks a high-risk contact; a member without it (none other, or indexed before counsellor care) reads as not
 * high-risk and is written back the same, so a member always round-trips exactly (claims find it by its text).
 */
function toMember(entry: QueuedEntry): string {
  const fields = [entry.contactId, entry.channel, entry.priority, entry.firstArrivedAt, entry.version];
  return (entry.highRisk ? [...fields, 'h'] : fields).join('|');
}

function fromMember(member: string, score: number, queueId: string, language: string): QueuedEntry {
  const [contactId, channel, priority, firstArrivedAt, version, risk] = member.split('|');
  return {
    contactId,
    queueId,
    language,
    channel: channel as Channel,
    priority: priority as Priority,
    firstArrivedAt: Number(firstArrivedAt),
    score,
    version: Number(version),
    highRisk: risk === 'h',
  };
}

/** Stands in for a contact whose routing fields are already gone (it left the index while its offer was open). */
function missingEntry(contactId: string): QueuedEntry {
  return {
    contactId,
    queueId: '',
    language: '',
    channel: 'voice',
    priority: 'normal',
    firstArrivedAt: 0,
    score: 0,
    version: 0,
  };
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
    version: Number(row.version ?? 0),
    highRisk: row.highRisk === '1',
  };
}

function toAgent(row: Record<string, string> | null, held: Channel[] | null): AgentEntry | undefined {
  if (!row?.agentId) return undefined;
  const profile = JSON.parse(row.profile) as { languages: string[]; skills: Record<string, number> };
  const load = { ...NO_LOAD };
  for (const channel of held ?? []) load[channel] += 1;
  return {
    agentId: row.agentId,
    languages: profile.languages,
    skills: profile.skills,
    capacity: Object.fromEntries(CHANNELS.map((c) => [c, Number(row[`cap:${c}`] ?? 0)])) as Record<Channel, number>,
    load,
    available: row.available === '1',
    idleSince: Number(row.idleSince),
    lastOfferedAt: Number(row.lastOfferedAt),
    highRiskStreak: Number(row.highRiskStreak ?? 0),
  };
}
