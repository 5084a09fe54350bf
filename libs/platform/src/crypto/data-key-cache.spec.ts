import { Clock } from '../clock/clock';
import { DataKeyCache } from './data-key-cache';

class MovableClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

describe('DataKeyCache', () => {
  const key = Buffer.alloc(32, 1);

  it('forgets a key after its time to live', () => {
    const clock = new MovableClock(Date.UTC(2026, 10, 29, 10));
    const cache = new DataKeyCache(clock, 60_000);
    cache.set('h1', 'dk1', key);

    clock.ms += 59_999;
    expect(cache.get('h1', 'dk1')?.equals(key)).toBe(true);
    clock.ms += 1;
    expect(cache.get('h1', 'dk1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used key when full', () => {
    const cache = new DataKeyCache(new MovableClock(0), 60_000, 2);
    cache.set('h1', 'a', key);
    cache.set('h1', 'b', key);
    cache.get('h1', 'a');
    cache.set('h1', 'c', key);

    expect(cache.get('h1', 'b')).toBeUndefined();
    expect(cache.get('h1', 'a')).toBeDefined();
    expect(cache.get('h1', 'c')).toBeDefined();
  });

  it('misses for another helpline asking for the same id', () => {
    const cache = new DataKeyCache(new MovableClock(0));
    cache.set('h1', 'dk1', key);

    expect(cache.get('h2', 'dk1')).toBeUndefined();
  });

  it('hands out copies, so a caller wiping its key does not wipe the cache', () => {
    const cache = new DataKeyCache(new MovableClock(0));
    cache.set('h1', 'dk1', key);
    cache.get('h1', 'dk1')!.fill(0);

    expect(cache.get('h1', 'dk1')?.equals(key)).toBe(true);
  });
});
