import { uniformInt, type RandomBytes } from './random-source';

/**
 * Exact discrete Laplace noise for differential privacy, after Canonne, Kamath & Steinke, "The Discrete Gaussian for
 * Differential Privacy" (NeurIPS 2020), Algorithms 1 and 2.
 *
 * Why exact: noise drawn through floating point (inverse CDF of a double, `Math.log(Math.random())`) has gaps and
 * biases in its tails that can leak the true count (Mironov, CCS 2012). Here every decision is an integer comparison
 * against an exactly uniform integer, so the output distribution is exactly the one the privacy proof assumes.
 */

/** A non-negative rational number num / den, with den > 0, in exact integers. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

const MIN_EPSILON_THOUSANDTHS = 50;
const MAX_EPSILON_THOUSANDTHS = 10_000;
const LARGEST_SAFE_INTEGER = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Epsilon as an exact reduced fraction. Epsilon arrives as a decimal with at most 3 decimals between 0.05 and 10 (what
 * the export DTO accepts), so it is k / 1000 for an integer k; anything else is refused rather than approximated,
 * because an approximated epsilon would silently spend a different privacy budget than the one charged.
 */
export function epsilonAsFraction(epsilon: number): Fraction {
  const thousandths = Math.round(epsilon * 1000);
  // k / 1000 is correctly rounded, so it equals `epsilon` exactly when epsilon is the double nearest a 3-decimal value.
  if (!Number.isFinite(epsilon) || thousandths / 1000 !== epsilon) {
    throw new RangeError(`epsilon must be a number with at most 3 decimals, not ${epsilon}`);
  }
  if (thousandths < MIN_EPSILON_THOUSANDTHS || thousandths > MAX_EPSILON_THOUSANDTHS) {
    throw new RangeError(`epsilon must be between 0.05 and 10, not ${epsilon}`);
  }
  const divisor = gcd(BigInt(thousandths), 1000n);
  return { num: BigInt(thousandths) / divisor, den: 1000n / divisor };
}

/**
 * Noise y with P(y) proportional to exp(-epsilon * |y| / sensitivity), over all integers: the discrete Laplace
 * mechanism, epsilon-differentially private for a count that one person moves by at most `sensitivity`.
 *
 * With epsilon = num / den this is CKS Algorithm 2 at scale t / s with s = num and t = den * sensitivity.
 */
export function sampleDiscreteLaplace(random: RandomBytes, epsilon: number, sensitivity: number): number {
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1) {
    throw new RangeError(`sensitivity must be a positive integer, not ${sensitivity}`);
  }
  const { num, den } = epsilonAsFraction(epsilon);
  const noise = sampleDiscreteLaplaceScaled(random, num, den * BigInt(sensitivity));
  // Beyond 2^53 the magnitude would need ~2^53 * s / t consecutive successes: impossible in practice, checked anyway.
  if (noise > LARGEST_SAFE_INTEGER || noise < -LARGEST_SAFE_INTEGER) {
    throw new RangeError('discrete Laplace noise out of the safe integer range');
  }
  return Number(noise);
}

/**
 * The exact probability that `sampleDiscreteLaplace` returns y: (1 - p) / (1 + p) * p^|y| with
 * p = exp(-epsilon / sensitivity). Floating point, for tests and documentation only; the sampler never uses it.
 */
export function discreteLaplacePmf(y: number, epsilon: number, sensitivity: number): number {
  if (!(epsilon > 0) || !(sensitivity > 0)) throw new RangeError('epsilon and sensitivity must be positive');
  if (!Number.isInteger(y)) return 0;
  const p = Math.exp(-epsilon / sensitivity);
  return ((1 - p) / (1 + p)) * p ** Math.abs(y);
}

/**
 * CKS Algorithm 2: discrete Laplace with scale t / s, P(Y = y) proportional to exp(-|y| * s / t), for positive
 * integers s and t. Each round draws, in this order: U uniform in [0, t); D ~ Bernoulli(exp(-U / t)), restarting if
 * false; V = the number of Bernoulli(exp(-1)) successes before the first failure; then B ~ Bernoulli(1/2), as
 * uniformInt(2) < 1 (so B is 1, the negative sign, when the drawn byte's low bit is 0). Y = floor((U + t V) / s);
 * B = 1 with Y = 0 restarts (otherwise 0 would be counted twice); the result is (1 - 2B) Y.
 */
function sampleDiscreteLaplaceScaled(random: RandomBytes, s: bigint, t: bigint): bigint {
  const one: Fraction = { num: 1n, den: 1n };
  for (;;) {
    const u = uniformInt(random, t);
    if (!sampleBernoulliExpMinus(random, { num: u, den: t })) continue;
    let v = 0n;
    while (sampleBernoulliExpMinus(random, one)) v++;
    const y = (u + t * v) / s; // bigint division floors for non-negative operands
    const negative = sampleBernoulli(random, { num: 1n, den: 2n });
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

/**
 * CKS Algorithm 1: true with probability exp(-gamma), for a rational gamma >= 0, exactly.
 *
 * For gamma <= 1: draw A_k ~ Bernoulli(gamma / k) for k = 1, 2, ... until the first A_k = 0; return true when that k is
 * odd (P(first failure at k) telescopes to the series of exp(-gamma)). For gamma > 1: floor(gamma) draws of
 * Bernoulli(exp(-1)), stopping at the first false, then one Bernoulli(exp(-(gamma - floor(gamma)))).
 * Bytes: each Bernoulli(gamma / k) is uniformInt(den * k) < num, nothing skipped, even when the answer is certain.
 */
export function sampleBernoulliExpMinus(random: RandomBytes, gamma: Fraction): boolean {
  const { num, den } = gamma;
  if (num < 0n || den < 1n) throw new RangeError(`gamma must be a non-negative fraction, not ${num}/${den}`);
  if (num <= den) {
    let k = 1n;
    while (sampleBernoulli(random, { num, den: den * k })) k++;
    return k % 2n === 1n;
  }
  const whole = num / den;
  for (let i = 0n; i < whole; i++) {
    if (!sampleBernoulliExpMinus(random, { num: 1n, den: 1n })) return false;
  }
  return sampleBernoulliExpMinus(random, { num: num % den, den });
}

/** True with probability num / den (at most 1): an exactly uniform integer in [0, den) compared with num. */
function sampleBernoulli(random: RandomBytes, probability: Fraction): boolean {
  return uniformInt(random, probability.den) < probability.num;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
