import { createHash, randomBytes } from 'node:crypto';

/**
 * Where differential privacy's randomness comes from: `count` fresh bytes per call, each uniform over 0..255.
 * Injected rather than imported so tests can replay a seed or script every byte by hand.
 */
export type RandomBytes = (count: number) => Uint8Array;

/** The production source: the operating system's CSPRNG. Noise must be unpredictable, or it protects nobody. */
export const cryptoRandomBytes: RandomBytes = (count) => randomBytes(count);

/**
 * A deterministic source for tests and reproducible runs: SHA-256 in counter mode. Block i (i = 0, 1, 2, ...) is
 * SHA-256(UTF-8 bytes of `seed` || i as an unsigned 64-bit big-endian integer); the stream is the blocks
 * concatenated, handed out in order. Bytes left over from a block carry to the next call, so the stream is the same
 * however the calls split it. Never for real exports: anyone who knows the seed knows the noise.
 */
export function seededRandomBytes(seed: string): RandomBytes {
  const seedBytes = Buffer.from(seed, 'utf8');
  const counter = Buffer.alloc(8);
  let block = 0n;
  let pending: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return (count) => {
    // Most draws are a byte or two from inside the current block: a view of it, no copy.
    if (pending.length - offset >= count) {
      offset += count;
      return pending.subarray(offset - count, offset);
    }
    const out = new Uint8Array(count);
    for (let filled = 0; filled < count;) {
      if (offset === pending.length) {
        counter.writeBigUInt64BE(block++);
        pending = createHash('sha256').update(seedBytes).update(counter).digest();
        offset = 0;
      }
      const take = Math.min(count - filled, pending.length - offset);
      out.set(pending.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
    }
    return out;
  };
}

/**
 * A source that hands out exactly `bytes`, in order, for tests whose expected values are worked out by hand. Running
 * out throws, so a test also proves how many bytes the code under test consumed.
 */
export function scriptedRandomBytes(bytes: number[]): RandomBytes {
  const bad = bytes.find((b) => !Number.isInteger(b) || b < 0 || b > 255);
  if (bad !== undefined) throw new RangeError(`scripted random bytes must be integers 0..255, not ${bad}`);
  let next = 0;
  return (count) => {
    if (next + count > bytes.length) {
      throw new Error(`scripted random bytes ran out: asked for ${count} after ${next} of ${bytes.length} were used`);
    }
    const out = Uint8Array.from(bytes.slice(next, next + count));
    next += count;
    return out;
  };
}

/**
 * An exactly uniform integer in [0, n), by rejection sampling; no floating point, so no value is favoured by rounding.
 *
 * Byte consumption (tests script bytes against this): let L be the bit length of n - 1 and W = ceil(L / 8). Each
 * attempt calls `random(W)` once and reads the W bytes as a big-endian integer after clearing the high 8W - L bits of
 * the first byte (mask `(1 << (L - 8(W - 1))) - 1`); if the result is below n it is returned, otherwise the attempt is
 * rejected and a fresh W bytes are drawn. For n = 1 nothing is drawn and 0 is returned. Examples: n = 2 reads one
 * byte & 0x01; n = 3 reads one byte & 0x03 and rejects 3; n = 300 reads two bytes, (b0 & 0x01) * 256 + b1, and
 * rejects 300..511. Each attempt succeeds with probability n / 2^L > 1/2.
 */
export function uniformInt(random: RandomBytes, n: bigint | number): bigint {
  const bound = typeof n === 'bigint' ? n : integerAsBigint(n);
  if (bound < 1n) throw new RangeError(`uniformInt needs n >= 1, not ${bound}`);
  if (bound === 1n) return 0n;
  let bits = 0;
  for (let rest = bound - 1n; rest > 0n; rest >>= 1n) bits++;
  const width = (bits + 7) >> 3;
  const firstByteMask = (1 << (bits - 8 * (width - 1))) - 1;
  for (;;) {
    const drawn = random(width);
    if (drawn.length !== width) throw new Error(`random source returned ${drawn.length} bytes, not ${width}`);
    let value = 0n;
    for (let i = 0; i < width; i++) value = (value << 8n) | BYTE_VALUES[i === 0 ? drawn[0] & firstByteMask : drawn[i]];
    if (value < bound) return value;
  }
}

/**
 * Each byte value as a bigint, looked up rather than converted: the sampler's hot path then calls no global function,
 * which matters under Jest, whose sandbox makes every global lookup cost about half a microsecond.
 */
const BYTE_VALUES: readonly bigint[] = Array.from({ length: 256 }, (_, i) => BigInt(i));

function integerAsBigint(n: number): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError(`uniformInt needs an integer, not ${n}`);
  return BigInt(n);
}
