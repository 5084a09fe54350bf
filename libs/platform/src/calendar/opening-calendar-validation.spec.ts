import { validateOpeningCalendar } from './opening-calendar-validation';

const valid = {
  weekly: {
    mon: [
      { open: '08:00', close: '12:00' },
      { open: '12:00', close: '16:00' },
    ],
    sat: [{ open: '20:00', close: '24:00' }],
    sun: [{ open: '00:00', close: '08:00' }],
  },
  closures: [{ from: '2026-12-24', to: '2026-12-26', reason: 'Christmas' }],
};

describe('validateOpeningCalendar', () => {
  it('accepts a calendar with touching ranges and a closure, an empty one, and null (always open)', () => {
    expect(validateOpeningCalendar(valid)).toEqual([]);
    expect(validateOpeningCalendar({ weekly: {}, closures: [] })).toEqual([]);
    expect(validateOpeningCalendar(null)).toEqual([]);
  });

  it('refuses what is not a calendar object', () => {
    expect(validateOpeningCalendar('mon-fri')).toEqual(['calendar: must be an object, or null for always open']);
    expect(validateOpeningCalendar([])).toHaveLength(1);
    expect(validateOpeningCalendar({})).toEqual([
      'weekly: must be an object of days (mon-sun)',
      'closures: must be a list of {from, to, reason?}',
    ]);
  });

  it('names a range that closes before it opens', () => {
    expect(validateOpeningCalendar({ weekly: { mon: [{ open: '12:00', close: '08:00' }] }, closures: [] })).toEqual([
      'weekly.mon[0].close: must be after open',
    ]);
  });

  it('names times that are not HH:MM between 00:00 and 24:00', () => {
    const weekly = { tue: [{ open: '8:00', close: '24:30' }] };
    expect(validateOpeningCalendar({ weekly, closures: [] })).toEqual([
      'weekly.tue[0].open: not a time HH:MM (00:00-24:00)',
      'weekly.tue[0].close: not a time HH:MM (00:00-24:00)',
    ]);
  });

  it('names overlapping ranges on one day', () => {
    const weekly = {
      wed: [
        { open: '12:00', close: '18:00' },
        { open: '08:00', close: '12:30' },
      ],
    };
    expect(validateOpeningCalendar({ weekly, closures: [] })).toEqual(['weekly.wed[0]: overlaps weekly.wed[1]']);
  });

  it('refuses more than 10 ranges a day and unknown days', () => {
    const many = Array.from({ length: 11 }, (_, hour) => ({ open: `0${hour}:00`.slice(-5), close: '23:00' }));
    expect(validateOpeningCalendar({ weekly: { thu: many }, closures: [] })).toEqual([
      'weekly.thu: at most 10 ranges a day',
    ]);
    expect(validateOpeningCalendar({ weekly: { monday: [] }, closures: [] })).toEqual([
      'weekly.monday: not a day (mon-sun)',
    ]);
  });

  it('names bad closures by index', () => {
    const closures = [
      { from: '2026-01-01', to: '2026-01-01' },
      { from: '2026-02-28', to: '2026-02-30' },
      { from: '2026-05-02', to: '2026-05-01' },
      { from: '2026-06-19', to: '2026-06-19', reason: 'x'.repeat(101) },
      'midsummer',
    ];
    expect(validateOpeningCalendar({ weekly: {}, closures })).toEqual([
      'closures[1].to: not a date YYYY-MM-DD',
      'closures[2].to: must not be before from',
      'closures[3].reason: must be text of at most 100 characters',
      'closures[4]: must be an object {from, to, reason?}',
    ]);
  });

  it('refuses more than 500 closures', () => {
    const closures = Array.from({ length: 501 }, () => ({ from: '2026-01-01', to: '2026-01-01' }));
    expect(validateOpeningCalendar({ weekly: {}, closures })).toEqual(['closures: at most 500']);
  });

  it('names unknown fields, so a typo is not silently ignored', () => {
    expect(
      validateOpeningCalendar({ weekly: { fri: [{ open: '08:00', close: '16:00', until: '17:00' }] }, closure: [] }),
    ).toEqual([
      'closure: unknown field',
      'weekly.fri[0].until: unknown field',
      'closures: must be a list of {from, to, reason?}',
    ]);
  });

  it('never echoes big input and stops after the first twenty problems', () => {
    const huge = 'A'.repeat(10_000);
    const weekly = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${huge}${i}`, huge]));
    const problems = validateOpeningCalendar({ weekly, closures: [{ from: huge, to: huge, reason: huge }] });

    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('… and 33 more problems');
    for (const problem of problems) expect(problem.length).toBeLessThan(80);
  });
});
