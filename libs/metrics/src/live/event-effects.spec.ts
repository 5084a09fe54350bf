import type { DomainEvents } from '@tuki/contracts';
import { effectOf, type MetricEvent, type MetricEventType } from './event-effects';

const context = { targetAnswerSecondsOf: (queueId: string) => (queueId === 'q1' ? 20 : 60) };

function event<T extends MetricEventType>(type: T, payload: DomainEvents[T], seq = 1): MetricEvent {
  return { id: `e${seq}`, type, payload, occurredAt: 1_000_000, seq };
}

function changed(over: Partial<DomainEvents['contact.state-changed']>): MetricEvent {
  return event('contact.state-changed', {
    contactId: 'c1',
    queueId: 'q1',
    language: 'fi',
    channel: 'voice',
    from: 'queued',
    to: 'offered',
    change: 'offer',
    agentId: 'a1',
    reason: null,
    waitMs: null,
    quoteErrorMs: null,
    inStateMs: 0,
    ...over,
  });
}

describe('effectOf', () => {
  it('counts an arrival overall, in its queue and in its language, and records where the contact waits', () => {
    const effect = effectOf(
      event('contact.created', {
        contactId: 'c1',
        queueId: 'q1',
        channel: 'chat',
        language: 'sv',
        priority: 'normal',
        firstArrivedAt: 999_000,
        hasCallerKey: false,
        callerKey: null,
      }),
      context,
    );
    expect(effect).toEqual({
      entity: { kind: 'contact', id: 'c1', fields: { q: 'q1', l: 'sv', ch: 'chat', fa: '999000', s: 'queued' } },
      counters: { 'all|arrivals': 1, 'q:q1|arrivals': 1, 'l:sv|arrivals': 1 },
    });
  });

  it('counts an answer with its wait, within the target of its own queue (20 s in q1, 60 s in q2)', () => {
    const answer = { from: 'offered', to: 'connected', change: 'accept', waitMs: 30_000, quoteErrorMs: -4_000 };
    const inQ1 = effectOf(changed(answer), context).counters;
    expect(inQ1).toMatchObject({
      'all|answered': 1,
      'all|answeredWaitMs': 30_000,
      'all|offersAccepted': 1,
      'all|estimates': 1,
      'all|estimateErrorMs': -4_000,
      'all|estimateAbsErrorMs': 4_000,
      'l:fi|answered': 1,
    });
    expect(inQ1['all|answeredWithinTarget']).toBeUndefined();
    const inQ2 = effectOf(changed({ ...answer, queueId: 'q2' }), context).counters;
    expect(inQ2).toMatchObject({ 'all|answeredWithinTarget': 1, 'q:q2|answeredWithinTarget': 1 });
  });

  it('does not count a callback call as an answered caller (the caller was not waiting on the line)', () => {
    const counters = effectOf(
      changed({ from: 'offered', to: 'connected', change: 'accept', channel: 'callback', waitMs: 1000 }),
      context,
    ).counters;
    expect(counters['all|answered']).toBeUndefined();
    expect(counters['all|offersAccepted']).toBe(1);
  });

  it('keeps short abandons apart from abandons, and counts abandons within target for the second formula', () => {
    const short = effectOf(
      changed({ from: 'queued', to: 'abandoned', change: 'abandon', reason: 'short-abandon', waitMs: 3000 }),
      context,
    ).counters;
    expect(short).toEqual({ 'all|shortAbandons': 1, 'q:q1|shortAbandons': 1, 'l:fi|shortAbandons': 1 });
    const early = effectOf(changed({ from: 'offered', to: 'abandoned', change: 'abandon', waitMs: 15_000 }), context);
    expect(early.counters).toMatchObject({
      'all|abandoned': 1,
      'all|abandonedWaitMs': 15_000,
      'all|abandonedWithinTarget': 1,
    });
    const late = effectOf(changed({ from: 'queued', to: 'abandoned', change: 'abandon', waitMs: 25_000 }), context);
    expect(late.counters['all|abandonedWithinTarget']).toBeUndefined();
    // Hanging up during the conversation is not an abandon: the caller was answered.
    const hungUp = effectOf(
      changed({ from: 'connected', to: 'wrap-up', change: 'abandon', inStateMs: 60_000 }),
      context,
    );
    expect(hungUp.counters).toEqual({ 'all|talkMs': 60_000, 'q:q1|talkMs': 60_000, 'l:fi|talkMs': 60_000 });
  });

  it('adds talk and wrap-up time to handle time and counts the contact handled when wrap-up ends', () => {
    const talk = effectOf(
      changed({ from: 'connected', to: 'wrap-up', change: 'end-conversation', inStateMs: 400_000 }),
      context,
    );
    const wrap = effectOf(
      changed({ from: 'wrap-up', to: 'completed', change: 'finish-wrap-up', inStateMs: 80_000 }),
      context,
    );
    expect(talk.counters['all|talkMs']).toBe(400_000);
    expect(wrap.counters).toMatchObject({ 'all|wrapMs': 80_000, 'all|handled': 1 });
  });

  it('counts declined and timed-out offers', () => {
    expect(effectOf(changed({ from: 'offered', to: 'queued', change: 'decline' }), context).counters).toMatchObject({
      'all|offersDeclined': 1,
    });
    expect(
      effectOf(changed({ from: 'offered', to: 'queued', change: 'offer-timeout' }), context).counters,
    ).toMatchObject({ 'all|offersTimedOut': 1 });
  });

  it('follows a callback through requested, due, overdue, calling and closed; a merged request adds nothing', () => {
    const requested = effectOf(
      event('callback.requested', {
        callbackId: 'b1',
        queueId: 'q1',
        source: 'web',
        merged: false,
        promisedBy: 5000,
        notBefore: 0,
        deadline: 9000,
      }),
      context,
    );
    expect(requested).toEqual({
      entity: { kind: 'callback', id: 'b1', fields: { q: 'q1', st: 'pending', pb: '5000' } },
      counters: { 'all|callbacksRequested': 1, 'q:q1|callbacksRequested': 1 },
    });
    const merged = effectOf(
      event('callback.requested', {
        callbackId: 'b1',
        queueId: 'q1',
        source: 'web',
        merged: true,
        promisedBy: 5000,
        notBefore: 0,
        deadline: 9000,
      }),
      context,
    );
    expect(merged).toEqual({ counters: {} });
    expect(
      effectOf(
        event('callback.overdue', { callbackId: 'b1', queueId: 'q1', promisedBy: 5000, priority: 'high' }),
        context,
      ).entity?.fields,
    ).toEqual({ q: 'q1', od: '1', pb: '5000' });
    const retry = effectOf(
      event('callback.attempt-ended', {
        callbackId: 'b1',
        queueId: 'q1',
        attempt: 1,
        agentId: 'a1',
        outcome: 'no-answer',
        nextAttemptAt: 7000,
      }),
      context,
    );
    expect(retry.entity?.fields.st).toBe('pending');
    const expired = effectOf(
      event('callback.expired', { callbackId: 'b1', queueId: 'q1', attempts: 3, reason: 'attempts' }),
      context,
    );
    expect(expired).toEqual({
      entity: { kind: 'callback', id: 'b1', fields: { q: 'q1', st: 'closed' } },
      counters: { 'all|callbacksExpired': 1, 'q:q1|callbacksExpired': 1 },
    });
  });

  it('records an agent state with its languages and the moment it began', () => {
    const effect = effectOf(
      event('agent.state-changed', {
        agentId: 'a1',
        from: 'available',
        to: 'away',
        reason: 'break',
        languages: ['fi', 'sv'],
      }),
      context,
    );
    expect(effect.entity).toEqual({
      kind: 'agent',
      id: 'a1',
      fields: { s: 'away', ar: 'break', ls: 'fi,sv', since: '1000000' },
    });
  });

  it('counts an event stored before events carried the language overall and per queue only', () => {
    const old = changed({ from: 'offered', to: 'connected', change: 'accept', waitMs: 1000 });
    delete (old.payload as Partial<DomainEvents['contact.state-changed']>).language;
    const counters = effectOf(old, context).counters;
    expect(Object.keys(counters).some((key) => key.startsWith('l:'))).toBe(false);
    expect(counters['q:q1|answered']).toBe(1);
  });
});
