import { createHash } from 'node:crypto';
import {
  discreteLaplacePmf,
  epsilonAsFraction,
  sampleBernoulliExpMinus,
  sampleDiscreteLaplace,
} from './discrete-laplace';
import { scriptedRandomBytes, seededRandomBytes, uniformInt, type RandomBytes } from './random-source';

/** Runs `draw` on a scripted source and proves the script was used up exactly: one more byte would throw. */
function drawAllScripted<T>(bytes: number[], draw: (random: RandomBytes) => T): T {
  const random = scriptedRandomBytes(bytes);
  const result = draw(random);
  expect(() => random(1)).toThrow(/ran out/);
  return result;
}

/** The outcome of one uniformInt attempt on exactly these bytes: the value, or 'rejected' if it asked for more. */
function oneAttempt(bytes: number[], n: number): bigint | 'rejected' {
  try {
    return uniformInt(scriptedRandomBytes(bytes), n);
  } catch {
    return 'rejected';
  }
}

describe('uniformInt', () => {
  it('reads big-endian bytes with the excess high bits of the first byte masked off', () => {
    // n = 300: 299 needs 9 bits, so two bytes, and only the low bit of the first one counts.
    expect(drawAllScripted([0x01, 0x2b], (r) => uniformInt(r, 300))).toBe(299n);
    expect(drawAllScripted([0xff, 0x2b], (r) => uniformInt(r, 300))).toBe(299n);
    expect(drawAllScripted([0xfe, 0x07], (r) => uniformInt(r, 300n))).toBe(7n);
    // n = 2: one byte, low bit only.
    expect(drawAllScripted([0xfe], (r) => uniformInt(r, 2))).toBe(0n);
    expect(drawAllScripted([0x81], (r) => uniformInt(r, 2))).toBe(1n);
  });

  it('rejects values of n or more and draws a fresh set of bytes', () => {
    // 0x01 0x2c is 300: rejected; then 0x00 0x05 is 5.
    expect(drawAllScripted([0x01, 0x2c, 0x00, 0x05], (r) => uniformInt(r, 300))).toBe(5n);
    // n = 3 masks to 2 bits: 0xff -> 3 rejected, 0x07 -> 3 rejected, 0x06 -> 2.
    expect(drawAllScripted([0xff, 0x07, 0x06], (r) => uniformInt(r, 3))).toBe(2n);
  });

  it('reads as many bytes as a bound beyond 32 bits needs', () => {
    // n = 2^32 + 1: 2^32 needs 33 bits, so five bytes with only the low bit of the first one kept.
    const n = 2n ** 32n + 1n;
    expect(drawAllScripted([0xff, 0, 0, 0, 0], (r) => uniformInt(r, n))).toBe(2n ** 32n);
    expect(drawAllScripted([0x01, 0, 0, 0, 1, 0x00, 0x12, 0x34, 0x56, 0x78], (r) => uniformInt(r, n))).toBe(
      0x12345678n,
    );
  });

  it('draws nothing when n is 1, and refuses a bound that is not a positive integer', () => {
    expect(drawAllScripted([], (r) => uniformInt(r, 1))).toBe(0n);
    const random = scriptedRandomBytes([0]);
    expect(() => uniformInt(random, 0)).toThrow(RangeError);
    expect(() => uniformInt(random, -3n)).toThrow(RangeError);
    expect(() => uniformInt(random, 2.5)).toThrow(RangeError);
  });

  it.each([2, 3, 5, 6, 10, 200, 255, 256])('is exactly uniform over [0, %i): every one-byte value enumerated', (n) => {
    const counts = new Map<bigint | 'rejected', number>();
    for (let b = 0; b < 256; b++) {
      const outcome = oneAttempt([b], n);
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }
    const span = 2 ** (n - 1).toString(2).length; // values the masked byte can take
    for (let v = 0n; v < BigInt(n); v++) expect(counts.get(v)).toBe(256 / span);
    expect(counts.get('rejected') ?? 0).toBe((256 / span) * (span - n));
  });

  it('is exactly uniform over [0, 300): every two-byte value enumerated', () => {
    const counts = new Array<number>(300).fill(0);
    let rejected = 0;
    for (let hi = 0; hi < 256; hi++) {
      for (let lo = 0; lo < 256; lo++) {
        const outcome = oneAttempt([hi, lo], 300);
        if (outcome === 'rejected') rejected++;
        else counts[Number(outcome)]++;
      }
    }
    expect(new Set(counts)).toEqual(new Set([128])); // 65536 / 512 for every value
    expect(rejected).toBe(65536 - 300 * 128);
  });
});

