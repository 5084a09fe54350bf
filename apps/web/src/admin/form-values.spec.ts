import { describe, expect, it } from '@jest/globals';
import {
  Problems,
  formatRanges,
  formatSkillMap,
  parseRanges,
  parseSkillMap,
  readDecimal,
  readInteger,
  splitList,
} from './form-values';

describe('administration form values', () => {
  it('reads a language list however it is separated', () => {
    expect(splitList(' fi, sv  en,')).toEqual(['fi', 'sv', 'en']);
    expect(splitList('')).toEqual([]);
  });

  it('leaves an empty number to the server’s default and names a word typed into one', () => {
    expect(readInteger('')).toEqual({ value: undefined });
    expect(readInteger(' 20 ')).toEqual({ value: 20 });
    expect(readInteger('twenty')).toEqual({ problem: 'must be a whole number' });
    expect(readDecimal('1,5')).toEqual({ value: 1.5 });
  });

  it('reads skills as name=level and writes them back the same way', () => {
    expect(parseSkillMap('extortion=5, data-breach: 3, grief 2')).toEqual({
      value: { extortion: 5, 'data-breach': 3, grief: 2 },
    });
    expect(parseSkillMap('')).toEqual({ value: {} });
    expect(parseSkillMap('extortion=high').problem).toContain('name=level');
    expect(formatSkillMap({ extortion: 5, 'data-breach': 3 })).toBe('extortion=5, data-breach=3');
  });

  it('reads opening ranges, padding single-digit hours, and leaves their order to the server', () => {
    expect(parseRanges('8:00-16:00, 18:00 – 24:00')).toEqual({
      value: [
        { open: '08:00', close: '16:00' },
        { open: '18:00', close: '24:00' },
      ],
    });
    expect(parseRanges('16:00-08:00').value).toEqual([{ open: '16:00', close: '08:00' }]);
    expect(parseRanges('all day').problem).toContain('HH:MM-HH:MM');
    expect(formatRanges([{ open: '08:00', close: '16:00' }])).toBe('08:00-16:00');
  });

  it('keeps what could not be read in the server’s "field: problem" shape', () => {
    const problems = new Problems();
    expect(problems.take('offerTimeoutSeconds', readInteger('soon'))).toBeUndefined();
    expect(problems.take('ageingSeconds', readInteger('600'))).toBe(600);
    expect(problems.list).toEqual(['offerTimeoutSeconds: must be a whole number']);
  });
});
