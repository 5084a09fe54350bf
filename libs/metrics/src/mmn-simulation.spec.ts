import { simulateMmnQueue } from './mmn-simulation';

describe('simulateMmnQueue', () => {
  const oneAgent = {
    arrivalRatePerSecond: 0.5,
    handleTimeSeconds: 1,
    patienceSeconds: Infinity,
    agents: 1,
    targetSeconds: 1,
    arrivals: 400_000,
    warmUpArrivals: 1_000,
    seed: 11,
  };

  it('reproduces M/M/1 at 50 % load: half the callers wait, for 1 s on average, 69.7 % within 1 s', () => {
    // M/M/1 by hand: P(wait) = ρ = 0.5, mean wait ρ/(μ − λ) = 1 s, P(wait ≤ t) = 1 − ρ·e^{−(μ−λ)t} = 1 − 0.5·e^{−0.5}.
    const result = simulateMmnQueue(oneAgent);
    expect(result.arrivals).toBe(400_000);
    expect(result.abandoned).toBe(0);
    expect(result.probabilityOfWaiting).toBeCloseTo(0.5, 2);
    expect(result.meanWaitOfServed).toBeGreaterThan(0.97);
    expect(result.meanWaitOfServed).toBeLessThan(1.03);
    expect(result.serviceLevel).toBeCloseTo(1 - 0.5 * Math.exp(-0.5), 2);
  });

  it('turns into Erlang B when callers will not wait: 3 Erlangs on 5 agents lose 11.0 %', () => {
    // B(3, 5) = (3⁵/5!) / (1 + 3 + 9/2 + 27/6 + 81/24 + 243/120) = 2.025 / 18.4 = 0.11005.
    const result = simulateMmnQueue({
      ...oneAgent,
      arrivalRatePerSecond: 1,
      handleTimeSeconds: 3,
      agents: 5,
      patienceSeconds: 1e-6,
    });
    expect(result.abandonmentRate).toBeCloseTo(2.025 / 18.4, 2);
    expect(result.answered + result.abandoned).toBe(result.arrivals);
  });

  it('gives the same figures for the same seed and different ones for another seed', () => {
    const short = { ...oneAgent, arrivals: 5_000 };
    expect(simulateMmnQueue(short)).toEqual(simulateMmnQueue(short));
    expect(simulateMmnQueue({ ...short, seed: 12 })).not.toEqual(simulateMmnQueue(short));
  });

  it('rejects a queue with no agents or no arrivals', () => {
    expect(() => simulateMmnQueue({ ...oneAgent, agents: 0 })).toThrow(RangeError);
    expect(() => simulateMmnQueue({ ...oneAgent, arrivals: 0 })).toThrow(RangeError);
    expect(() => simulateMmnQueue({ ...oneAgent, arrivalRatePerSecond: 0 })).toThrow(RangeError);
  });
});