describe('random sources', () => {
  it('seeds SHA-256 in counter mode: block i is SHA-256(seed || i as 64-bit big-endian)', () => {
    const block = (i: number) => {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(i));
      return createHash('sha256').update('tuki').update(counter).digest();
    };
    const expected = Buffer.concat([block(0), block(1), block(2)]);
    expect(Buffer.from(seededRandomBytes('tuki')(96))).toEqual(expected);
    // The same stream however the calls split it: leftovers carry to the next call.
    const split = seededRandomBytes('tuki');
    const pieces = [5, 40, 1, 50].map((n) => Buffer.from(split(n)));
    expect(Buffer.concat(pieces)).toEqual(expected);
  });

  it('scripts bytes in order and says so when the script runs out', () => {
    const random = scriptedRandomBytes([1, 2, 3]);
    expect([...random(2)]).toEqual([1, 2]);
    expect(() => random(2)).toThrow('scripted random bytes ran out: asked for 2 after 2 of 3 were used');
    expect(() => scriptedRandomBytes([256])).toThrow(RangeError);
  });
});

describe('sampleBernoulliExpMinus', () => {
  it('splits gamma > 1 into Bernoulli(exp(-1)) draws and the fractional part (scripted)', () => {
    // gamma = 5/2: two Bernoulli(exp(-1)) draws, each true here as [0x00 (k=2: 0 < 1), 0x01 (k=3: 1 >= 1, stop at
    // odd k)], then Bernoulli(exp(-1/2)): k=1 is uniformInt(2) < 1, 0x01 fails at k = 1, odd, so true.
    expect(
      drawAllScripted([0x00, 0x01, 0x00, 0x01, 0x01], (r) => sampleBernoulliExpMinus(r, { num: 5n, den: 2n })),
    ).toBe(true);
    // The first Bernoulli(exp(-1)) fails (0x01: k=2 stops, even), so false at once without drawing the rest.
    expect(drawAllScripted([0x01], (r) => sampleBernoulliExpMinus(r, { num: 5n, den: 2n }))).toBe(false);
  });

  it('is true with probability exp(-gamma) for gamma below and above 1 (seeded, within 4 standard errors)', () => {
    const random = seededRandomBytes('bernoulli-exp');
    const draws = 40_000;
    for (const [num, den] of [
      [1n, 3n],
      [1n, 1n],
      [5n, 2n],
    ]) {
      let hits = 0;
      for (let i = 0; i < draws; i++) if (sampleBernoulliExpMinus(random, { num, den })) hits++;
      const p = Math.exp(-Number(num) / Number(den));
      expect(Math.abs(hits / draws - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws));
    }
  });
});

