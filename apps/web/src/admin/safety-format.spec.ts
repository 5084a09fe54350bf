import { describe, expect, it } from '@jest/globals';
import {
  NO_FILTERS,
  actorWords,
  auditQuery,
  describeVerification,
  formatWhen,
  readLocalTime,
  reasonWords,
  type VerificationView,
} from './safety-format';

const AT = Date.UTC(2026, 11, 3, 12, 5);

describe('safety panel words', () => {
  it('shows a moment in the helpline’s zone and names block reasons in words', () => {
    expect(formatWhen(AT, 'Europe/Helsinki')).toBe('3 Dec 2026, 14:05');
    expect(reasonWords('hoax-calls')).toBe('Hoax calls');
    expect(reasonWords('unknown-code')).toBe('unknown-code');
  });

  it('names a staff member by name, and other actors by their kind', () => {
    const names = new Map([['5b0c', 'Maija K']]);
    expect(actorWords({ kind: 'staff', id: '5b0c' }, names)).toBe('Maija K');
    expect(actorWords({ kind: 'system', id: 'retention' }, names)).toBe('System (retention)');
    expect(actorWords({ kind: 'staff', id: '0123456789ab' }, names)).toBe('Staff member 01234567');
  });

  it('reads a local date and time, and refuses what is not one', () => {
    expect(readLocalTime('')).toEqual({});
    expect(readLocalTime('2026-12-03T14:05')).toEqual({ value: new Date(2026, 11, 3, 14, 5).getTime() });
    expect(readLocalTime('yesterday')).toEqual({ problem: 'must be a date and time' });
  });

  it('builds the audit query from the filters, with a page, and names a range that runs backwards', () => {
    const { query, problems } = auditQuery(
      { ...NO_FILTERS, action: 'caller.*', subjectType: ' block ', from: '2026-12-03T10:00' },
      { limit: 50, beforeSeq: 120 },
    );
    expect(problems).toEqual([]);
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      action: 'caller.*',
      subjectType: 'block',
      from: String(new Date(2026, 11, 3, 10, 0).getTime()),
      limit: '50',
      beforeSeq: '120',
    });
    expect(
      auditQuery({ ...NO_FILTERS, from: '2026-12-03T10:00', to: '2026-12-03T09:00' }, { limit: 50 }).problems,
    ).toEqual(['to: must be after the start']);
    expect(auditQuery({ ...NO_FILTERS, to: 'soon' }, { limit: 50 }).problems).toEqual(['to: must be a date and time']);
  });

  it('says a whole chain is whole, and where a broken one first breaks', () => {
    const whole: VerificationView = {
      ok: true,
      entries: 1234,
      head: { seq: 1234, mac: 'ab'.repeat(32) },
      anchor: { seq: 1234, mac: 'ab'.repeat(32) },
      problems: [],
      firstProblem: null,
      verifiedAt: AT,
    };
    expect(describeVerification(whole, 'Europe/Helsinki')).toEqual({
      ok: true,
      headline: 'The audit chain is whole: 1,234 entries checked on 3 Dec 2026, 14:05.',
      lines: [],
    });
    const broken = describeVerification(
      {
        ...whole,
        ok: false,
        anchor: null,
        problems: [
          { seq: 42, problem: 'mac-mismatch' },
          { seq: 43, problem: 'broken-link' },
        ],
        firstProblem: { seq: 42, problem: 'mac-mismatch' },
      },
      'Europe/Helsinki',
    );
    expect(broken.headline).toBe(
      'The audit chain is broken: the first problem is at entry 42 (the entry was changed, or written under another ' +
        'audit key). 1,234 entries checked on 3 Dec 2026, 14:05.',
    );
    expect(broken.lines[0]).toBe('Entry 42: the entry was changed, or written under another audit key.');
    expect(broken.lines[2]).toMatch(/Redis holds no anchor/);
  });
});
