import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('gives the outputs of the reference C xoshiro128** from state {1, 2, 3, 4}', () => {
    // Printed by Blackman & Vigna's xoshiro128starstar.c, compiled with gcc, seeded s = {1, 2, 3, 4}.
    const random = SeededRandom.fromState([1, 2, 3, 4]);
    const outputs = Array.from({ length: 8 }, () => random.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('matches the reference C code on its 101st output from a state with high bits set', () => {
    const random = SeededRandom.fromState([0xdeadbeef, 0x12345678, 0, 0xffffffff]);
    for (let i = 0; i < 100; i++) random.nextUint32();
    expect(random.nextUint32()).toBe(2952732887);
  });

  it('repeats a stream for the same seed and gives another for the next seed', () => {
    const draw = (seed: number) => {
      const random = SeededRandom.fromSeed(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and exponentials with the asked mean', () => {
    const random = SeededRandom.fromSeed(7);
    const draws = 200_000;
    let uniformSum = 0;
    let exponentialSum = 0;
    let lowest = 1;
    let highest = 0;
    for (let i = 0; i < draws; i++) {
      const u = random.next();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      uniformSum += u;
      exponentialSum += random.exponential(30);
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    // Standard errors: 0.29/√n = 0.00065 for the uniform mean and 30/√n = 0.067 for the exponential one.
    expect(Math.abs(uniformSum / draws - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(exponentialSum / draws - 30)).toBeLessThan(0.3);
  });

  it('refuses the all-zero state, on which xoshiro is stuck at 0', () => {
    expect(() => SeededRandom.fromState([0, 0, 0, 0])).toThrow(RangeError);
  });
});