describe('sampleDiscreteLaplace', () => {
  it('gives exactly the hand-computed integers for scripted bytes at epsilon 1, sensitivity 1 (s = 1, t = 1)', () => {
    // s = 1, t = 1, so U = uniformInt(1) = 0 and D = Bernoulli(exp(-0/1)) are decided without drawing a byte (k = 1
    // compares uniformInt(1) = 0 < 0: false at odd k, D = true). Y = V.
    // Bernoulli(exp(-1)) (gamma = 1/1): k=1 is uniformInt(1) < 1, always true, no byte; k=2 is one byte, low bit
    // (uniformInt(2)) < 1; k=3 is one byte & 0x03 (3 rejected) < 1; k=4 is one byte & 0x03 < 1. The draw is true when
    // the first false comes at an odd k. So [0x01] = false (stops at k=2); [0x00, 0x01] = true (stops at k=3).
    // B = uniformInt(2) < 1: a byte with low bit 0 means B = 1, the minus sign.
    const script = [
      // sample 1 = +2: V: [00 01] true, [00 02] true, [01] false, so V = 2; B: 01 -> low bit 1, B = 0.
      0x00, 0x01, 0x00, 0x02, 0x01, 0x01,
      // sample 2 = -1: V: [00 ff 02] true (0xff & 3 = 3 is rejected, redrawn as 2, which stops at k = 3), then
      // [00 00 01] false (k=2 true, k=3: 0 < 1 true, k=4: 1 >= 1 stops at even k), so V = 1; B: 02 -> low bit 0, B = 1.
      0x00, 0xff, 0x02, 0x00, 0x00, 0x01, 0x02,
      // sample 3 = 0 after a rejection: V: [01] false, V = 0; B: 00 -> B = 1 with Y = 0: rejected, start again.
      // V: [03] false (low bit 1), V = 0; B: ff -> low bit 1, B = 0: returns 0.
      0x01, 0x00, 0x03, 0xff,
      // sample 4 = +1: V: [00 01] true, [01] false, V = 1; B: 81 -> low bit 1, B = 0.
      0x00, 0x01, 0x01, 0x81,
    ];
    const samples = drawAllScripted(script, (r) => [1, 2, 3, 4].map(() => sampleDiscreteLaplace(r, 1, 1)));
    expect(samples).toEqual([2, -1, 0, 1]);
  });

  it('gives exactly the hand-computed integers for scripted bytes at epsilon 0.5, sensitivity 1 (s = 1, t = 2)', () => {
    // s = 1, t = 2, so Y = U + 2V. U = uniformInt(2): one byte, low bit. D = Bernoulli(exp(-U/2)): k=1 is one byte,
    // uniformInt(2) < U (for U = 0 the byte is still drawn, and always fails at k = 1: D = true); k=2 is one byte
    // & 0x03 (uniformInt(4)) < U; k=3 is one byte & 0x07 with 6 and 7 rejected (uniformInt(6)) < U.
    // Bernoulli(exp(-1)) and B as in the epsilon 1 case.
    const script = [
      // sample 1 = +1: U: 01 -> 1; D: 00 -> 0 < 1 true, k=2: 02 -> 2 >= 1 stops at even k, D = false: rejected.
      // Again: U: 01 -> 1; D: 01 -> 1 >= 1 stops at k = 1, D = true; V: [01] false, V = 0; Y = 1; B: 01 -> B = 0.
      0x01, 0x00, 0x02, 0x01, 0x01, 0x01, 0x01,
      // sample 2 = -2: U: 00 -> 0; D: 00 -> 0 < 0 false at k = 1, D = true; V: [00 01] true, [01] false, V = 1;
      // Y = 0 + 2 * 1 = 2; B: 00 -> B = 1.
      0x00, 0x00, 0x00, 0x01, 0x01, 0x00,
      // sample 3 = 0 after a rejection: U 00, D 00 (true), V [01] = 0, Y = 0; B 00 -> B = 1 with Y = 0: rejected.
      // Again: U 00, D 00, V [01], Y = 0; B 01 -> B = 0: returns 0.
      0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01,
      // sample 4 = -1: U: 03 & 0x01 -> 1; D: fe & 0x01 = 0 < 1 true; k=2: 04 & 0x03 = 0 < 1 true; k=3: 07 is
      // rejected, 05 -> 5 >= 1 stops at odd k, D = true; V: [01] = 0; Y = 1; B: 02 -> low bit 0, B = 1.
      0x03, 0xfe, 0x04, 0x07, 0x05, 0x01, 0x02,
    ];
    const samples = drawAllScripted(script, (r) => [1, 2, 3, 4].map(() => sampleDiscreteLaplace(r, 0.5, 1)));
    expect(samples).toEqual([1, -2, 0, -1]);
  });

  it('is deterministic for a fixed seed and differs for another seed', () => {
    const draw = (seed: string) => {
      const random = seededRandomBytes(seed);
      return Array.from({ length: 500 }, () => sampleDiscreteLaplace(random, 0.5, 5));
    };
    expect(draw('fixed')).toEqual(draw('fixed'));
    expect(draw('fixed')).not.toEqual(draw('other'));
  });

  it('refuses a sensitivity that is not a positive integer', () => {
    const random = seededRandomBytes('x');
    expect(() => sampleDiscreteLaplace(random, 1, 0)).toThrow(RangeError);
    expect(() => sampleDiscreteLaplace(random, 1, 1.5)).toThrow(RangeError);
  });
});

/**
 * The 0.999 quantile of chi-square with `df` degrees of freedom by the Wilson–Hilferty approximation,
 * df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3 with z = 3.0902 the standard normal's 0.999 quantile. Slightly above the exact
 * value for these df (see the check against table values below), so the test errs towards passing a good sampler.
 */
