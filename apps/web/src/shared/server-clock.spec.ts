import { describe, expect, it } from '@jest/globals';
import { ServerClock } from './server-clock';

describe('ServerClock countdowns', () => {
  it('counts down to a deadline on the server’s clock, not the laptop’s', () => {
    let pageNow = 100_000;
    const clock = new ServerClock(() => pageNow);
    // The server is 4 s ahead of this laptop.
    clock.observe(104_000);
    expect(clock.secondsUntil(114_000)).toBe(10);
    pageNow = 109_900;
    expect(clock.secondsUntil(114_000)).toBe(1);
    pageNow = 120_000;
    expect(clock.secondsUntil(114_000)).toBe(0);
  });

  it('recomputes from the deadline, so a throttled tab that wakes late shows the right time at once', () => {
    let pageNow = 50_000;
    const clock = new ServerClock(() => pageNow);
    clock.observe(50_000);
    expect(clock.secondsUntil(80_000)).toBe(30);
    pageNow = 75_000;
    expect(clock.secondsUntil(80_000)).toBe(5);
  });
});
