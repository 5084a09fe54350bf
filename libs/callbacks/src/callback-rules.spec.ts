import { DateTime } from 'luxon';
import { DomainError, type OpeningCalendar } from '@tuki/platform';
import { DEFAULT_CALLBACK_POLICY, type CallbackPolicy } from '@tuki/queueing';
import {
  InvalidCallbackWindowError,
  callbackDeadline,
  firstAttemptAt,
  overduePriority,
  promiseTime,
  resolveWindow,
  retryAt,
  validateCallbackPolicy,
} from './callback-rules';

// Europe/Helsinki in 2026: clocks go forward on Sun 29 March (03:00 -> 04:00)
// and back on Sun 25 October (04:00 -> 03:00).
const HELSINKI = 'Europe/Helsinki';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A fixed test instant from an ISO string with its offset, so every test reads as Helsinki time. */
const at = (iso: string): number => Date.parse(iso);
const local = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : DateTime.fromMillis(ms, { zone: HELSINKI }).toISO({ suppressMilliseconds: true })!;

const DAYTIME = { open: '08:00', close: '20:00' };
/** Weekdays 08:00-20:00, closed at weekends. */
const OFFICE: OpeningCalendar = {
  weekly: { mon: [DAYTIME], tue: [DAYTIME], wed: [DAYTIME], thu: [DAYTIME], fri: [DAYTIME] },
  closures: [],
};
const ALL_DAY = { open: '00:00', close: '24:00' };
const ROUND_THE_CLOCK: OpeningCalendar = {
  weekly: {
    mon: [ALL_DAY],
    tue: [ALL_DAY],
    wed: [ALL_DAY],
    thu: [ALL_DAY],
    fri: [ALL_DAY],
    sat: [ALL_DAY],
    sun: [ALL_DAY],
  },
  closures: [],
};
const NEVER_OPEN: OpeningCalendar = { weekly: {}, closures: [] };
const policy = (changes: Partial<CallbackPolicy> = {}): CallbackPolicy => ({ ...DEFAULT_CALLBACK_POLICY, ...changes });

describe('validateCallbackPolicy', () => {
  it('accepts the default policy and one that is never offered first', () => {
    expect(validateCallbackPolicy(DEFAULT_CALLBACK_POLICY)).toEqual([]);
    expect(
      validateCallbackPolicy(policy({ offerAfterWaitSeconds: null, maxAttempts: 1, retryDelaysSeconds: [60] })),
    ).toEqual([]);
  });

  it('names every field out of range', () => {
    const bad = {
      enabled: 'yes',
      offerAfterWaitSeconds: -1,
      maxAttempts: 11,
      initialDelaySeconds: 1.5,
      retryDelaysSeconds: [900, 59, 86_401],
      expireAfterHours: 0,
      defaultPromiseMinutes: 4,
    };
    expect(validateCallbackPolicy(bad)).toEqual([
      'enabled: must be true or false',
      'offerAfterWaitSeconds: must be null or an integer 0-86400',
      'maxAttempts: must be an integer 1-10',
      'initialDelaySeconds: must be an integer 0-86400',
      'retryDelaysSeconds[1]: must be an integer 60-86400',
      'retryDelaysSeconds[2]: must be an integer 60-86400',
      'expireAfterHours: must be an integer 1-720',
      'defaultPromiseMinutes: must be an integer 5-10080',
    ]);
  });

  it('refuses an empty or overlong retry schedule, unknown fields and non-objects', () => {
    expect(validateCallbackPolicy(policy({ retryDelaysSeconds: [] }))).toEqual([
      'retryDelaysSeconds: must be a list of 1-10 values',
    ]);
    expect(validateCallbackPolicy(policy({ retryDelaysSeconds: Array<number>(11).fill(600) }))).toHaveLength(1);
    expect(validateCallbackPolicy({ ...DEFAULT_CALLBACK_POLICY, maxAttempt: 3 })).toEqual([
      'maxAttempt: unknown field',
    ]);
    expect(validateCallbackPolicy(null)).toEqual(['policy: must be an object']);
    expect(validateCallbackPolicy({})).toHaveLength(7);
  });

  it('never echoes big input', () => {
    const huge = 'x'.repeat(10_000);
    const problems = validateCallbackPolicy({ ...DEFAULT_CALLBACK_POLICY, [huge]: huge, maxAttempts: huge });
    for (const problem of problems) expect(problem.length).toBeLessThan(80);
  });
});

