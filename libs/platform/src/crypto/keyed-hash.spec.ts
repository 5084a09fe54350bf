import { createHmac } from 'node:crypto';
import type { TukiConfig } from '../config/tuki-config';
import { KeyedHasher, keyedHash } from './keyed-hash';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

describe('keyedHash', () => {
  it('gives the same pseudonym for the same number and purpose, so stored hashes stay comparable', () => {
    expect(keyedHash(KEY, 'caller-key', '+358401234567')).toBe(keyedHash(KEY, 'caller-key', '+358401234567'));
    expect(keyedHash(KEY, 'caller-key', '+358401234567')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives unrelated pseudonyms for the same number under two purposes', () => {
    expect(keyedHash(KEY, 'caller-key', '+358401234567')).not.toBe(keyedHash(KEY, 'dedupe', '+358401234567'));
  });

  it('keeps purpose and value apart, so moving characters between them changes the hash', () => {
    expect(keyedHash(KEY, 'caller-key', '1')).not.toBe(keyedHash(KEY, 'caller-key1', ''));
  });

  it('is not a plain hash: another key gives another pseudonym', () => {
    expect(keyedHash(KEY, 'caller-key', '+358401234567')).not.toBe(
      keyedHash(Buffer.alloc(32, 7), 'caller-key', '+358401234567'),
    );
  });

  it('keeps its input format stable, so pseudonyms stored today still match after an upgrade', () => {
    const input = Buffer.concat([
      Buffer.from([0, 0, 0, 18]),
      Buffer.from('tuki/keyed-hash/v1'),
      Buffer.from([0, 0, 0, 10]),
      Buffer.from('caller-key'),
      Buffer.from([0, 0, 0, 3]),
      Buffer.from('abc'),
    ]);

    expect(keyedHash(KEY, 'caller-key', 'abc')).toBe(createHmac('sha256', KEY).update(input).digest('hex'));
  });

  it('refuses an empty purpose', () => {
    expect(() => keyedHash(KEY, '', 'x')).toThrow(RangeError);
  });
});

describe('KeyedHasher', () => {
  it('hashes with the configured pseudonymisation key', () => {
    const hasher = new KeyedHasher({ secrets: { pseudonymisationKey: KEY } } as TukiConfig);

    expect(hasher.hash('caller-key', '+358401234567')).toBe(keyedHash(KEY, 'caller-key', '+358401234567'));
  });
});
