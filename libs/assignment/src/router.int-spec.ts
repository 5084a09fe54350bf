import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisKeys } from '@tuki/platform';
import { InMemoryRoutingStore } from './in-memory-routing-store';
import { RedisRoutingStore } from './redis-routing-store';
import { Router, type RoutingQueueDefinition } from './router';
import { rankScore } from './routing-rules';
import type { AgentEntry, QueuedEntry, RoutingStore } from './routing-store';

const T0 = Date.parse('2026-11-29T09:00:00Z');
const SEC = 1000;
const H = 'helpline-a';

const prefix = `t-router-${randomBytes(4).toString('hex')}`;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
});

afterAll(async () => {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
});

const queue = (overrides: Partial<RoutingQueueDefinition> = {}): RoutingQueueDefinition => ({
  queueId: 'q-breach',
  requiredSkills: { extortion: 5 },
  strategy: 'longest-idle',
  ageingMs: 600 * SEC,
  widening: [],
  languages: ['fi', 'sv'],
  offerTimeoutMs: 20 * SEC,
  voiceBlocksChat: true,
  ...overrides,
});

function entry(id: string, q: RoutingQueueDefinition, overrides: Partial<QueuedEntry> = {}): QueuedEntry {
  const base = {
    contactId: id,
    queueId: q.queueId,
    language: 'fi',
    channel: 'voice' as const,
    priority: 'normal' as const,
    firstArrivedAt: T0,
    version: 1,
    ...overrides,
  };
  return { ...base, score: rankScore(base, q.ageingMs), ...overrides };
}

const agent = (id: string, overrides: Partial<Omit<AgentEntry, 'load'>> = {}): Omit<AgentEntry, 'load'> => ({
  agentId: id,
  languages: ['fi'],
  skills: { extortion: 5 },
  capacity: { voice: 1, chat: 3, callback: 1 },
  available: true,
  idleSince: T0 - 60 * SEC,
  lastOfferedAt: 0,
  ...overrides,
});

let storeCount = 0;
const stores: [string, () => RoutingStore][] = [
  ['in memory', () => new InMemoryRoutingStore()],
  ['on Redis', () => new RedisRoutingStore(redis, new RedisKeys(`${prefix}-${++storeCount}`))],
];