describe('resolveWindow', () => {
  const friday1500 = at('2026-03-27T15:00+02:00');

  it('is open-ended from now when the caller gives no window', () => {
    expect(resolveWindow(undefined, HELSINKI, friday1500)).toEqual({ start: friday1500, end: null });
    expect(resolveWindow({}, HELSINKI, friday1500)).toEqual({ start: friday1500, end: null });
  });

  it('reads "after 17:00 today" in the helpline zone', () => {
    const window = resolveWindow({ notBefore: '17:00' }, HELSINKI, friday1500);
    expect(local(window.start)).toBe('2026-03-27T17:00:00+02:00');
    expect(window.end).toBeNull();
  });

  it('reads "between 17:00 and 19:30 today" and ISO instants with an offset', () => {
    const hhmm = resolveWindow({ notBefore: '17:00', notAfter: '19:30' }, HELSINKI, friday1500);
    expect([local(hhmm.start), local(hhmm.end!)]).toEqual(['2026-03-27T17:00:00+02:00', '2026-03-27T19:30:00+02:00']);
    const iso = resolveWindow(
      { notBefore: '2026-03-28T09:00:00Z', notAfter: '2026-03-28T12:00+02:00' },
      HELSINKI,
      friday1500,
    );
    expect([local(iso.start), local(iso.end!)]).toEqual(['2026-03-28T11:00:00+02:00', '2026-03-28T12:00:00+02:00']);
  });

  it('means now for a notBefore already past today', () => {
    expect(resolveWindow({ notBefore: '09:00' }, HELSINKI, friday1500).start).toBe(friday1500);
    expect(resolveWindow({ notBefore: '2026-03-27T10:00+02:00' }, HELSINKI, friday1500).start).toBe(friday1500);
  });

  it('reads "today" on the local date across the spring and autumn changes', () => {
    // 01:00 EET on the spring Sunday: 12:00 that day is already summer time.
    const spring = resolveWindow({ notBefore: '12:00' }, HELSINKI, at('2026-03-29T01:00+02:00'));
    expect(local(spring.start)).toBe('2026-03-29T12:00:00+03:00');
    const autumn = resolveWindow({ notBefore: '12:00' }, HELSINKI, at('2026-10-25T01:00+03:00'));
    expect(local(autumn.start)).toBe('2026-10-25T12:00:00+02:00');
  });

  it('refuses a notAfter already past', () => {
    expect(() => resolveWindow({ notAfter: '14:00' }, HELSINKI, friday1500)).toThrow('window.notAfter: already past');
    expect(() => resolveWindow({ notAfter: '15:00' }, HELSINKI, friday1500)).toThrow('window.notAfter: already past');
    expect(() => resolveWindow({ notAfter: '2026-03-27T12:00Z' }, HELSINKI, friday1500)).toThrow(
      'window.notAfter: already past',
    );
  });

  it('refuses a notAfter not after notBefore', () => {
    expect(() => resolveWindow({ notBefore: '18:00', notAfter: '17:00' }, HELSINKI, friday1500)).toThrow(
      'window.notAfter: must be after notBefore',
    );
    expect(() => resolveWindow({ notBefore: '18:00', notAfter: '18:00' }, HELSINKI, friday1500)).toThrow(
      'window.notAfter: must be after notBefore',
    );
  });

  it('refuses a notBefore more than 7 days ahead, and takes one exactly 7 days ahead', () => {
    expect(() => resolveWindow({ notBefore: '2026-04-03T16:01+03:00' }, HELSINKI, friday1500)).toThrow(
      'window.notBefore: more than 7 days ahead',
    );
    const sevenDays = friday1500 + 7 * 24 * HOUR;
    expect(resolveWindow({ notBefore: new Date(sevenDays).toISOString() }, HELSINKI, friday1500).start).toBe(sevenDays);
  });

  it('refuses strings that are not HH:MM or an instant with an offset, without repeating them', () => {
    const bad = ['5pm', '7:00', '25:00', '2026-03-27T17:00', '2026-03-27', '2026-02-30T10:00Z', '', 'x'.repeat(10_000)];
    for (const notBefore of bad) {
      expect(() => resolveWindow({ notBefore }, HELSINKI, friday1500)).toThrow(
        'window.notBefore: not HH:MM or an ISO-8601 instant with offset',
      );
    }
    expect(() => resolveWindow({ notAfter: 1700 as unknown as string }, HELSINKI, friday1500)).toThrow(
      'window.notAfter: not HH:MM or an ISO-8601 instant with offset',
    );
  });

  it('throws a coded domain error, so transports answer 400 rather than 500', () => {
    let thrown: unknown;
    try {
      resolveWindow({ notAfter: '14:00' }, HELSINKI, friday1500);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCallbackWindowError);
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'INVALID_CALLBACK_WINDOW', kind: 'invalid' });
  });
});