function chiSquareCritical999(df: number): number {
  const z = 3.090232306167813;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

interface ChiSquare {
  statistic: number;
  bins: number;
}

/**
 * Bins y = -m..m one by one and pools each tail beyond m, with m the largest such that every bin expects at least 5
 * under the true distribution (epsilon, sensitivity); then compares the counts with `pmf` over those bins.
 */
function chiSquare(samples: number[], epsilon: number, sensitivity: number, pmf: (y: number) => number): ChiSquare {
  const n = samples.length;
  const truth = (y: number) => discreteLaplacePmf(y, epsilon, sensitivity);
  const p = Math.exp(-epsilon / sensitivity);
  const upperTail = (m: number) => p ** (m + 1) / (1 + p); // P(Y > m) for the true distribution
  let m = 0;
  while (n * truth(m + 1) >= 5 && n * upperTail(m + 1) >= 5) m++;

  const observed = new Map<number, number>();
  for (const y of samples) {
    const bin = Math.max(-m - 1, Math.min(m + 1, y)); // -m-1 and m+1 stand for the pooled tails
    observed.set(bin, (observed.get(bin) ?? 0) + 1);
  }
  let central = 0;
  for (let y = -m; y <= m; y++) central += pmf(y);
  let statistic = 0;
  for (let bin = -m - 1; bin <= m + 1; bin++) {
    const probability = Math.abs(bin) === m + 1 ? (1 - central) / 2 : pmf(bin);
    const expected = n * probability;
    statistic += ((observed.get(bin) ?? 0) - expected) ** 2 / expected;
  }
  return { statistic, bins: 2 * m + 3 };
}

describe('discrete Laplace distribution (chi-square goodness of fit)', () => {
  it('uses a Wilson–Hilferty critical value within 0.5% of the tabled 0.999 quantiles', () => {
    expect(chiSquareCritical999(20) / 45.315).toBeCloseTo(1, 2);
    expect(chiSquareCritical999(100) / 149.449).toBeCloseTo(1, 2);
    expect(chiSquareCritical999(20)).toBeGreaterThan(45.315);
  });

  // With these seeds: epsilon 1 gives 28.20 over 19 bins (df 18, critical 42.44) and 11544 against epsilon 1.3;
  // epsilon 0.5, sensitivity 5 gives 164.30 over 141 bins (df 140, critical 197.50) and 10441 against epsilon 0.65.
  it.each([
    { epsilon: 1, sensitivity: 1, wrongEpsilon: 1.3 },
    { epsilon: 0.5, sensitivity: 5, wrongEpsilon: 0.65 },
  ])(
    'fits P(y) ∝ exp(-$epsilon|y|/$sensitivity) over 100,000 seeded samples, and rejects epsilon $wrongEpsilon',
    ({ epsilon, sensitivity, wrongEpsilon }) => {
      const random = seededRandomBytes(`chi-square ${epsilon} ${sensitivity}`);
      const samples = Array.from({ length: 100_000 }, () => sampleDiscreteLaplace(random, epsilon, sensitivity));

      const fit = chiSquare(samples, epsilon, sensitivity, (y) => discreteLaplacePmf(y, epsilon, sensitivity));
      const critical = chiSquareCritical999(fit.bins - 1);
      expect(fit.statistic).toBeLessThan(critical);

      // The same samples against a wrong epsilon: the test has the power to fail.
      const wrong = chiSquare(samples, epsilon, sensitivity, (y) => discreteLaplacePmf(y, wrongEpsilon, sensitivity));
      expect(wrong.statistic).toBeGreaterThan(10 * critical);

      // And the moments: mean 0, variance 2p / (1 - p)^2.
      const p = Math.exp(-epsilon / sensitivity);
      const mean = samples.reduce((sum, y) => sum + y, 0) / samples.length;
      const variance = samples.reduce((sum, y) => sum + (y - mean) ** 2, 0) / samples.length;
      const expectedVariance = (2 * p) / (1 - p) ** 2;
      expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(expectedVariance / samples.length));
      expect(variance / expectedVariance).toBeCloseTo(1, 1);
    },
  );
});

describe('epsilonAsFraction', () => {
  it.each([
    [0.5, 1n, 2n],
    [1, 1n, 1n],
    [0.125, 1n, 8n],
    [2.75, 11n, 4n],
    [0.05, 1n, 20n],
    [10, 10n, 1n],
    [1.001, 1001n, 1000n],
  ])('turns %p into %p/%p exactly', (epsilon, num, den) => {
    expect(epsilonAsFraction(epsilon)).toEqual({ num, den });
  });

  it.each([0, -1, NaN, Infinity, 0.0001, 0.049, 0.1234, 10.001, 11])('refuses %p', (epsilon) => {
    expect(() => epsilonAsFraction(epsilon)).toThrow(RangeError);
  });
});

describe('discreteLaplacePmf', () => {
  it('sums to 1 and is symmetric', () => {
    let total = 0;
    for (let y = -200; y <= 200; y++) total += discreteLaplacePmf(y, 0.5, 5);
    expect(total).toBeCloseTo(1, 6);
    expect(discreteLaplacePmf(-3, 1, 1)).toBe(discreteLaplacePmf(3, 1, 1));
    expect(discreteLaplacePmf(0.5, 1, 1)).toBe(0);
  });
});
