import { DEFAULT_TELEPHONY_SETTINGS, lineFor, telephonySettingsSchema } from './telephony-settings';

const queueId = '6f1d0a55-8a8e-4a62-9d8e-0b1b4a1f2c3d';

describe('telephony settings', () => {
  it('routes a call by the number dialled, in any spacing, to its queue and language', () => {
    const settings = {
      ...DEFAULT_TELEPHONY_SETTINGS,
      lines: [
        { number: '+358942000000', queueId, language: 'fi' as const },
        { number: '+358942000001', queueId, language: 'sv' as const },
      ],
    };
    expect(lineFor(settings, '+358 9 4200 0001')?.language).toBe('sv');
    expect(lineFor(settings, '+358942000009')).toBeUndefined();
    expect(lineFor(settings, 'anonymous')).toBeUndefined();
  });

  it('names every problem of the fields at once: a national number, an unknown language', () => {
    const parsed = telephonySettingsSchema.safeParse({
      ...DEFAULT_TELEPHONY_SETTINGS,
      lines: [
        { number: '0942000000', queueId, language: 'fi' },
        { number: '+358942000000', queueId, language: 'de' },
      ],
    });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['lines.0.number', 'lines.1.language']);
  });

  it('refuses a number listed twice and a hold longer than the announcement interval', () => {
    const line = { number: '+358942000000', queueId, language: 'fi' as const };
    const parsed = telephonySettingsSchema.safeParse({
      ...DEFAULT_TELEPHONY_SETTINGS,
      lines: [line, { ...line }],
      announceEverySeconds: 20,
      holdSeconds: 25,
    });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['lines.1.number', 'holdSeconds']),
    );
  });

  it('asks the triage in every language the lines answer in, with each key once', () => {
    const parsed = telephonySettingsSchema.safeParse({
      ...DEFAULT_TELEPHONY_SETTINGS,
      lines: [
        { number: '+358942000000', queueId, language: 'fi' },
        { number: '+358942000001', queueId, language: 'sv' },
      ],
      triage: [
        {
          id: 'safe-now',
          question: { fi: 'Jos olet vaarassa nyt, paina 1.' },
          answers: [{ key: '1', priority: 'urgent' }, { key: '1' }],
        },
      ],
    });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'triage.0.answers.1.key: used twice',
      'triage.0.question.sv: a line answers in Swedish: say the question in Swedish too',
    ]);
  });

  it('reads a document saved before greetings and triage existed as having none', () => {
    const { greeting, announcement, triage, ...older } = DEFAULT_TELEPHONY_SETTINGS;
    expect([greeting, announcement, triage]).toEqual([null, null, []]);
    expect(telephonySettingsSchema.parse(older)).toEqual(DEFAULT_TELEPHONY_SETTINGS);
  });
});