describe('callbackDeadline', () => {
  const fridayEvening = at('2026-03-27T18:00+02:00');

  it('is the end of the caller window when given', () => {
    const end = at('2026-03-27T19:30+02:00');
    expect(callbackDeadline(fridayEvening, { start: fridayEvening, end }, policy(), OFFICE, HELSINKI)).toBe(end);
  });

  it('counts expireAfterHours of open time: 48 h from Friday 18:00 ends Thursday 18:00', () => {
    const window = { start: fridayEvening, end: null };
    expect(local(callbackDeadline(fridayEvening, window, policy(), OFFICE, HELSINKI))).toBe(
      '2026-04-02T18:00:00+03:00',
    );
  });

  it('falls back to wall hours for a 24/7 helpline or a calendar that never opens', () => {
    const window = { start: fridayEvening, end: null };
    expect(callbackDeadline(fridayEvening, window, policy(), null, HELSINKI)).toBe(fridayEvening + 48 * HOUR);
    expect(callbackDeadline(fridayEvening, window, policy(), NEVER_OPEN, HELSINKI)).toBe(fridayEvening + 48 * HOUR);
  });
});

describe('firstAttemptAt', () => {
  const base = { deadline: at('2026-04-10T12:00+03:00'), calendar: OFFICE, timeZone: HELSINKI };

  it('is now when open, with no delay and no window', () => {
    const now = at('2026-03-27T10:00+02:00');
    expect(firstAttemptAt({ ...base, now, window: { start: now, end: null }, policy: policy() })).toBe(now);
  });

  it('waits for the initial delay and for the window start, whichever is later', () => {
    const now = at('2026-03-27T10:00+02:00');
    const delayed = policy({ initialDelaySeconds: 600 });
    expect(local(firstAttemptAt({ ...base, now, window: { start: now, end: null }, policy: delayed }))).toBe(
      '2026-03-27T10:10:00+02:00',
    );
    const window = { start: at('2026-03-27T17:00+02:00'), end: null };
    expect(local(firstAttemptAt({ ...base, now, window, policy: delayed }))).toBe('2026-03-27T17:00:00+02:00');
  });

  it('moves an attempt that would fall after closing to the next opening', () => {
    const now = at('2026-03-27T19:55+02:00');
    const delayed = policy({ initialDelaySeconds: 600 });
    expect(local(firstAttemptAt({ ...base, now, window: { start: now, end: null }, policy: delayed }))).toBe(
      '2026-03-30T08:00:00+03:00',
    );
  });

  it('is undefined when the queue does not open before the deadline', () => {
    const now = at('2026-03-28T10:00+02:00');
    const window = { start: now, end: at('2026-03-28T18:00+02:00') };
    expect(firstAttemptAt({ ...base, now, window, deadline: window.end, policy: policy() })).toBeUndefined();
    const monday = at('2026-03-30T08:00+03:00');
    expect(
      firstAttemptAt({ ...base, now, window: { start: now, end: null }, deadline: monday, policy: policy() }),
    ).toBeUndefined();
  });
});

