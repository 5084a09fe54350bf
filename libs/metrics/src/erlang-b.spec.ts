import { erlangB, logAddExp, logInverseErlangB, softplus } from './erlang-b';

describe('Erlang B', () => {
  it('gives 4/19 for 2 Erlangs on 3 agents, as the direct sum (8/6) / (1 + 2 + 2 + 8/6) does by hand', () => {
    expect(erlangB(2, 3)).toBeCloseTo(4 / 19, 15);
  });

  it('blocks every arrival with no agents and none when there is no load', () => {
    expect(erlangB(5, 0)).toBe(1);
    expect(erlangB(0, 10)).toBe(0);
  });

  it('stays finite at 1000 agents and 900 Erlangs, where A^N/N! alone would overflow', () => {
    const blocking = erlangB(900, 1000);
    expect(blocking).toBeGreaterThan(0);
    expect(blocking).toBeLessThan(1e-3);
    expect(Math.exp(-logInverseErlangB(900, 1000))).toBeCloseTo(blocking, 15);
  });

  it('keeps ln(1/B) exact when B underflows: 0.5 Erlangs on 1000 agents', () => {
    // 1/B = Σ_{k≤N} N!/k!·A^{k−N} = N!·2^N·Σ_{k≤N} 0.5^k/k!, and Σ_{k≤1000} 0.5^k/k! is e^{0.5} to double precision.
    let logFactorial = 0;
    for (let n = 2; n <= 1000; n++) logFactorial += Math.log(n);
    const expected = logFactorial + 1000 * Math.LN2 + 0.5;
    expect(erlangB(0.5, 1000)).toBe(0);
    expect(logInverseErlangB(0.5, 1000)).toBeCloseTo(expected, 9);
  });

  it('rejects a negative load or a fractional number of agents', () => {
    expect(() => erlangB(-1, 3)).toThrow(RangeError);
    expect(() => erlangB(1, 2.5)).toThrow(RangeError);
    expect(() => logInverseErlangB(0, 3)).toThrow(RangeError);
  });
});

describe('log-space helpers', () => {
  it('computes ln(1 + e^x) without overflow at either end', () => {
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(Math.exp(-1000));
  });

  it('adds numbers given as logarithms, treating -Infinity as zero', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 7)).toBe(7);
  });
});
