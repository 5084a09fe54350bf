import { describe, expect, it } from '@jest/globals';
import type { ScopeFigures, SupervisorSnapshot, WindowFigures } from '@tuki/contracts';
import { LiveFeed } from './snapshot-state';

const window: WindowFigures = {
  arrivals: 0,
  answered: 0,
  answeredWithinTarget: 0,
  abandoned: 0,
  shortAbandons: 0,
  abandonedWithinTarget: 0,
  asaSeconds: null,
  serviceLevel: { answeredOnly: null, withAbandons: null },
  abandonmentRate: null,
  handled: 0,
  ahtSeconds: null,
  offers: { made: 0, accepted: 0, declined: 0, timedOut: 0 },
  estimateError: { count: 0, meanSeconds: null, meanAbsoluteSeconds: null },
  callbacks: { requested: 0, completed: 0, expired: 0 },
};

const overall = (waiting: number): ScopeFigures => ({
  key: 'overall',
  kind: 'overall',
  id: 'all',
  label: 'All',
  waiting,
  oldestWaitingSince: null,
  callbacks: { pending: 0, due: 0, overdue: 0 },
  arrivalsPerMinute: { last1: 0, last5: 0, last15: 0 },
  windows: { rolling15: window, today: window },
});

const snapshot = (waiting: number): SupervisorSnapshot => ({
  helplineId: 'h1',
  generatedAt: 1_700_000_000_000,
  timeZone: 'Europe/Helsinki',
  day: '2023-11-14',
  complete: true,
  overall: overall(waiting),
  queues: [],
  languages: [],
  staffing: [],
  agents: [],
  overdueCallbacks: [],
  alerts: [],
  helpRequests: [],
  chart: [],
});

function feedAt(seq: number, waiting = 0) {
  const resyncs: number[] = [];
  const feed = new LiveFeed(() => resyncs.push(feed.lastSeq));
  feed.onSnapshot({ seq, parts: snapshot(waiting) });
  return { feed, resyncs };
}

describe('the dashboard’s live snapshot', () => {
  it('applies a change numbered right after the last message, keeping the parts it does not carry', () => {
    const { feed, resyncs } = feedAt(4);
    const outcome = feed.onChanged({ seq: 5, parts: { overall: overall(3), generatedAt: 1_700_000_000_100 } });
    expect(outcome).toBe('applied');
    expect(feed.current?.overall.waiting).toBe(3);
    expect(feed.current?.generatedAt).toBe(1_700_000_000_100);
    expect(feed.current?.timeZone).toBe('Europe/Helsinki');
    expect(feed.changedParts).toEqual(['overall', 'generatedAt']);
    expect(feed.lastSeq).toBe(5);
    expect(resyncs).toEqual([]);
  });

  it('asks for a whole snapshot when a change skips a number, and shows nothing of the changes until it comes', () => {
    const { feed, resyncs } = feedAt(4, 1);
    expect(feed.onChanged({ seq: 6, parts: { overall: overall(9) } })).toBe('resync');
    expect(resyncs).toEqual([4]);
    // Changes still in flight are relative to messages the page never applied.
    expect(feed.onChanged({ seq: 7, parts: { overall: overall(8) } })).toBe('ignored');
    expect(feed.current?.overall.waiting).toBe(1);
    expect(feed.onSnapshot({ seq: 7, parts: snapshot(8) })).toBe('applied');
    expect(feed.onChanged({ seq: 8, parts: { overall: overall(7) } })).toBe('applied');
    expect(feed.current?.overall.waiting).toBe(7);
    expect(resyncs).toEqual([4]);
  });

  it('drops a repeated or late change without asking for anything', () => {
    const { feed, resyncs } = feedAt(4, 2);
    expect(feed.onChanged({ seq: 4, parts: { overall: overall(5) } })).toBe('ignored');
    expect(feed.onChanged({ seq: 2, parts: { overall: overall(5) } })).toBe('ignored');
    expect(feed.current?.overall.waiting).toBe(2);
    expect(resyncs).toEqual([]);
  });

  it('asks for a snapshot when a change comes before any snapshot', () => {
    const resyncs: number[] = [];
    const feed = new LiveFeed(() => resyncs.push(1));
    expect(feed.onChanged({ seq: 1, parts: { overall: overall(1) } })).toBe('resync');
    expect(feed.current).toBeUndefined();
    expect(resyncs).toEqual([1]);
  });

  it('takes a new connection’s snapshot even when its number is lower than the old connection’s', () => {
    const { feed } = feedAt(900, 4);
    expect(feed.onSnapshot({ seq: 1, parts: snapshot(6) })).toBe('applied');
    expect(feed.onChanged({ seq: 2, parts: { overall: overall(5) } })).toBe('applied');
    expect(feed.current?.overall.waiting).toBe(5);
  });

  it('refuses a snapshot that lacks a part and asks again', () => {
    const resyncs: number[] = [];
    const feed = new LiveFeed(() => resyncs.push(1));
    const { chart: _chart, ...partial } = snapshot(1);
    expect(feed.onSnapshot({ seq: 3, parts: partial })).toBe('resync');
    expect(feed.current).toBeUndefined();
    expect(resyncs).toEqual([1]);
  });

  it('asks again after a resync that never answered', () => {
    const { feed, resyncs } = feedAt(4);
    feed.onChanged({ seq: 9, parts: { overall: overall(1) } });
    feed.resyncFailed();
    expect(feed.onChanged({ seq: 10, parts: { overall: overall(1) } })).toBe('resync');
    expect(resyncs).toEqual([4, 4]);
  });

  it('refuses a change that names another helpline', () => {
    const { feed, resyncs } = feedAt(4, 1);
    expect(feed.onChanged({ seq: 5, parts: { helplineId: 'h2', overall: overall(3) } })).toBe('resync');
    expect(feed.current?.overall.waiting).toBe(1);
    expect(resyncs).toEqual([4]);
  });
});