describe('retryAt', () => {
  const lastAttemptEndedAt = at('2026-03-27T10:00+02:00');
  const base = { lastAttemptEndedAt, deadline: at('2026-04-10T12:00+03:00'), calendar: OFFICE, timeZone: HELSINKI };

  it('spaces attempts by retryDelaysSeconds in turn', () => {
    expect(retryAt({ ...base, attemptsMade: 1, policy: policy() })).toBe(lastAttemptEndedAt + 15 * MINUTE);
    expect(retryAt({ ...base, attemptsMade: 2, policy: policy() })).toBe(lastAttemptEndedAt + HOUR);
  });

  it('repeats the last spacing once the list runs out', () => {
    const fivePolicy = policy({ maxAttempts: 5, retryDelaysSeconds: [900, 3600] });
    expect(retryAt({ ...base, attemptsMade: 3, policy: fivePolicy })).toBe(lastAttemptEndedAt + HOUR);
    expect(retryAt({ ...base, attemptsMade: 4, policy: fivePolicy })).toBe(lastAttemptEndedAt + HOUR);
  });

  it('stops after maxAttempts', () => {
    expect(retryAt({ ...base, attemptsMade: 3, policy: policy() })).toBeUndefined();
    expect(retryAt({ ...base, attemptsMade: 1, policy: policy({ maxAttempts: 1 }) })).toBeUndefined();
  });

  it('stops at the deadline, the deadline itself included', () => {
    const due = lastAttemptEndedAt + 15 * MINUTE;
    expect(retryAt({ ...base, attemptsMade: 1, deadline: due, policy: policy() })).toBeUndefined();
    expect(retryAt({ ...base, attemptsMade: 1, deadline: due + 1, policy: policy() })).toBe(due);
  });

  it('moves a retry past closed hours to the next opening', () => {
    const fridayLate = at('2026-03-27T19:50+02:00');
    expect(local(retryAt({ ...base, lastAttemptEndedAt: fridayLate, attemptsMade: 1, policy: policy() }))).toBe(
      '2026-03-30T08:00:00+03:00',
    );
  });

  it('is cut off when the next opening is after the deadline', () => {
    const fridayLate = at('2026-03-27T19:50+02:00');
    const sunday = at('2026-03-29T12:00+03:00');
    expect(
      retryAt({ ...base, lastAttemptEndedAt: fridayLate, attemptsMade: 1, deadline: sunday, policy: policy() }),
    ).toBeUndefined();
  });

  it('refuses to schedule a retry before any attempt was made', () => {
    expect(() => retryAt({ ...base, attemptsMade: 0, policy: policy() })).toThrow(RangeError);
  });
});

