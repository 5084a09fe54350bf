import { agentsNeeded, erlangC, erlangCProbabilityOfWaiting } from './erlang-c';

/**
 * Erlang C by the textbook sum, in exact integer arithmetic, as an independent check of the Erlang B recursion:
 * multiplying numerator and denominator by N!·(N − A) leaves C = A^N·N / ((N − A)·Σ_{k<N} A^k·N!/k! + A^N·N).
 */
function exactErlangC(load: number, agents: number): number {
  const a = BigInt(load);
  const n = BigInt(agents);
  const powers: bigint[] = [1n];
  for (let k = 1; k <= agents; k++) powers.push(powers[k - 1] * a);
  // Σ_{k<N} A^k·N!/k!, from k = N − 1 down, N!/k! gaining one factor per step.
  let sum = 0n;
  let factorialRatio = n; // N!/(N − 1)!
  for (let k = agents - 1; k >= 0; k--) {
    sum += powers[k] * factorialRatio;
    factorialRatio *= BigInt(k);
  }
  const numerator = powers[agents] * n;
  const denominator = (n - a) * sum + numerator;
  const scale = 10n ** 30n;
  return Number((numerator * scale) / denominator) / 1e30;
}

describe('Erlang C probability of waiting', () => {
  it('is 4/9 for 2 Erlangs on 3 agents (A³/3!·3/(3−2) = 4 against 1 + 2 + 2 + 4)', () => {
    expect(exactErlangC(2, 3)).toBeCloseTo(4 / 9, 15);
    expect(erlangCProbabilityOfWaiting(2, 3)).toBeCloseTo(4 / 9, 14);
  });

  it('is 0.68212 for 10 Erlangs on 11 agents, as the exact sum says', () => {
    expect(exactErlangC(10, 11)).toBeCloseTo(0.6821182046893324, 15);
    expect(erlangCProbabilityOfWaiting(10, 11)).toBeCloseTo(exactErlangC(10, 11), 13);
  });

  it('matches the exact sum at 900 Erlangs on 920 and on 1000 agents', () => {
    expect(erlangCProbabilityOfWaiting(900, 920)).toBeCloseTo(exactErlangC(900, 920), 12);
    expect(erlangCProbabilityOfWaiting(900, 1000)).toBeCloseTo(exactErlangC(900, 1000), 14);
    expect(exactErlangC(900, 920)).toBeCloseTo(0.394994758636316, 14);
  });
});

describe('erlangC', () => {
  const callCentre = { arrivalRatePerSecond: 360 / 3600, handleTimeSeconds: 240, agents: 29, targetSeconds: 20 };

  it('gives 84.0 % in 20 s and a 11.6 s ASA for 360 contacts an hour of 240 s on 29 agents', () => {
    const result = erlangC(callCentre);
    const exact = exactErlangC(24, 29);
    expect(result.offeredLoad).toBeCloseTo(24, 12);
    expect(result.probabilityOfWaiting).toBeCloseTo(exact, 13); // 0.24227
    expect(result.serviceLevel).toBeCloseTo(1 - exact * Math.exp((-(29 - 24) * 20) / 240), 13);
    expect(result.serviceLevel).toBeCloseTo(0.840283145662605, 12);
    expect(result.averageSpeedOfAnswer).toBeCloseTo((exact * 240) / 5, 11);
    expect(result.averageSpeedOfAnswer).toBeCloseTo(11.629151264332679, 10);
    expect(result.occupancy).toBeCloseTo(24 / 29, 15);
    expect(result.stable).toBe(true);
  });

  it('answers nobody within the target and never on average when agents do not exceed the load', () => {
    for (const agents of [0, 12, 24]) {
      const result = erlangC({ ...callCentre, agents });
      expect(result).toEqual({
        offeredLoad: expect.closeTo(24, 12),
        stable: false,
        probabilityOfWaiting: 1,
        serviceLevel: 0,
        averageSpeedOfAnswer: Infinity,
        occupancy: 1,
      });
    }
  });

  it('counts every contact as answered at once when nobody arrives', () => {
    const result = erlangC({ ...callCentre, arrivalRatePerSecond: 0, agents: 0 });
    expect(result.serviceLevel).toBe(1);
    expect(result.averageSpeedOfAnswer).toBe(0);
  });

  it('gives the probability of not waiting as the service level at a 0 s target', () => {
    const result = erlangC({ ...callCentre, targetSeconds: 0 });
    expect(result.serviceLevel).toBeCloseTo(1 - result.probabilityOfWaiting, 15);
  });

  it('rejects negative rates and fractional agents', () => {
    expect(() => erlangC({ ...callCentre, arrivalRatePerSecond: -1 })).toThrow(RangeError);
    expect(() => erlangC({ ...callCentre, handleTimeSeconds: 0 })).toThrow(RangeError);
    expect(() => erlangC({ ...callCentre, agents: 28.5 })).toThrow(RangeError);
    expect(() => erlangC({ ...callCentre, targetSeconds: -5 })).toThrow(RangeError);
  });
});

