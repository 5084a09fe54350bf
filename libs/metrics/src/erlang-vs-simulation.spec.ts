import { erlangA } from './erlang-a';
import { erlangC } from './erlang-c';
import { simulateMmnQueue } from './mmn-simulation';

/**
 * The proof: the formulas against a simulation that shares none of their algebra, with a fixed seed. The
 * tolerances are the (service level within 2 points, mean wait of answered callers within 5 %); the run
 * lengths are chosen so those tolerances are several standard errors wide, not met by a lucky seed. Waits in a big,
 * lightly loaded team come in rare bursts, so its mean wait is noisy: at 100,000 arrivals it scatters by ~11 %
 * from seed to seed, at 5,000,000 by ~1.3 %; the small teams settle within ~1.2 % at 400,000.
 */
const WARM_UP = 10_000;

describe('Erlang A against the simulation', () => {
  it.each([
    {
      name: '190 agents, 1 contact/s of 180 s, 120 s patience',
      queue: { arrivalRatePerSecond: 1, handleTimeSeconds: 180, patienceSeconds: 120, agents: 190, targetSeconds: 20 },
      arrivals: 5_000_000,
    },
    {
      name: '12 agents, 3 contacts/min of 240 s, 60 s patience',
      queue: { arrivalRatePerSecond: 0.05, handleTimeSeconds: 240, patienceSeconds: 60, agents: 12, targetSeconds: 20 },
      arrivals: 400_000,
    },
    {
      name: '50 agents against 60 Erlangs (overloaded), 120 s patience',
      queue: { arrivalRatePerSecond: 0.2, handleTimeSeconds: 300, patienceSeconds: 120, agents: 50, targetSeconds: 30 },
      arrivals: 400_000,
    },
  ])('agrees on service level, abandonment and mean wait for $name', ({ queue, arrivals }) => {
    const analytic = erlangA(queue);
    const simulated = simulateMmnQueue({ ...queue, arrivals, warmUpArrivals: WARM_UP, seed: 1 });
    expect(Math.abs(simulated.serviceLevel - analytic.serviceLevel)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(simulated.meanWaitOfServed / analytic.averageWaitOfServed - 1)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(simulated.abandonmentRate - analytic.probabilityOfAbandonment)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(simulated.probabilityOfWaiting - analytic.probabilityOfWaiting)).toBeLessThanOrEqual(0.02);
    expect(
      Math.abs(simulated.serviceLevelCountingAbandonsWithinTarget - analytic.serviceLevelCountingAbandonsWithinTarget),
    ).toBeLessThanOrEqual(0.02);
  });
});

describe('Erlang C against the simulation with callers who never hang up', () => {
  it('agrees for 360 contacts an hour of 240 s on 29 agents (84.0 % in 20 s, 11.6 s ASA)', () => {
    const queue = { arrivalRatePerSecond: 0.1, handleTimeSeconds: 240, agents: 29, targetSeconds: 20 };
    const analytic = erlangC(queue);
    const simulated = simulateMmnQueue({
      ...queue,
      patienceSeconds: Infinity,
      arrivals: 4_000_000,
      warmUpArrivals: WARM_UP,
      seed: 1,
    });
    expect(simulated.abandoned).toBe(0);
    expect(Math.abs(simulated.serviceLevel - analytic.serviceLevel)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(simulated.meanWaitOfServed / analytic.averageSpeedOfAnswer - 1)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(simulated.probabilityOfWaiting - analytic.probabilityOfWaiting)).toBeLessThanOrEqual(0.02);
  });
});