describe.each(stores)('the routing core %s', (_name, makeStore) => {
  let store: RoutingStore;
  let now: number;
  let router: Router;

  beforeEach(() => {
    store = makeStore();
    now = T0;
    router = new Router(store, () => now, 60 * SEC);
  });

  it('offers the urgent Finnish caller before the older normal one', async () => {
    const q = queue();
    await store.putAgent(H, agent('maija', { available: false }));
    await router.contactWaiting(H, entry('older', q, { firstArrivedAt: T0 - 120 * SEC }), q, [q]);
    await router.contactWaiting(H, entry('urgent', q, { priority: 'urgent' }), q, [q]);
    await store.putAgent(H, agent('maija'));
    const offer = await router.agentAvailable(H, 'maija', [q]);
    expect(offer?.contactId).toBe('urgent');
    expect(await store.position(H, entry('older', q))).toBe(1);
  });

  it('serves a callback requested at minute 5 by a caller who arrived at minute 0 before a caller of minute 1', async () => {
    const q = queue();
    await store.putAgent(H, agent('maija', { available: false }));
    // Minute 1: a caller arrives and waits. Minute 5: the caller of minute 0 leaves a number and hangs up; their
    // callback enters the queue then, ranked by their first arrival.
    now = T0 + 60 * SEC;
    await router.contactWaiting(H, entry('minute-1', q, { firstArrivedAt: T0 + 60 * SEC }), q, [q]);
    now = T0 + 300 * SEC;
    await router.contactWaiting(H, entry('callback', q, { channel: 'callback', firstArrivedAt: T0, version: 2 }), q, [
      q,
    ]);
    await store.putAgent(H, agent('maija'));
    const offer = await router.agentAvailable(H, 'maija', [q]);
    expect(offer).toMatchObject({ contactId: 'callback', entry: { channel: 'callback' } });
    expect(await store.position(H, entry('minute-1', q))).toBe(1);
  });

  it('offers a callback only to an agent with room for callbacks', async () => {
    const q = queue();
    await store.putAgent(H, agent('no-callbacks', { capacity: { voice: 1, chat: 3, callback: 0 } }));
    const offers = await router.contactWaiting(H, entry('cb', q, { channel: 'callback' }), q, [q]);
    expect(offers).toEqual([]);
    expect(await store.waitingCount(H, q.queueId, 'fi')).toBe(1);
  });

  it('never gives one agent a voice call and a callback at once: the phone is one', async () => {
    const q = queue();
    await store.putAgent(H, agent('maija', { capacity: { voice: 1, chat: 3, callback: 1 } }));
    const [voice] = await router.contactWaiting(H, entry('v', q), q, [q]);
    expect(voice.agentId).toBe('maija');
    expect(await router.contactWaiting(H, entry('cb', q, { channel: 'callback' }), q, [q])).toEqual([]);
    expect(await router.contactWaiting(H, entry('chat', q, { channel: 'chat' }), q, [q])).toEqual([]);
  });

  it('offers one contact to one agent only, however many agents reach for it at once', async () => {
    const q = queue();
    for (let i = 0; i < 8; i++) await store.putAgent(H, agent(`agent-${i}`, { available: false }));
    await router.contactWaiting(H, entry('only', q), q, [q]);
    for (let i = 0; i < 8; i++) await store.putAgent(H, agent(`agent-${i}`));
    const offers = await Promise.all(Array.from({ length: 8 }, (_, i) => router.agentAvailable(H, `agent-${i}`, [q])));
    expect(offers.filter(Boolean)).toHaveLength(1);
  });

  it('never goes over capacity: an open offer counts, and a voice contact blocks chats', async () => {
    const q = queue();
    await store.putAgent(H, agent('chatter', { capacity: { voice: 1, chat: 2, callback: 0 } }));
    for (const id of ['c1', 'c2', 'c3']) await router.contactWaiting(H, entry(id, q, { channel: 'chat' }), q, [q]);
    expect((await store.agent(H, 'chatter'))?.load.chat).toBe(2);
    expect(await store.waitingCount(H, q.queueId, 'fi')).toBe(1);

    await store.putAgent(H, agent('caller', { capacity: { voice: 1, chat: 3, callback: 0 } }));
    await router.contactWaiting(H, entry('v1', q, { channel: 'voice', firstArrivedAt: T0 - 500 * SEC }), q, [q]);
    expect((await store.agent(H, 'caller'))?.load.voice).toBe(1);
    expect(await router.agentAvailable(H, 'caller', [q])).toBeUndefined();
  });

  it('puts a declined contact back at its place and offers it to the next agent, not the one who declined', async () => {
    const q = queue();
    await store.putAgent(H, agent('first', { idleSince: T0 - 300 * SEC }));
    await store.putAgent(H, agent('second', { idleSince: T0 - 10 * SEC, available: false }));
    const [offer] = await router.contactWaiting(H, entry('caller', q), q, [q]);
    expect(offer.agentId).toBe('first');
    await router.decline(H, 'caller', 'first');
    expect(await store.position(H, entry('caller', q))).toBe(1);
    expect(await router.agentAvailable(H, 'first', [q])).toBeUndefined();
    await store.putAgent(H, agent('second', { idleSince: T0 - 10 * SEC }));
    expect((await router.agentAvailable(H, 'second', [q]))?.contactId).toBe('caller');
  });

  it('returns an offer whose deadline passed to its place, once, even if two reapers run', async () => {
    const q = queue({ offerTimeoutMs: 20 * SEC });
    await store.putAgent(H, agent('sleepy'));
    await router.contactWaiting(H, entry('late', q, { firstArrivedAt: T0 - 30 * SEC }), q, [q]);
    await router.contactWaiting(H, entry('later', q), q, [q]);
    now = T0 + 19 * SEC;
    expect(await router.reap(H)).toEqual([]);
    now = T0 + 21 * SEC;
    const [a, b] = await Promise.all([router.reap(H), router.reap(H)]);
    expect([...a, ...b].map((o) => o.contactId)).toEqual(['late']);
    expect(await store.position(H, entry('late', q))).toBe(1);
    expect((await store.agent(H, 'sleepy'))?.load.voice).toBe(0);
  });

  it('widens to a less skilled agent only after the contact has waited long enough', async () => {
    const q = queue({ widening: [{ afterMs: 60 * SEC, relaxBy: 3 }] });
    await store.putAgent(H, agent('novice', { skills: { extortion: 2 } }));
    await router.contactWaiting(H, entry('waiting', q), q, [q]);
    expect(await router.agentAvailable(H, 'novice', [q])).toBeUndefined();
    now = T0 + 61 * SEC;
    expect((await router.agentAvailable(H, 'novice', [q]))?.contactId).toBe('waiting');
  });

  it('gives the contact to the longest idle of the agents who may serve it', async () => {
    const q = queue();
    await store.putAgent(H, agent('recent', { idleSince: T0 - 5 * SEC }));
    await store.putAgent(H, agent('longest', { idleSince: T0 - 500 * SEC }));
    await store.putAgent(H, agent('swedish-only', { languages: ['sv'], idleSince: T0 - 900 * SEC }));
    const [offer] = await router.contactWaiting(H, entry('c', q), q, [q]);
    expect(offer.agentId).toBe('longest');
  });

  it('frees the agent at once when the caller hangs up during the offer', async () => {
    const q = queue();
    await store.putAgent(H, agent('maija'));
    await router.contactWaiting(H, entry('hangs-up', q), q, [q]);
    const removed = await store.remove(H, 'hangs-up');
    expect(removed?.agentId).toBe('maija');
    expect((await store.agent(H, 'maija'))?.load.voice).toBe(0);
    expect(await router.reap(H)).toEqual([]);
  });

  it('keeps an offered contact out of its queue when the index is rebuilt around it', async () => {
    const q = queue();
    await store.putAgent(H, agent('maija'));
    const e = entry('offered', q);
    await router.contactWaiting(H, e, q, [q]);
    await store.enqueue(H, e);
    expect(await store.waitingCount(H, q.queueId, 'fi')).toBe(0);
    const accepted = await store.accept(H, 'offered', 'maija');
    expect(accepted?.contactId).toBe('offered');
    expect(await store.accept(H, 'offered', 'maija')).toBeUndefined();
  });

  it('refuses to put back a contact that an agent took, when the enqueue comes from an older read of the record', async () => {
    const q = queue();
    await store.putAgent(H, agent('maija', { capacity: { voice: 2, chat: 3, callback: 1 } }));
    const read = entry('taken', q, { version: 1 });
    await router.contactWaiting(H, read, q, [q]);
    await store.accept(H, 'taken', 'maija');
    await store.enqueue(H, read);
    expect(await store.waitingCount(H, q.queueId, 'fi')).toBe(0);
    // A newer version (say, transferred back to a queue) is a real return.
    await store.enqueue(H, { ...read, version: 5 });
    expect(await store.position(H, read)).toBe(1);
  });

  it('counts load from what the agent holds, so a second release of the same contact changes nothing', async () => {
    const q = queue();
    await store.putAgent(H, agent('maija', { capacity: { voice: 1, chat: 3, callback: 1 } }));
    await store.putAgent(H, agent('ville', { idleSince: T0 }));
    await router.contactWaiting(H, entry('first', q), q, [q]);
    await store.accept(H, 'first', 'maija');
    await router.contactWaiting(H, entry('second', q), q, [q]);
    expect(await store.held(H, 'maija')).toEqual([
      { contactId: 'first', channel: 'voice', offered: false, highRisk: false },
    ]);
    expect(await store.held(H, 'ville')).toEqual([
      { contactId: 'second', channel: 'voice', offered: true, highRisk: false },
    ]);
    await store.release(H, 'maija', 'first');
    await store.release(H, 'maija', 'first');
    await store.release(H, 'maija', 'second');
    expect((await store.agent(H, 'maija'))?.load.voice).toBe(0);
    expect((await store.agent(H, 'ville'))?.load.voice).toBe(1);
  });

  it('takes a waiting contact out of its queue only while nobody has claimed it', async () => {
    const q = queue();
    await router.contactWaiting(H, entry('overflowing', q), q, [q]);
    await store.putAgent(H, agent('maija'));
    const claimed = entry('claimed', q, { firstArrivedAt: T0 - SEC });
    await router.contactWaiting(H, claimed, q, [q]);
    expect(await store.unqueue(H, claimed)).toBe(false);
    expect(await store.unqueue(H, entry('overflowing', q))).toBe(true);
    expect(await store.waitingCount(H, q.queueId, 'fi')).toBe(0);
  });

  describe('with counsellor care (cap 1, override after 3 minutes)', () => {
    const care = { highRiskCap: 1, capOverrideAfterMs: 180 * SEC };
    let caring: Router;

    beforeEach(() => {
      caring = new Router(
        store,
        () => now,
        60 * SEC,
        () => Promise.resolve(care),
      );
    });

    it('offers an agent at the cap the normal caller, not the high-risk one ranked above', async () => {
      const q = queue({ requiredSkills: {} });
      await store.putAgent(H, agent('maija', { available: false, highRiskStreak: 1 }));
      await caring.contactWaiting(H, entry('danger', q, { priority: 'high', highRisk: true }), q, [q]);
      await caring.contactWaiting(H, entry('normal', q, { firstArrivedAt: T0 + SEC }), q, [q]);
      await store.putAgent(H, agent('maija', { highRiskStreak: 1 }));
      expect((await caring.agentAvailable(H, 'maija', [q]))?.contactId).toBe('normal');
    });

    it('gives a high-risk caller who waited past the override to the agent at the cap', async () => {
      const q = queue({ requiredSkills: {} });
      await store.putAgent(H, agent('maija', { highRiskStreak: 4 }));
      expect(await caring.contactWaiting(H, entry('danger', q, { highRisk: true }), q, [q])).toEqual([]);
      now = T0 + 179 * SEC;
      expect(await caring.agentAvailable(H, 'maija', [q])).toBeUndefined();
      now = T0 + 180 * SEC;
      expect((await caring.agentAvailable(H, 'maija', [q]))?.contactId).toBe('danger');
    });

    it('gives the high-risk caller to the agent under the cap when another is at it', async () => {
      const q = queue({ requiredSkills: {} });
      await store.putAgent(H, agent('tired', { highRiskStreak: 1, idleSince: T0 - 900 * SEC }));
      await store.putAgent(H, agent('fresh', { highRiskStreak: 0, idleSince: T0 - 10 * SEC }));
      const offers = await caring.contactWaiting(H, entry('danger', q, { highRisk: true }), q, [q]);
      expect(offers.map((o) => `${o.contactId}->${o.agentId}`)).toEqual(['danger->fresh']);
    });

    it('counts a high-risk offer still open towards the cap, so a chat agent is not offered two at once', async () => {
      const q = queue({ requiredSkills: {} });
      await store.putAgent(H, agent('chatter', { capacity: { voice: 0, chat: 3, callback: 0 } }));
      const [first] = await caring.contactWaiting(H, entry('danger-1', q, { channel: 'chat', highRisk: true }), q, [q]);
      expect(first?.agentId).toBe('chatter');
      expect(await store.held(H, 'chatter')).toEqual([
        { contactId: 'danger-1', channel: 'chat', offered: true, highRisk: true },
      ]);
      expect(await caring.contactWaiting(H, entry('danger-2', q, { channel: 'chat', highRisk: true }), q, [q])).toEqual(
        [],
      );
      const [normal] = await caring.contactWaiting(H, entry('normal', q, { channel: 'chat' }), q, [q]);
      expect(normal?.contactId).toBe('normal');
    });
  });
});

