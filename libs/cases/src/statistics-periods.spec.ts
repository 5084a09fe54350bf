import { statisticsPeriodsOf, waitBandOf } from './statistics-periods';

describe('statistics periods', () => {
  it('puts a late-Sunday contact in Helsinki in that ISO week, though UTC is still Sunday too', () => {
    // 2026-12-06 is a Sunday; 23:30 in Helsinki is 21:30 UTC.
    const periods = statisticsPeriodsOf(Date.parse('2026-12-06T21:30:00Z'), 'Europe/Helsinki');
    expect(periods).toMatchObject({ day: '2026-12-06', isoWeek: '2026-W49', month: '2026-12' });
    expect(periods.weekEndsAt).toBe(Date.parse('2026-12-06T22:00:00Z'));
  });

  it('counts the local day, not the UTC one, just after local midnight', () => {
    const periods = statisticsPeriodsOf(Date.parse('2026-11-30T22:30:00Z'), 'Europe/Helsinki');
    expect(periods).toMatchObject({ day: '2026-12-01', month: '2026-12', isoWeek: '2026-W49' });
    expect(periods.monthEndsAt).toBe(Date.parse('2026-12-31T22:00:00Z'));
  });

  it('uses the ISO week-year at the turn of the year', () => {
    expect(statisticsPeriodsOf(Date.parse('2027-01-01T10:00:00Z'), 'Europe/Helsinki').isoWeek).toBe('2026-W53');
  });

  it('ends a week across the spring daylight-saving change at local midnight', () => {
    const periods = statisticsPeriodsOf(Date.parse('2027-03-25T10:00:00Z'), 'Europe/Helsinki');
    // Monday 2027-03-29 00:00 EEST (UTC+3) after the change on Sunday the 28th.
    expect(periods.weekEndsAt).toBe(Date.parse('2027-03-28T21:00:00Z'));
  });

  it('bands waits and keeps callbacks apart', () => {
    expect(waitBandOf('voice', 59_000)).toBe('under-1-min');
    expect(waitBandOf('chat', 60_000)).toBe('1-5-min');
    expect(waitBandOf('voice', 14 * 60_000)).toBe('5-15-min');
    expect(waitBandOf('voice', 59 * 60_000)).toBe('15-60-min');
    expect(waitBandOf('voice', 61 * 60_000)).toBe('over-60-min');
    expect(waitBandOf('callback', 5_000)).toBe('callback');
  });
});
