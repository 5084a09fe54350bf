import { zeroCounts } from './counters';
import { arrivalsPerMinute, windowFigures } from './window-figures';

describe('windowFigures', () => {
  it('computes the figures of a hand-worked window', () => {
    // 10 answered (8 within target, waits summing 150 s), 4 abandoned (1 within target), 2 short abandons,
    // 9 handled with 45 min of talk and 9 min of wrap-up, 3 estimates off by +30, -10, +40 s.
    const figures = windowFigures({
      ...zeroCounts(),
      arrivals: 16,
      answered: 10,
      answeredWithinTarget: 8,
      answeredWaitMs: 150_000,
      abandoned: 4,
      abandonedWithinTarget: 1,
      shortAbandons: 2,
      handled: 9,
      talkMs: 45 * 60_000,
      wrapMs: 9 * 60_000,
      estimates: 3,
      estimateErrorMs: 60_000,
      estimateAbsErrorMs: 80_000,
    });
    expect(figures.asaSeconds).toBe(15);
    expect(figures.serviceLevel.answeredOnly).toBe(0.8);
    expect(figures.serviceLevel.withAbandons).toBeCloseTo(9 / 14, 12);
    expect(figures.abandonmentRate).toBeCloseTo(4 / 14, 12);
    expect(figures.ahtSeconds).toBe(360);
    expect(figures.estimateError).toEqual({ count: 3, meanSeconds: 20, meanAbsoluteSeconds: 80 / 3 });
    expect(figures.shortAbandons).toBe(2);
  });

  it('gives null, never 0 or NaN, where there is nothing to divide by', () => {
    const figures = windowFigures(zeroCounts());
    expect(figures.asaSeconds).toBeNull();
    expect(figures.serviceLevel).toEqual({ answeredOnly: null, withAbandons: null });
    expect(figures.abandonmentRate).toBeNull();
    expect(figures.ahtSeconds).toBeNull();
    expect(figures.estimateError.meanSeconds).toBeNull();
  });
});

describe('arrivalsPerMinute', () => {
  const minutes = (counts: number[]) => counts.map((n) => ({ 'all|arrivals': String(n), 'q:x|arrivals': '1' }));

  it('pro-rates the minute that the window only partly covers', () => {
    // 16 buckets, the last is the current minute, 15 s (a quarter) into it.
    const buckets = minutes([8, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6, 2]);
    const now = 60_000 * 1000 + 15_000;
    const rates = arrivalsPerMinute(buckets, 'all', now);
    // last 1: 2 now + 3/4 of the 6 before = 6.5 a minute.
    expect(rates.last1).toBeCloseTo(6.5, 12);
    // last 5: 2 + 6 + 4 + 4 + 4 + 3/4 of 4 = 23 over 5 minutes.
    expect(rates.last5).toBeCloseTo(23 / 5, 12);
    // last 15: 2 + 6 + 13 x 4 + 3/4 of 8 = 66 over 15 minutes.
    expect(rates.last15).toBeCloseTo(66 / 15, 12);
  });

  it('reads each scope on its own, and empty buckets as no arrivals', () => {
    // One arrival a minute, half way through the current minute: 1 + 14 + half of the oldest over 15 minutes.
    expect(arrivalsPerMinute(minutes(new Array(16).fill(0)), 'q:x', 60_000 * 5 + 30_000).last15).toBeCloseTo(
      15.5 / 15,
      12,
    );
    expect(arrivalsPerMinute([{}, {}], 'all', 0)).toEqual({ last1: 0, last5: 0, last15: 0 });
  });
});