describe('agentsNeeded', () => {
  const target = { arrivalRatePerSecond: 360 / 3600, handleTimeSeconds: 240, targetSeconds: 20, serviceLevel: 0.8 };
  const serviceLevelAt = (agents: number, load: number, handle: number, seconds: number) =>
    1 - exactErlangC(load, agents) * Math.exp((-(agents - load) * seconds) / handle);

  it('staffs 360 contacts an hour of 240 s at 80/20 with 29 agents: 28 give 76.1 %, 29 give 84.0 %', () => {
    expect(serviceLevelAt(28, 24, 240, 20)).toBeCloseTo(0.7613, 4);
    expect(serviceLevelAt(29, 24, 240, 20)).toBeCloseTo(0.8403, 4);
    expect(agentsNeeded(target)).toBe(29);
  });

  it('staffs 100 contacts in 30 minutes of 180 s at 80/20 with 14 agents: 13 give 79.6 %, 14 give 88.8 %', () => {
    expect(serviceLevelAt(13, 10, 180, 20)).toBeCloseTo(0.7956, 4);
    expect(serviceLevelAt(14, 10, 180, 20)).toBeCloseTo(0.8884, 4);
    expect(
      agentsNeeded({ arrivalRatePerSecond: 100 / 1800, handleTimeSeconds: 180, targetSeconds: 20, serviceLevel: 0.8 }),
    ).toBe(14);
  });

  it('adds agents to keep occupancy at or under the ceiling: 24 Erlangs at 80 % occupancy need 30', () => {
    expect(agentsNeeded({ ...target, maxOccupancy: 0.8 })).toBe(30);
  });

  it('staffs 900 Erlangs at 80/20 with 911 agents: 910 give 78.8 %, 911 give 81.9 %', () => {
    expect(serviceLevelAt(910, 900, 180, 20)).toBeCloseTo(0.7876, 4);
    expect(serviceLevelAt(911, 900, 180, 20)).toBeCloseTo(0.8186, 4);
    expect(
      agentsNeeded({ arrivalRatePerSecond: 5, handleTimeSeconds: 180, targetSeconds: 20, serviceLevel: 0.8 }),
    ).toBe(911);
  });

  it('needs just more agents than the load for a 0 % target, and none when nobody arrives', () => {
    expect(agentsNeeded({ ...target, serviceLevel: 0 })).toBe(25);
    expect(agentsNeeded({ ...target, arrivalRatePerSecond: 0 })).toBe(0);
  });

  it('rejects a 100 % target, which random arrivals never meet', () => {
    expect(() => agentsNeeded({ ...target, serviceLevel: 1 })).toThrow(RangeError);
    expect(() => agentsNeeded({ ...target, maxOccupancy: 0 })).toThrow(RangeError);
  });
});
