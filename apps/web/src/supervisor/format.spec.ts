import { describe, expect, it } from '@jest/globals';
import { NO_FIGURE, ServerClock, formatClock, formatDuration, formatPercent, formatRate, secondsSince } from './format';

describe('dashboard figures as words', () => {
  it('reads waits in seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59.9)).toBe('59 s');
    expect(formatDuration(245)).toBe('4 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe(NO_FIGURE);
  });

  it('shows a dash, never 0 %, when there is nothing to divide by', () => {
    expect(formatPercent(null)).toBe(NO_FIGURE);
    expect(formatPercent(0.8)).toBe('80 %');
    expect(formatPercent(0.0425, 1)).toBe('4.3 %');
    expect(formatRate(2)).toBe('2');
    expect(formatRate(2.04)).toBe('2');
    expect(formatRate(2.06)).toBe('2.1');
    expect(formatRate(undefined)).toBe(NO_FIGURE);
  });

  it('tells the time in the helpline’s zone, whatever the computer’s', () => {
    // 12:05 UTC in November is 14:05 in Helsinki.
    expect(formatClock(Date.UTC(2023, 10, 14, 12, 5, 9), 'Europe/Helsinki')).toBe('14:05');
    expect(formatClock(Date.UTC(2023, 10, 14, 12, 5, 9), 'Europe/Helsinki', true)).toBe('14:05:09');
  });

  it('counts a wait up by the server’s clock even when the page’s clock is two minutes fast', () => {
    let pageNow = 1_000_000 + 120_000;
    const clock = new ServerClock(() => pageNow);
    clock.observe(1_000_000);
    pageNow += 5_000;
    expect(clock.nowMs()).toBe(1_005_000);
    // A caller waiting since 30 s before the snapshot has waited 35 s now.
    expect(secondsSince(970_000, clock.nowMs())).toBe(35);
    expect(secondsSince(null, clock.nowMs())).toBeNull();
  });

  it('keeps the best estimate when a snapshot built seconds earlier arrives, and forgets it after a minute', () => {
    let pageNow = 5_000_000;
    const clock = new ServerClock(() => pageNow);
    clock.observe(5_000_000);
    // A resync's answer built two seconds before it arrived must not set the waits back.
    pageNow += 1000;
    clock.observe(4_999_000);
    expect(clock.nowMs()).toBe(5_001_000);
    // A minute later only the recent observation counts (the computer's clock may have been corrected).
    pageNow += 61_000;
    clock.observe(5_058_000);
    expect(clock.nowMs()).toBe(5_058_000);
  });
});
