import { describe, expect, it } from '@jest/globals';
import { dataKeysSentence, readRetention, rotationSentence, type KeysStatus } from './keys-format';

const STATUS: KeysStatus = {
  activeKeyId: 'k-2026-06-01-aaaa',
  activeKeyCreatedAt: 0,
  rotationDays: 180,
  dueAt: 0,
  state: 'ok',
  daysUntilDue: 150,
  keys: [],
  dataKeys: [
    { kekId: 'k-2026-06-01-aaaa', live: 1200 },
    { kekId: 'k-2025-12-01-bbbb', live: 3 },
  ],
  rewrapPending: 3,
};

describe('keys and retention words', () => {
  it('says when rotation is due, reminds when it comes near, and says when it is overdue', () => {
    expect(rotationSentence(STATUS, '28 Nov 2026')).toBe('Rotation is due in 150 days, on 28 Nov 2026.');
    expect(rotationSentence({ ...STATUS, state: 'soon', daysUntilDue: 1 }, '28 Nov 2026')).toBe(
      'Rotation is due soon: in 1 day, on 28 Nov 2026. Plan it now.',
    );
    expect(rotationSentence({ ...STATUS, state: 'due', daysUntilDue: 0 }, '28 Nov 2026')).toBe(
      'Rotation is due today (28 Nov 2026). Rotate the keys now.',
    );
    expect(rotationSentence({ ...STATUS, state: 'due', daysUntilDue: -20 }, '28 Nov 2026')).toBe(
      'Rotation is overdue by 20 days (it was due on 28 Nov 2026). Rotate the keys now.',
    );
  });

  it('counts the helpline’s data keys and those waiting for a re-wrap', () => {
    expect(dataKeysSentence(STATUS)).toBe(
      'This helpline has 1,203 live data keys; 3 still under an older key: run keys rewrap before retiring it.',
    );
    expect(dataKeysSentence({ ...STATUS, dataKeys: [{ kekId: 'k', live: 1 }], rewrapPending: 0 })).toBe(
      'This helpline has 1 live data key, all under the active key.',
    );
  });

  it('reads the periods as whole numbers and names each one that is not', () => {
    expect(
      readRetention({ retentionDays: '30', agentAccessDays: ' 28 ', repeatGrantHours: '12', breakGlassMinutes: '60' }),
    ).toEqual({
      settings: { retentionDays: 30, agentAccessDays: 28, repeatGrantHours: 12, breakGlassMinutes: 60 },
      problems: [],
    });
    expect(
      readRetention({ retentionDays: 'a year', agentAccessDays: '', repeatGrantHours: '12', breakGlassMinutes: '60' }),
    ).toEqual({
      problems: ['retentionDays: must be a whole number', 'agentAccessDays: must not be empty'],
    });
  });
});
