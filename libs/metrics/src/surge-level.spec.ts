import { levelForRatio, nextLevel, surgeLevel, surgeRatio, type SurgeLevel } from './surge-level';

const PER_HOUR = 1 / 3600;

describe('surgeLevel', () => {
  it('reads 72 contacts an hour against a usual 36 as elevated (2×)', () => {
    expect(surgeRatio({ arrivalRate: 72 * PER_HOUR, baseline: 36 * PER_HOUR })).toBeCloseTo(2, 12);
    expect(surgeLevel({ arrivalRate: 72 * PER_HOUR, baseline: 36 * PER_HOUR })).toBe('elevated');
  });

  it('enters each level exactly at its threshold: 1.5×, 3× and 6×', () => {
    expect(levelForRatio(1.49)).toBe('normal');
    expect(levelForRatio(1.5)).toBe('elevated');
    expect(levelForRatio(3)).toBe('surge');
    expect(levelForRatio(6)).toBe('critical');
    expect(levelForRatio(40)).toBe('critical');
  });

  it('measures a quiet night against the floor: 2 contacts in 15 min on a usual ~0 is 2×, elevated', () => {
    // The floor is one contact per 15 minutes, so 2 in 15 minutes is twice it, not infinitely many times 0.
    const twoIn15Minutes = 2 / 900;
    expect(surgeRatio({ arrivalRate: twoIn15Minutes, baseline: 0 })).toBeCloseTo(2, 12);
    expect(surgeLevel({ arrivalRate: twoIn15Minutes, baseline: 0.1 * PER_HOUR })).toBe('elevated');
    expect(surgeLevel({ arrivalRate: 0, baseline: 0 })).toBe('normal');
  });

  it('takes a helpline’s own thresholds and floor', () => {
    const thresholds = { elevated: 1.2, surge: 2, critical: 4 };
    expect(surgeLevel({ arrivalRate: 25 * PER_HOUR, baseline: 20 * PER_HOUR, thresholds })).toBe('elevated');
    expect(surgeLevel({ arrivalRate: 14 * PER_HOUR, baseline: 0, minimumBaseline: 2 * PER_HOUR })).toBe('critical'); // 7×
  });

  it('rejects thresholds out of order and negative rates', () => {
    expect(() => levelForRatio(2, { elevated: 3, surge: 2, critical: 6 })).toThrow(RangeError);
    expect(() => surgeRatio({ arrivalRate: -1, baseline: 1 })).toThrow(RangeError);
    expect(() => surgeRatio({ arrivalRate: 1, baseline: 1, minimumBaseline: 0 })).toThrow(RangeError);
  });
});

describe('nextLevel', () => {
  it('rises at once, however far', () => {
    expect(nextLevel('normal', 'critical', 7)).toBe('critical');
    expect(nextLevel('elevated', 'surge', 3)).toBe('surge');
  });

  it('holds surge (3×) until the ratio is under 2.7, then drops to elevated', () => {
    expect(nextLevel('surge', 'elevated', 2.8)).toBe('surge');
    expect(nextLevel('surge', 'elevated', 2.71)).toBe('surge');
    expect(nextLevel('surge', 'elevated', 2.6)).toBe('elevated');
  });

  it('drops from critical only as far as the hysteresis allows: 5.5 stays, 2.8 holds surge, 1.0 is normal', () => {
    expect(nextLevel('critical', 'surge', 5.5)).toBe('critical'); // 6 × 0.9 = 5.4
    expect(nextLevel('critical', 'elevated', 2.8)).toBe('surge'); // 3 × 0.9 = 2.7
    expect(nextLevel('critical', 'normal', 1.0)).toBe('normal'); // under 1.5 × 0.9 = 1.35
  });

  it('holds elevated (1.5×) down to 1.35', () => {
    expect(nextLevel('elevated', 'normal', 1.4)).toBe('elevated');
    expect(nextLevel('elevated', 'normal', 1.3)).toBe('normal');
  });

  it('keeps a rate hovering around 3× at surge instead of flapping every interval', () => {
    const ratios = [3.1, 2.9, 3.05, 2.95, 2.75, 2.6, 1.2];
    const raw = ratios.map((ratio) => levelForRatio(ratio));
    expect(raw).toEqual(['surge', 'elevated', 'surge', 'elevated', 'elevated', 'elevated', 'normal']);
    let shown: SurgeLevel = 'normal';
    const held = ratios.map((ratio) => (shown = nextLevel(shown, levelForRatio(ratio), ratio)));
    expect(held).toEqual(['surge', 'surge', 'surge', 'surge', 'surge', 'elevated', 'normal']);
  });

  it('applies the hysteresis to a helpline’s own thresholds', () => {
    const thresholds = { elevated: 2, surge: 4, critical: 8 };
    expect(nextLevel('surge', 'elevated', 3.7, thresholds)).toBe('surge'); // 4 × 0.9 = 3.6
    expect(nextLevel('surge', 'elevated', 3.5, thresholds)).toBe('elevated');
  });
});
