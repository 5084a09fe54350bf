/**
 * Erlang B: the probability that an arrival finds all N servers busy in a loss system (M/M/N/N) with offered load
 * A = λ·h Erlangs. Erlang C and Erlang A are both built on it.
 *
 * The textbook form A^N/N! / Σ_{k≤N} A^k/k! overflows long before N = 1000. The recursion
 *   B(0) = 1,   B(n) = A·B(n-1) / (n + A·B(n-1))
 * only ever handles numbers in [0, 1], so it is stable for any N and A. Its inverse, 1/B(n) = 1 + (n/A)·(1/B(n-1)),
 * is Σ_{k≤N} π_k/π_N (the idle-and-busy states measured against the all-busy state); when A is small against N that
 * grows past 1e308, so `logInverseErlangB` runs the same recursion in log space.
 */

/** Erlang B blocking probability for `offeredLoad` Erlangs on `agents` servers (0 when the load is 0). */
export function erlangB(offeredLoad: number, agents: number): number {
  assertLoadAndAgents(offeredLoad, agents);
  let blocking = 1;
  for (let n = 1; n <= agents; n++) {
    const carried = offeredLoad * blocking;
    blocking = carried / (n + carried);
  }
  return blocking;
}

/**
 * ln(1 / B(agents, offeredLoad)) without overflow or underflow, for offeredLoad > 0: with y(n) = ln(1/B(n)),
 * y(n) = ln(1 + e^{z}) where z = ln(n/A) + y(n-1), evaluated as a softplus so neither branch overflows.
 */
export function logInverseErlangB(offeredLoad: number, agents: number): number {
  assertLoadAndAgents(offeredLoad, agents);
  if (!(offeredLoad > 0)) throw new RangeError('logInverseErlangB needs a positive offered load');
  let logInverse = 0;
  for (let n = 1; n <= agents; n++) {
    const z = Math.log(n / offeredLoad) + logInverse;
    logInverse = softplus(z);
  }
  return logInverse;
}

/** ln(1 + e^x), exact to double precision for any x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** ln(e^a + e^b) without overflow; -Infinity stands for ln 0. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

function assertLoadAndAgents(offeredLoad: number, agents: number): void {
  if (!Number.isFinite(offeredLoad) || offeredLoad < 0) throw new RangeError('offered load must be finite and >= 0');
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number >= 0');
}
