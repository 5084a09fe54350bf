import { DateTime } from 'luxon';
import {
  addOpenTime,
  isOpenAt,
  nextCloseAt,
  nextOpenAt,
  type OpeningCalendar,
  type OpeningRange,
  type Weekday,
} from './opening-calendar';

// Europe/Helsinki in 2026: clocks go forward on Sun 29 March (03:00 -> 04:00)
// and back on Sun 25 October (04:00 -> 03:00).
const HELSINKI = 'Europe/Helsinki';
const HOUR = 3_600_000;

/** A fixed instant from an ISO string with its offset, so every test reads as local time. */
const at = (iso: string): number => Date.parse(iso);
/** The instant as Helsinki local time, to compare readable strings. */
const local = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : DateTime.fromMillis(ms, { zone: HELSINKI }).toISO({ suppressMilliseconds: true })!;

const everyDay = (range: OpeningRange): OpeningCalendar['weekly'] =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as Weekday[]).map((day) => [day, [range]]));
const weekdays = (range: OpeningRange): OpeningCalendar['weekly'] =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[]).map((day) => [day, [range]]));

const OFFICE: OpeningCalendar = { weekly: weekdays({ open: '08:00', close: '20:00' }), closures: [] };
const ALL_DAY: OpeningCalendar = { weekly: everyDay({ open: '00:00', close: '24:00' }), closures: [] };
const NEVER: OpeningCalendar = { weekly: {}, closures: [] };

describe('isOpenAt', () => {
  it('is open inside a range and closed outside it, open at the opening minute and closed at the closing one', () => {
    expect(isOpenAt(OFFICE, HELSINKI, at('2026-03-27T12:00+02:00'))).toBe(true);
    expect(isOpenAt(OFFICE, HELSINKI, at('2026-03-27T07:59+02:00'))).toBe(false);
    expect(isOpenAt(OFFICE, HELSINKI, at('2026-03-27T08:00+02:00'))).toBe(true);
    expect(isOpenAt(OFFICE, HELSINKI, at('2026-03-27T20:00+02:00'))).toBe(false);
    expect(isOpenAt(OFFICE, HELSINKI, at('2026-03-28T12:00+02:00'))).toBe(false);
  });

  it('reads opening hours in the helpline zone, not UTC', () => {
    // 06:30 UTC is 08:30 in Helsinki (open) but 07:30 in London (closed).
    expect(isOpenAt(OFFICE, HELSINKI, at('2026-03-27T06:30Z'))).toBe(true);
    expect(isOpenAt(OFFICE, 'Europe/London', at('2026-03-27T06:30Z'))).toBe(false);
  });

  it('treats a null calendar as a 24/7 helpline', () => {
    expect(isOpenAt(null, HELSINKI, at('2026-03-28T03:00+02:00'))).toBe(true);
  });

  it('keeps closures closed for whole local days, first and last day included', () => {
    const christmas: OpeningCalendar = { ...ALL_DAY, closures: [{ from: '2026-12-24', to: '2026-12-26' }] };

    expect(isOpenAt(christmas, HELSINKI, at('2026-12-23T23:59+02:00'))).toBe(true);
    expect(isOpenAt(christmas, HELSINKI, at('2026-12-24T00:00+02:00'))).toBe(false);
    expect(isOpenAt(christmas, HELSINKI, at('2026-12-26T23:59+02:00'))).toBe(false);
    expect(isOpenAt(christmas, HELSINKI, at('2026-12-27T00:00+02:00'))).toBe(true);
  });

  it('refuses an unknown time zone instead of guessing one', () => {
    expect(() => isOpenAt(OFFICE, 'Mars/Olympus', 0)).toThrow(RangeError);
  });
});

describe('nextOpenAt', () => {
  it('returns the instant itself when open', () => {
    const noon = at('2026-03-27T12:00+02:00');
    expect(nextOpenAt(OFFICE, HELSINKI, noon)).toBe(noon);
    expect(nextOpenAt(null, HELSINKI, noon)).toBe(noon);
  });

  it('moves Friday evening to Monday morning, in summer time after the weekend change', () => {
    expect(local(nextOpenAt(OFFICE, HELSINKI, at('2026-03-27T21:00+02:00')))).toBe('2026-03-30T08:00:00+03:00');
  });

  it('skips a holiday closure', () => {
    const easter: OpeningCalendar = {
      ...OFFICE,
      closures: [{ from: '2026-04-03', to: '2026-04-06', reason: 'Easter' }],
    };
    expect(local(nextOpenAt(easter, HELSINKI, at('2026-04-02T20:30+03:00')))).toBe('2026-04-07T08:00:00+03:00');
  });

  it('gives up when nothing opens within 400 days', () => {
    expect(nextOpenAt(NEVER, HELSINKI, at('2026-03-27T12:00+02:00'))).toBeUndefined();
    const closedForever: OpeningCalendar = { ...OFFICE, closures: [{ from: '2026-01-01', to: '2028-12-31' }] };
    expect(nextOpenAt(closedForever, HELSINKI, at('2026-03-27T12:00+02:00'))).toBeUndefined();
  });
});

