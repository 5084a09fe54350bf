import { PeriodRangeError, periodsBetween } from './periods';

describe('periodsBetween', () => {
  it('lists whole ISO weeks across a year end (2026 has 53 weeks)', () => {
    expect(periodsBetween('2026-W52', '2027-W02', 'week')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
  });

  it('lists whole months', () => {
    expect(periodsBetween('2026-03', '2026-05', 'month')).toEqual(['2026-03', '2026-04', '2026-05']);
  });

  it('refuses months on a helpline that counts by weeks, and weeks on one that counts by months', () => {
    expect(() => periodsBetween('2026-03', '2026-05', 'week')).toThrow(
      "from: this helpline's statistics are by ISO week (2026-W10); 2026-03 is a month, and the two are never mixed",
    );
    expect(() => periodsBetween('2026-W10', '2026-W22', 'month')).toThrow(/statistics are by month/);
  });

  it('refuses periods that do not exist, reversed ranges and ranges too long', () => {
    expect(() => periodsBetween('2025-W53', '2025-W53', 'week')).toThrow('from: 2025-W53 does not exist');
    expect(() => periodsBetween('2026-13', '2026-13', 'month')).toThrow(PeriodRangeError);
    expect(() => periodsBetween('2026-05', '2026-03', 'month')).toThrow('from (2026-05) is after to (2026-03)');
    expect(() => periodsBetween('2020-01', '2026-12', 'month')).toThrow('at most 60 periods in one export');
    expect(() => periodsBetween('March', '2026-03', 'month')).toThrow('from must be a month such as 2026-03');
  });
});
