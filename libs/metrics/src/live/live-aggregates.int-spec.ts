import { Redis } from 'ioredis';
import type { DomainEvents } from '@tuki/contracts';
import { RedisKeys } from '@tuki/platform';
import { FixedClock, TEST_REDIS_URL } from '@tuki/testing';
import { effectOf, type MetricEvent, type MetricEventType } from './event-effects';
import { LiveAggregates } from './live-aggregates';
import { SeededRandom } from '../seeded-random';

const HELPLINE = 'h1';
const DAY = '2026-11-29';
const context = { targetAnswerSecondsOf: () => 20 };

/**
 * A morning in the life of a helpline, as its events: three callers (one answered and handled, one giving up, one
 * still waiting after an overflow), a callback that is requested, comes due, is overdue and stays open, another that
 * completes, and an agent who signs in, takes a call and goes on a break.
 */
function morning(start: number): MetricEvent[] {
  const events: MetricEvent[] = [];
  const add = <T extends MetricEventType>(type: T, payload: DomainEvents[T]) =>
    events.push({
      id: `e${events.length + 1}`,
      type,
      payload,
      occurredAt: start + events.length * 1000,
      seq: events.length + 1,
    });
  const created = (contactId: string, queueId: string, language: string, firstArrivedAt: number) =>
    add('contact.created', {
      contactId,
      queueId,
      language,
      channel: 'voice',
      priority: 'normal',
      firstArrivedAt,
      hasCallerKey: false,
      callerKey: null,
    });
  const changed = (contactId: string, from: string, to: string, change: string, extra = {}) =>
    add('contact.state-changed', {
      contactId,
      queueId: contactId === 'c3' ? 'q2' : 'q1',
      language: contactId === 'c2' ? 'sv' : 'fi',
      channel: 'voice',
      from,
      to,
      change,
      agentId: 'a1',
      reason: null,
      waitMs: null,
      quoteErrorMs: null,
      inStateMs: 0,
      ...extra,
    });
  add('agent.state-changed', { agentId: 'a1', from: 'offline', to: 'available', reason: null, languages: ['fi'] });
  created('c1', 'q1', 'fi', start + 1000);
  created('c2', 'q1', 'sv', start + 2000);
  created('c3', 'q1', 'fi', start + 3000);
  changed('c1', 'queued', 'offered', 'offer');
  changed('c1', 'offered', 'connected', 'accept', { waitMs: 4000 });
  add('agent.state-changed', { agentId: 'a1', from: 'available', to: 'busy', reason: null, languages: ['fi'] });
  add('contact.moved', { contactId: 'c3', fromQueueId: 'q1', toQueueId: 'q2', change: 'overflow' });
  changed('c2', 'queued', 'abandoned', 'abandon', { waitMs: 30_000 });
  changed('c1', 'connected', 'wrap-up', 'end-conversation', { inStateMs: 300_000 });
  changed('c1', 'wrap-up', 'completed', 'finish-wrap-up', { inStateMs: 60_000 });
  add('agent.state-changed', { agentId: 'a1', from: 'busy', to: 'away', reason: 'break', languages: ['fi'] });
  const requested = (callbackId: string) =>
    add('callback.requested', {
      callbackId,
      queueId: 'q1',
      source: 'web',
      merged: false,
      promisedBy: start + 60_000,
      notBefore: start,
      deadline: start + 86_400_000,
    });
  requested('b1');
  requested('b2');
  add('callback.due', { callbackId: 'b1', queueId: 'q1', attempt: 1 });
  add('callback.due', { callbackId: 'b2', queueId: 'q1', attempt: 1 });
  add('callback.overdue', { callbackId: 'b1', queueId: 'q1', promisedBy: start + 60_000, priority: 'high' });
  add('callback.attempt-started', { callbackId: 'b2', queueId: 'q1', attempt: 1, agentId: 'a1' });
  add('callback.completed', { callbackId: 'b2', queueId: 'q1', attempts: 1, timeToCallbackMs: 20_000 });
  return events;
}

