import { describe, expect, it } from '@jest/globals';
import { copyOf, getAt, labelIn, setAt, textsOrNull, withFields } from './content-values';

describe('content panel values', () => {
  it('reads a field by its path in the settings document', () => {
    const doc = { taxonomy: [{ code: 'breach', children: [{ label: { en: 'Paid', fi: 'Maksoi' } }] }] };
    expect(getAt(doc, 'taxonomy.0.children.0.label.fi')).toBe('Maksoi');
    expect(getAt(doc, 'taxonomy.3.code')).toBeUndefined();
    expect(getAt(doc, 'taxonomy.0.code.more')).toBeUndefined();
  });

  it('leaves an emptied optional field out, and an object with nothing left in it', () => {
    const item: Record<string, unknown> = { code: 'police', label: { en: 'Police', fi: 'Poliisi' } };
    setAt(item, 'label.sv', 'Polisen');
    expect(item.label).toEqual({ en: 'Police', fi: 'Poliisi', sv: 'Polisen' });
    setAt(item, 'label.fi', '');
    expect(item.label).toEqual({ en: 'Police', sv: 'Polisen' });
    const answer: Record<string, unknown> = { id: 'yes', priority: 'urgent' };
    setAt(answer, 'priority', '');
    expect(answer).toEqual({ id: 'yes' });
    const greeting: Record<string, unknown> = { greeting: { fi: 'Hei' } };
    setAt(greeting, 'greeting.fi', '');
    expect(greeting).toEqual({});
  });

  it('keeps a required field emptied as "", for the server to name', () => {
    const item: Record<string, unknown> = { code: 'police', label: { en: 'Police' } };
    setAt(item, 'label.en', '', false);
    setAt(item, 'code', '', false);
    expect(item).toEqual({ code: '', label: { en: '' } });
  });

  it('saves a text with no words in any language as none', () => {
    expect(textsOrNull({ en: '', fi: '' })).toBeNull();
    expect(textsOrNull(null)).toBeNull();
    expect(textsOrNull({ fi: 'Tervetuloa', en: '' })).toEqual({ fi: 'Tervetuloa' });
  });

  it('replaces only the form’s own fields in the latest document', () => {
    const latest = { taxonomy: ['new from another admin'], retentionDays: 400 };
    expect(withFields(latest, { retentionDays: 30 })).toEqual({
      taxonomy: ['new from another admin'],
      retentionDays: 30,
    });
    const loaded = { referrals: [{ code: 'a' }] };
    const copy = copyOf(loaded);
    copy.referrals[0].code = 'b';
    expect(loaded.referrals[0].code).toBe('a');
  });

  it('names an item by its label in the language asked for, else English', () => {
    expect(labelIn({ en: 'Police', fi: 'Poliisi' }, 'fi')).toBe('Poliisi');
    expect(labelIn({ en: 'Police' }, 'sv')).toBe('Police');
    expect(labelIn({ en: ' ' })).toBeUndefined();
    expect(labelIn('text')).toBeUndefined();
  });
});
