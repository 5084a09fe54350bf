import { DateTime } from 'luxon';
import { isValidTimeZone, localTimeOn, parseIsoDate, parseWallClock } from './wall-clock';

const HELSINKI = 'Europe/Helsinki';
const inZone = (ms: number, zone = HELSINKI): string =>
  DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;

describe('localTimeOn', () => {
  it('finds 17:00 on the local date of the instant', () => {
    expect(inZone(localTimeOn(HELSINKI, Date.parse('2026-03-27T09:15+02:00'), '17:00'))).toBe(
      '2026-03-27T17:00:00+02:00',
    );
  });

  it('uses the local date, not the UTC one', () => {
    // 23:30 UTC on the 27th is already 01:30 on the 28th in Helsinki.
    expect(inZone(localTimeOn(HELSINKI, Date.parse('2026-03-27T23:30Z'), '17:00'))).toBe('2026-03-28T17:00:00+02:00');
  });

  it('moves a time in the spring gap to the first valid instant after it', () => {
    const sunday = Date.parse('2026-03-29T12:00+03:00');
    expect(inZone(localTimeOn(HELSINKI, sunday, '03:30'))).toBe('2026-03-29T04:00:00+03:00');
    expect(inZone(localTimeOn(HELSINKI, sunday, '03:00'))).toBe('2026-03-29T04:00:00+03:00');
    expect(inZone(localTimeOn(HELSINKI, sunday, '04:00'))).toBe('2026-03-29T04:00:00+03:00');
  });

  it('takes the first of a repeated hour in autumn', () => {
    const sunday = Date.parse('2026-10-25T12:00+02:00');
    expect(inZone(localTimeOn(HELSINKI, sunday, '03:30'))).toBe('2026-10-25T03:30:00+03:00');
    expect(inZone(localTimeOn(HELSINKI, sunday, '04:00'))).toBe('2026-10-25T04:00:00+02:00');
  });

  it('handles a zone whose clocks skip midnight', () => {
    // Chile moves 00:00 -> 01:00 on Sun 6 September 2026: that day starts at 01:00.
    const zone = 'America/Santiago';
    expect(inZone(localTimeOn(zone, Date.parse('2026-09-06T12:00-03:00'), '00:00'), zone)).toBe(
      '2026-09-06T01:00:00-03:00',
    );
  });

  it('reads 24:00 as the next local midnight', () => {
    expect(inZone(localTimeOn(HELSINKI, Date.parse('2026-03-28T12:00+02:00'), '24:00'))).toBe(
      '2026-03-29T00:00:00+02:00',
    );
  });

  it('refuses a time that is not HH:MM and a zone that does not exist', () => {
    expect(() => localTimeOn(HELSINKI, 0, '7:00')).toThrow(RangeError);
    expect(() => localTimeOn(HELSINKI, 0, '24:01')).toThrow(RangeError);
    expect(() => localTimeOn('Mars/Olympus', 0, '07:00')).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and refuses the rest', () => {
    expect(isValidTimeZone('Europe/Helsinki')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('+02:00')).toBe(false);
  });
});

describe('parseWallClock and parseIsoDate', () => {
  it('read HH:MM as minutes after midnight, 24:00 included', () => {
    expect(parseWallClock('00:00')).toBe(0);
    expect(parseWallClock('08:30')).toBe(510);
    expect(parseWallClock('24:00')).toBe(1440);
    expect(['8:30', '24:30', '12:60', '12:00:00', '', 830].map(parseWallClock)).toEqual(Array(6).fill(undefined));
  });

  it('read real dates only', () => {
    expect(parseIsoDate('1970-01-02')).toBe(1);
    expect(parseIsoDate('2028-02-29')).toBeDefined();
    expect(['2026-02-29', '2026-13-01', '2026-1-01', '26-01-01', null].map(parseIsoDate)).toEqual(
      Array(5).fill(undefined),
    );
  });
});