describe('LiveAggregates (Redis)', () => {
  const clock = new FixedClock(new Date('2026-11-29T09:10:00Z'));
  const start = new Date('2026-11-29T09:00:00Z').getTime();
  let redis: Redis;
  const prefixes: string[] = [];

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`{${prefix}}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  function aggregates(): LiveAggregates {
    const prefix = `metrics_int_${process.pid}_${prefixes.length}`;
    prefixes.push(prefix);
    return new LiveAggregates(redis, new RedisKeys(prefix), clock);
  }

  async function fold(target: LiveAggregates, events: MetricEvent[]): Promise<void> {
    for (const event of events) await target.apply(HELPLINE, event, effectOf(event, context), DAY);
  }

  const read = (target: LiveAggregates) =>
    target.read(HELPLINE, { queues: ['q1', 'q2'], languages: ['fi', 'sv'] }, DAY);

  it('folds a morning into the figures worked out by hand', async () => {
    const target = aggregates();
    await fold(target, morning(start));
    const reading = await read(target);
    expect(reading.waiting).toEqual({
      all: { count: 1, oldest: start + 3000 },
      'q:q1': { count: 0, oldest: null },
      'q:q2': { count: 1, oldest: start + 3000 },
      'l:fi': { count: 1, oldest: start + 3000 },
      'l:sv': { count: 0, oldest: null },
    });
    expect(reading.callbacks.all).toEqual({ pending: 0, due: 1, overdue: 1 });
    expect(reading.callbacks['q:q1']).toEqual({ pending: 0, due: 1, overdue: 1 });
    expect(reading.agents.all).toEqual({ available: 0, busy: 0, 'wrap-up': 0, away: 1 });
    expect(reading.agents['l:fi'].away).toBe(1);
    expect(reading.board).toEqual([
      { agentId: 'a1', state: 'away', since: expect.any(Number), awayReason: 'break', languages: ['fi'] },
    ]);
    expect(reading.overdue).toEqual([{ callbackId: 'b1', queueId: 'q1', promisedBy: start + 60_000 }]);
    expect(reading.today).toMatchObject({
      'all|arrivals': '3',
      'all|answered': '1',
      'all|answeredWithinTarget': '1',
      'all|abandoned': '1',
      'l:sv|abandoned': '1',
      'all|talkMs': '300000',
      'all|wrapMs': '60000',
      'all|handled': '1',
      'all|callbacksRequested': '2',
      'all|callbacksCompleted': '1',
    });
  });

  it('ends in the same state whatever order the events come in, and however often', async () => {
    const inOrder = aggregates();
    await fold(inOrder, morning(start));
    const expected = await read(inOrder);
    const random = SeededRandom.fromSeed(7);
    for (let round = 0; round < 5; round++) {
      const events = morning(start);
      // Every event at least once, a third of them twice, in a shuffled order.
      const deliveries = [...events, ...events.filter(() => random.next() < 1 / 3)];
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
      }
      const shuffled = aggregates();
      await fold(shuffled, deliveries);
      expect(await read(shuffled)).toEqual(expected);
    }
  });

  it('reports an event it has seen before as not applied, and changes nothing', async () => {
    const target = aggregates();
    const [first] = morning(start);
    expect(await target.apply(HELPLINE, first, effectOf(first, context), DAY)).toBe(true);
    const version = await target.versionOf(HELPLINE);
    const created = morning(start)[1];
    expect(await target.apply(HELPLINE, created, effectOf(created, context), DAY)).toBe(true);
    expect(await target.apply(HELPLINE, created, effectOf(created, context), DAY)).toBe(false);
    expect(Number(await target.versionOf(HELPLINE))).toBe(Number(version) + 1);
    expect((await read(target)).today['all|arrivals']).toBe('1');
  });
});
