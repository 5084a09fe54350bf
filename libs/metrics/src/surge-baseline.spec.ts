import { baselineFor, type ArrivalSnapshot } from './surge-baseline';

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
const quarter = (start: number, arrivals: number, seconds = 900): ArrivalSnapshot => ({ start, arrivals, seconds });

describe('baselineFor', () => {
  // Monday 2 March 2026, 09:30 UTC.
  const at = Date.UTC(2026, 2, 2, 9, 30);
  const mondayNine = Date.UTC(2026, 2, 2, 9, 0);

  it('averages Monday 09–10 over the three earlier weeks and ignores other hours and this morning', () => {
    const history = [
      // Three earlier Mondays, 09:00–10:00: 52, 32 and 24 contacts, 108 in 3 hours = 0.01 a second.
      ...[10, 12, 14, 16].map((n, i) => quarter(mondayNine - WEEK + i * 15 * MINUTE, n)),
      ...[8, 8, 8, 8].map((n, i) => quarter(mondayNine - 2 * WEEK + i * 15 * MINUTE, n)),
      ...[6, 6, 6, 6].map((n, i) => quarter(mondayNine - 3 * WEEK + i * 15 * MINUTE, n)),
      quarter(mondayNine - WEEK - 15 * MINUTE, 500), // Monday 08:45 a week ago
      quarter(mondayNine - WEEK + 60 * MINUTE, 500), // Monday 10:00 a week ago
      quarter(mondayNine - WEEK + 24 * 60 * MINUTE, 500), // Tuesday 09:00 a week ago
      quarter(mondayNine, 500), // this morning's 09:00, part of what is being measured
      quarter(mondayNine + 15 * MINUTE, 500),
    ];
    expect(baselineFor(history, at)).toEqual({ rate: 108 / 10_800, basis: 'same-hour-of-week', snapshots: 12 });
  });

  it('weights a cut-short snapshot by the time it covered: 5 in 450 s and 10 in 900 s is 15 in 1350 s', () => {
    const history = [quarter(mondayNine - WEEK, 10), quarter(mondayNine - 2 * WEEK + 30 * MINUTE, 5, 450)];
    expect(baselineFor(history, at).rate).toBeCloseTo(15 / 1350, 15);
  });

  it('keeps 09:00 local across the spring daylight-saving change in Helsinki', () => {
    // Clocks went forward on Sunday 29 March 2026: Monday 30 March 09:00 is 06:00 UTC, the Monday before 07:00 UTC.
    const afterChange = Date.UTC(2026, 2, 30, 6, 0);
    const history = [
      quarter(Date.UTC(2026, 2, 23, 7, 0), 20), // 09:00 Helsinki time a week earlier
      quarter(Date.UTC(2026, 2, 23, 6, 0), 99), // exactly 168 hours earlier, but 08:00 Helsinki time
    ];
    expect(baselineFor(history, afterChange, 'Europe/Helsinki')).toEqual({
      rate: 20 / 900,
      basis: 'same-hour-of-week',
      snapshots: 1,
    });
    expect(baselineFor(history, afterChange, 'UTC').rate).toBe(99 / 900);
  });

  it('falls back to the last 8 quarters when no earlier week has the hour', () => {
    // Three days of history: 12 quarters before `at` (1 to 12 contacts), one at `at` and one after it.
    const history = Array.from({ length: 12 }, (_, i) => quarter(at - (12 - i) * 15 * MINUTE, i + 1));
    history.push(quarter(at, 1000), quarter(at + 15 * MINUTE, 1000), quarter(at - 3 * 24 * 60 * MINUTE, 1000));
    // The last 8 before `at` hold 5 + 6 + ... + 12 = 68 contacts over 2 hours.
    expect(baselineFor(history, at)).toEqual({ rate: 68 / 7200, basis: 'recent-intervals', snapshots: 8 });
  });

  it('has no baseline without history, and skips empty snapshots', () => {
    expect(baselineFor([], at)).toEqual({ rate: 0, basis: 'none', snapshots: 0 });
    expect(baselineFor([quarter(at - WEEK, 4, 0)], at)).toEqual({ rate: 0, basis: 'none', snapshots: 0 });
  });

  it('rejects an unknown time zone', () => {
    expect(() => baselineFor([], at, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
