import { describe, expect, it } from '@jest/globals';
import { isoWeekOf, periodOf } from './periods';

describe('statistics periods', () => {
  it('puts the first days of January in the last ISO week of the year before when the Thursday says so', () => {
    expect(isoWeekOf(new Date(Date.UTC(2027, 0, 1)))).toBe('2026-W53');
    expect(isoWeekOf(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-W01');
    expect(isoWeekOf(new Date(Date.UTC(2024, 11, 30)))).toBe('2025-W01');
  });

  it('names a March day by its week on a weekly helpline and by its month on a monthly one', () => {
    const day = new Date(Date.UTC(2026, 2, 10));
    expect(periodOf(day, 'week')).toBe('2026-W11');
    expect(periodOf(day, 'month')).toBe('2026-03');
  });
});
