/**
 * A small deterministic PRNG for simulations and tests: xoshiro128** 1.0 (Blackman & Vigna, public domain), 128 bits of
 * state, period 2^128 − 1, with 32-bit outputs. Math.random cannot be seeded, and a fixed seed is what makes a
 * simulation's figures repeatable in a test. Not for anything secret.
 */

// Bound once here because Jest runs tests in a vm context, where every `Math.x` lookup in a hot loop goes through
// the context's global object and is many times slower; the simulation's tests draw millions of numbers.
const { imul, log } = Math;
export class SeededRandom {
  private readonly state: Uint32Array;

  private constructor(state: Uint32Array) {
    // The all-zero state is xoshiro's one fixed point: it would output 0 for ever.
    if (state.every((word) => word === 0)) throw new RangeError('xoshiro128** state must not be all zeros');
    this.state = state;
  }

  /**
   * A generator for `seed` (any number; its low 32 bits are used). The four state words come from a SplitMix32-style
   * mixer, so seeds 1, 2, 3 give unrelated streams and no seed gives the all-zero state.
   */
  static fromSeed(seed: number): SeededRandom {
    let counter = seed >>> 0;
    const state = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      counter = (counter + 0x9e3779b9) >>> 0;
      let z = counter;
      z = imul(z ^ (z >>> 16), 0x21f0aaad);
      z = imul(z ^ (z >>> 15), 0x735a2d97);
      state[i] = z ^ (z >>> 15);
    }
    if (state.every((word) => word === 0)) state[0] = 1;
    return new SeededRandom(state);
  }

  /** A generator from four raw 32-bit state words, as the reference C code takes them (for checking against it). */
  static fromState(words: readonly [number, number, number, number]): SeededRandom {
    return new SeededRandom(Uint32Array.from(words, (word) => word >>> 0));
  }

  /** The next 32-bit output, as the reference implementation's next(). */
  nextUint32(): number {
    const s = this.state;
    const result = imul(rotateLeft(imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotateLeft(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (two outputs), so no float in the range is out of reach. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67_108_864 + low) / 9_007_199_254_740_992;
  }

  /** Exponentially distributed with the given mean (inverse CDF; 1 − u is in (0, 1], so the log is finite). */
  exponential(mean: number): number {
    return -mean * log(1 - this.next());
  }
}

function rotateLeft(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