describe('promiseTime', () => {
  const farDeadline = at('2026-12-31T12:00+02:00');
  const base = { deadline: farDeadline, policy: policy(), timeZone: HELSINKI };

  it('rounds the estimate up to the next quarter hour', () => {
    const earliest = at('2026-03-27T10:01+02:00');
    expect(local(promiseTime({ ...base, earliest, estimatedWaitMs: 7 * MINUTE, calendar: OFFICE }))).toBe(
      '2026-03-27T10:15:00+02:00',
    );
    expect(local(promiseTime({ ...base, earliest, estimatedWaitMs: 14 * MINUTE, calendar: OFFICE }))).toBe(
      '2026-03-27T10:15:00+02:00',
    );
  });

  it('uses defaultPromiseMinutes when no estimate is possible', () => {
    const earliest = at('2026-03-27T10:00+02:00');
    expect(local(promiseTime({ ...base, earliest, estimatedWaitMs: undefined, calendar: OFFICE }))).toBe(
      '2026-03-27T12:00:00+02:00',
    );
  });

  it('counts only open time: an hour from Friday 19:30 is Monday 08:30', () => {
    const earliest = at('2026-03-27T19:30+02:00');
    expect(local(promiseTime({ ...base, earliest, estimatedWaitMs: HOUR, calendar: OFFICE }))).toBe(
      '2026-03-30T08:30:00+03:00',
    );
  });

  it('is never after the deadline', () => {
    const earliest = at('2026-03-27T19:30+02:00');
    const deadline = at('2026-03-27T19:52+02:00');
    expect(promiseTime({ ...base, earliest, estimatedWaitMs: HOUR, deadline, calendar: OFFICE })).toBe(deadline);
    expect(promiseTime({ ...base, earliest, estimatedWaitMs: HOUR, deadline, calendar: NEVER_OPEN })).toBe(deadline);
  });

  it('counts real time across the spring change: 10 h from Saturday 20:00 is Sunday 07:00 summer time', () => {
    const earliest = at('2026-03-28T20:00+02:00');
    expect(local(promiseTime({ ...base, earliest, estimatedWaitMs: 10 * HOUR, calendar: ROUND_THE_CLOCK }))).toBe(
      '2026-03-29T07:00:00+03:00',
    );
    // 20 minutes from 02:50 EET lands at 04:10 summer time (03:00-04:00 never happens) and rounds to 04:15.
    const beforeGap = at('2026-03-29T02:50+02:00');
    expect(local(promiseTime({ ...base, earliest: beforeGap, estimatedWaitMs: 20 * MINUTE, calendar: null }))).toBe(
      '2026-03-29T04:15:00+03:00',
    );
  });

  it('counts real time across the autumn change: 10 h from Saturday 20:00 is Sunday 05:00 winter time', () => {
    const earliest = at('2026-10-24T20:00+03:00');
    expect(local(promiseTime({ ...base, earliest, estimatedWaitMs: 10 * HOUR, calendar: ROUND_THE_CLOCK }))).toBe(
      '2026-10-25T05:00:00+02:00',
    );
  });

  it('pauses over the closed weekend that contains the spring change', () => {
    // 30 min on Friday, the other 70 from Monday 08:00 (summer time by then): 09:10, rounded up to 09:15.
    const earliest = at('2026-03-27T19:30+02:00');
    expect(local(promiseTime({ ...base, earliest, estimatedWaitMs: 100 * MINUTE, calendar: OFFICE }))).toBe(
      '2026-03-30T09:15:00+03:00',
    );
  });
});

describe('overduePriority', () => {
  const promisedBy = at('2026-03-27T12:00+02:00');

  it('keeps the base priority until the promise passes', () => {
    for (const base of ['urgent', 'high', 'normal', 'low'] as const) {
      expect(overduePriority(base, promisedBy, promisedBy - 1)).toBe(base);
    }
  });

  it('raises an overdue callback one level, from the promised instant on', () => {
    expect(overduePriority('low', promisedBy, promisedBy)).toBe('normal');
    expect(overduePriority('normal', promisedBy, promisedBy + HOUR)).toBe('high');
  });

  it('never raises to urgent, however overdue, and keeps urgent urgent', () => {
    const muchLater = promisedBy + 30 * 24 * HOUR;
    expect(overduePriority('high', promisedBy, muchLater)).toBe('high');
    expect(overduePriority(overduePriority('normal', promisedBy, muchLater), promisedBy, muchLater)).toBe('high');
    expect(overduePriority('urgent', promisedBy, muchLater)).toBe('urgent');
  });
});