describe('the two stores', () => {
  it('make the same assignments for the same arrivals', async () => {
    const run = async (store: RoutingStore) => {
      let now = T0;
      const router = new Router(store, () => now, 60 * SEC);
      const qs = [
        queue(),
        queue({ queueId: 'q-other', requiredSkills: {}, strategy: 'least-occupied', languages: ['fi', 'en'] }),
      ];
      const log: string[] = [];
      for (let i = 0; i < 6; i++) {
        await store.putAgent(
          H,
          agent(`a${i}`, {
            languages: i % 2 ? ['fi', 'en'] : ['fi'],
            skills: { extortion: i * 2 },
            idleSince: T0 - i * SEC,
            capacity: { voice: 1, chat: 2, callback: 1 },
          }),
        );
      }
      for (let i = 0; i < 30; i++) {
        now = T0 + i * 3 * SEC;
        const q = qs[i % 2];
        const e = entry(`c${i}`, q, {
          language: i % 5 === 0 && q.queueId === 'q-other' ? 'en' : 'fi',
          priority: (['urgent', 'high', 'normal', 'low'] as const)[i % 4],
          channel: i % 3 ? 'chat' : 'voice',
          firstArrivedAt: now,
        });
        for (const offer of await router.contactWaiting(H, e, q, qs)) log.push(`${offer.contactId}->${offer.agentId}`);
        if (i % 4 === 3) {
          for (const offer of await router.reap(H)) log.push(`reaped ${offer.contactId}`);
        }
      }
      return log;
    };
    const inMemory = await run(new InMemoryRoutingStore());
    const onRedis = await run(new RedisRoutingStore(redis, new RedisKeys(`${prefix}-same`)));
    expect(inMemory.length).toBeGreaterThan(5);
    expect(onRedis).toEqual(inMemory);
  });
});