describe('nextCloseAt', () => {
  it('ends the open stretch at the closing time', () => {
    expect(local(nextCloseAt(OFFICE, HELSINKI, at('2026-03-27T12:00+02:00')))).toBe('2026-03-27T20:00:00+02:00');
  });

  it('is undefined when closed, and for a null (24/7) calendar', () => {
    expect(nextCloseAt(OFFICE, HELSINKI, at('2026-03-27T20:00+02:00'))).toBeUndefined();
    expect(nextCloseAt(null, HELSINKI, at('2026-03-27T20:00+02:00'))).toBeUndefined();
  });

  it('joins ranges that touch, within a day and across midnight', () => {
    const lunchShift: OpeningCalendar = {
      weekly: {
        mon: [
          { open: '12:00', close: '16:00' },
          { open: '08:00', close: '12:00' },
        ],
      },
      closures: [],
    };
    expect(local(nextCloseAt(lunchShift, HELSINKI, at('2026-03-30T09:00+03:00')))).toBe('2026-03-30T16:00:00+03:00');

    const overnight: OpeningCalendar = {
      weekly: { sun: [{ open: '20:00', close: '24:00' }], mon: [{ open: '00:00', close: '08:00' }] },
      closures: [],
    };
    expect(local(nextCloseAt(overnight, HELSINKI, at('2026-04-05T22:00+03:00')))).toBe('2026-04-06T08:00:00+03:00');
  });

  it('is undefined when open every hour of every day, and finds the closure when one comes', () => {
    expect(nextCloseAt(ALL_DAY, HELSINKI, at('2026-03-27T12:00+02:00'))).toBeUndefined();
    const withHoliday: OpeningCalendar = { ...ALL_DAY, closures: [{ from: '2026-05-01', to: '2026-05-01' }] };
    expect(local(nextCloseAt(withHoliday, HELSINKI, at('2026-03-27T12:00+02:00')))).toBe('2026-05-01T00:00:00+03:00');
  });
});

describe('addOpenTime', () => {
  it('counts real hours across the spring change: 24 h from Saturday noon ends Sunday 13:00', () => {
    expect(local(addOpenTime(ALL_DAY, HELSINKI, at('2026-03-28T12:00+02:00'), 24 * HOUR))).toBe(
      '2026-03-29T13:00:00+03:00',
    );
  });

  it('counts real hours across the autumn change: 24 h from Saturday noon ends Sunday 11:00', () => {
    expect(local(addOpenTime(ALL_DAY, HELSINKI, at('2026-10-24T12:00+03:00'), 24 * HOUR))).toBe(
      '2026-10-25T11:00:00+02:00',
    );
  });

  it('pauses over closed hours: 2 h from Friday 19:00 ends Monday 09:00', () => {
    expect(local(addOpenTime(OFFICE, HELSINKI, at('2026-03-27T19:00+02:00'), 2 * HOUR))).toBe(
      '2026-03-30T09:00:00+03:00',
    );
  });

  it('pauses over a holiday closure', () => {
    const easter: OpeningCalendar = { ...OFFICE, closures: [{ from: '2026-04-03', to: '2026-04-06' }] };
    expect(local(addOpenTime(easter, HELSINKI, at('2026-04-02T19:00+03:00'), 2 * HOUR))).toBe(
      '2026-04-07T09:00:00+03:00',
    );
  });

  it('gives a night range its real length when the clocks change inside it', () => {
    const night: OpeningCalendar = { weekly: everyDay({ open: '02:00', close: '05:00' }), closures: [] };
    // 02:00-05:00 lasts 2 h on the spring Sunday and 4 h on the autumn one.
    expect(local(addOpenTime(night, HELSINKI, at('2026-03-29T02:00+02:00'), 2 * HOUR))).toBe(
      '2026-03-29T05:00:00+03:00',
    );
    expect(local(addOpenTime(night, HELSINKI, at('2026-10-25T02:00+03:00'), 4 * HOUR))).toBe(
      '2026-10-25T05:00:00+02:00',
    );
  });

  it('starts counting at the next opening when closed, and zero open time is that opening', () => {
    const saturday = at('2026-03-28T10:00+02:00');
    expect(local(addOpenTime(OFFICE, HELSINKI, saturday, 0))).toBe('2026-03-30T08:00:00+03:00');
    expect(local(addOpenTime(OFFICE, HELSINKI, saturday, HOUR))).toBe('2026-03-30T09:00:00+03:00');
    const open = at('2026-03-27T10:00+02:00');
    expect(addOpenTime(OFFICE, HELSINKI, open, 0)).toBe(open);
  });

  it('counts 30 days of open time over twelve weeks of office hours', () => {
    expect(local(addOpenTime(OFFICE, HELSINKI, at('2026-01-05T08:00+02:00'), 720 * HOUR))).toBe(
      '2026-03-27T20:00:00+02:00',
    );
  });

  it('is plain addition for a 24/7 helpline and undefined when the calendar never opens enough', () => {
    const from = at('2026-03-28T12:00+02:00');
    expect(addOpenTime(null, HELSINKI, from, 5 * HOUR)).toBe(from + 5 * HOUR);
    expect(addOpenTime(NEVER, HELSINKI, from, HOUR)).toBeUndefined();
    const shortYear: OpeningCalendar = { weekly: { mon: [{ open: '09:00', close: '10:00' }] }, closures: [] };
    expect(addOpenTime(shortYear, HELSINKI, from, 100 * HOUR)).toBeUndefined();
  });

  it('refuses a negative duration', () => {
    expect(() => addOpenTime(OFFICE, HELSINKI, 0, -1)).toThrow(RangeError);
  });
});
