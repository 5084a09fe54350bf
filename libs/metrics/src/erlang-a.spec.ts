import { agentsNeededErlangA, erlangA, type ErlangAInput } from './erlang-a';
import { erlangC } from './erlang-c';

/**
 * Erlang A the long way round, sharing no algebra with erlang-a.ts: stationary weights as plain products, and the
 * tagged caller's absorbing chain (j callers ahead; leaves j at rate Nμ + jγ, hangs up at rate γ) integrated with
 * RK4 for P(served by t) and P(hung up by t), plus a first-step analysis for the mean wait of those served.
 */
function directErlangA({
  arrivalRatePerSecond: lambda,
  handleTimeSeconds,
  patienceSeconds,
  agents,
  targetSeconds,
}: ErlangAInput) {
  const mu = 1 / handleTimeSeconds;
  const gamma = 1 / patienceSeconds;
  const states = 80; // queue lengths 0..79; the weights below fall far under 1e-20 by then
  const idle: number[] = [1];
  for (let n = 1; n < agents; n++) idle.push((idle[n - 1] * lambda) / (n * mu));
  let allBusy = agents === 0 ? 1 : (idle[agents - 1] * lambda) / (agents * mu);
  const queued: number[] = [];
  for (let k = 0; k < states; k++) {
    if (k > 0) allBusy *= lambda / (agents * mu + k * gamma);
    queued.push(allBusy);
  }
  const total = idle.slice(0, agents).reduce((s, w) => s + w, 0) + queued.reduce((s, w) => s + w, 0);
  const leave = (j: number) => agents * mu + j * gamma;

  // Backward equations: served'_j = r_j·(served_{j−1} − served_j) − γ·served_j (served_{−1} = 1), and likewise for
  // hung up with hungUp_{−1} = 0 and + γ·(1 − hungUp_j).
  const derivative = (y: number[]) =>
    y.map((_, i) => {
      const j = i % states;
      const isServed = i < states;
      const before = j === 0 ? (isServed ? 1 : 0) : y[i - 1];
      return leave(j) * (before - y[i]) + gamma * ((isServed ? 0 : 1) - y[i]);
    });
  let y = new Array<number>(2 * states).fill(0);
  const steps = 2000;
  const h = targetSeconds / steps;
  for (let step = 0; step < steps; step++) {
    const k1 = derivative(y);
    const k2 = derivative(y.map((v, i) => v + (h / 2) * k1[i]));
    const k3 = derivative(y.map((v, i) => v + (h / 2) * k2[i]));
    const k4 = derivative(y.map((v, i) => v + h * k3[i]));
    y = y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  let served = 1; // P(served | j − 1 ahead), starting from "already at an agent"
  let servedWait = 0; // E[wait; served | j − 1 ahead]
  let sums = { waiting: 0, abandoned: 0, answeredWithin: 0, abandonedWithin: 0, served: 0, servedWait: 0 };
  for (let j = 0; j < states; j++) {
    const exit = leave(j) + gamma;
    servedWait = (leave(j) / exit) * (served / exit + servedWait);
    served = (leave(j) / exit) * served;
    const p = queued[j] / total;
    sums = {
      waiting: sums.waiting + p,
      abandoned: sums.abandoned + p * (1 - served),
      answeredWithin: sums.answeredWithin + p * y[j],
      abandonedWithin: sums.abandonedWithin + p * y[states + j],
      served: sums.served + p * served,
      servedWait: sums.servedWait + p * servedWait,
    };
  }
  const idleShare = 1 - sums.waiting;
  return {
    probabilityOfWaiting: sums.waiting,
    probabilityOfAbandonment: sums.abandoned,
    serviceLevel: idleShare + sums.answeredWithin,
    probabilityAbandonedWithinTarget: sums.abandonedWithin,
    averageWaitOfServed: sums.servedWait / (idleShare + sums.served),
  };
}

describe('erlangA', () => {
  it.each([
    { arrivalRatePerSecond: 0.5, handleTimeSeconds: 1, patienceSeconds: 2, agents: 1, targetSeconds: 1 },
    { arrivalRatePerSecond: 2, handleTimeSeconds: 1, patienceSeconds: 1, agents: 3, targetSeconds: 0.5 },
    { arrivalRatePerSecond: 4, handleTimeSeconds: 1, patienceSeconds: 0.5, agents: 2, targetSeconds: 2 },
  ])(
    'matches the step-by-step computation for $agents agent(s), λ $arrivalRatePerSecond/s, patience $patienceSeconds s',
    (input) => {
      const direct = directErlangA(input);
      const result = erlangA(input);
      expect(result.probabilityOfWaiting).toBeCloseTo(direct.probabilityOfWaiting, 12);
      expect(result.probabilityOfAbandonment).toBeCloseTo(direct.probabilityOfAbandonment, 12);
      expect(result.serviceLevel).toBeCloseTo(direct.serviceLevel, 10);
      expect(result.probabilityAbandonedWithinTarget).toBeCloseTo(direct.probabilityAbandonedWithinTarget, 10);
      expect(result.averageWaitOfServed).toBeCloseTo(direct.averageWaitOfServed, 12);
    },
  );

  // Reference figures from an independent solution: mpmath (50 digits) for the state weights and SciPy's matrix
  // exponential of the truncated tagged-caller chain for the service level and abandons within target.
  it.each([
    {
      input: { arrivalRatePerSecond: 1, handleTimeSeconds: 180, patienceSeconds: 120, agents: 190, targetSeconds: 20 },
      expected: {
        probabilityOfWaiting: 0.21690191023971436,
        probabilityOfAbandonment: 0.011825028525747504,
        serviceLevel: 0.9825293564443507,
        probabilityAbandonedWithinTarget: 0.011642187086282172,
        averageWaitOfServed: 1.3694708119100159,
      },
    },
    {
      input: { arrivalRatePerSecond: 0.05, handleTimeSeconds: 240, patienceSeconds: 60, agents: 12, targetSeconds: 20 },
      expected: {
        probabilityOfWaiting: 0.3894577165528596,
        probabilityOfAbandonment: 0.15127134254608773,
        serviceLevel: 0.7333864198238597,
        probabilityAbandonedWithinTarget: 0.09063666469558314,
        averageWaitOfServed: 6.967329437550742,
      },
    },
    {
      input: { arrivalRatePerSecond: 0.2, handleTimeSeconds: 300, patienceSeconds: 120, agents: 50, targetSeconds: 30 },
      expected: {
        probabilityOfWaiting: 0.7836967933235293,
        probabilityOfAbandonment: 0.18031238240033262,
        serviceLevel: 0.5596989601959369,
        probabilityAbandonedWithinTarget: 0.13407977308137248,
        averageWaitOfServed: 21.74910853539111,
      },
    },
    {
      input: { arrivalRatePerSecond: 0.1, handleTimeSeconds: 240, patienceSeconds: 120, agents: 27, targetSeconds: 20 },
      expected: {
        probabilityOfWaiting: 0.2539921871176165,
        probabilityOfAbandonment: 0.04447429391162189,
        serviceLevel: 0.8649745567041187,
        probabilityAbandonedWithinTarget: 0.02874559030461563,
        averageWaitOfServed: 4.734078423615353,
      },
    },
  ])(
    'matches the independent reference for $input.agents agents at λ $input.arrivalRatePerSecond/s',
    ({ input, expected }) => {
      const result = erlangA(input);
      for (const [field, value] of Object.entries(expected)) {
        expect(result[field as keyof typeof expected]).toBeCloseTo(value, 11);
      }
    },
  );

  it("keeps Little's law: abandons per second λ·P(abandon) equal γ·(mean queue length)", () => {
    for (const input of [
      { arrivalRatePerSecond: 1, handleTimeSeconds: 180, patienceSeconds: 120, agents: 175, targetSeconds: 20 },
      { arrivalRatePerSecond: 0.2, handleTimeSeconds: 300, patienceSeconds: 120, agents: 50, targetSeconds: 30 },
      { arrivalRatePerSecond: 10, handleTimeSeconds: 180, patienceSeconds: 120, agents: 10, targetSeconds: 20 },
    ]) {
      const result = erlangA(input);
      const abandonsPerSecond = input.arrivalRatePerSecond * result.probabilityOfAbandonment;
      expect(result.averageQueueLength / input.patienceSeconds).toBeCloseTo(abandonsPerSecond, 9);
    }
  });

  it('gives the share not waiting at a 0 s target and everyone not hanging up at a long one', () => {
    const input = {
      arrivalRatePerSecond: 0.2,
      handleTimeSeconds: 300,
      patienceSeconds: 120,
      agents: 50,
      targetSeconds: 0,
    };
    const atOnce = erlangA(input);
    expect(atOnce.serviceLevel).toBeCloseTo(1 - atOnce.probabilityOfWaiting, 14);
    expect(atOnce.probabilityAbandonedWithinTarget).toBe(0);
    const eventually = erlangA({ ...input, targetSeconds: 100_000 });
    expect(eventually.serviceLevel).toBeCloseTo(1 - eventually.probabilityOfAbandonment, 12);
    expect(eventually.serviceLevelCountingAbandonsWithinTarget).toBeCloseTo(1, 12);
  });

  it('becomes Erlang C as callers grow endlessly patient (360 an hour, 240 s, 29 agents)', () => {
    const input = { arrivalRatePerSecond: 0.1, handleTimeSeconds: 240, agents: 29, targetSeconds: 20 };
    const patient = erlangA({ ...input, patienceSeconds: 1e7 });
    const c = erlangC(input);
    expect(patient.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 5);
    expect(patient.serviceLevel).toBeCloseTo(c.serviceLevel, 5);
    expect(patient.averageWaitOfServed).toBeCloseTo(c.averageSpeedOfAnswer, 2);
  });

  it('stays finite and sensible when 10 agents face 1800 Erlangs: nearly all hang up, ~1193 wait', () => {
    const input = {
      arrivalRatePerSecond: 10,
      handleTimeSeconds: 180,
      patienceSeconds: 120,
      agents: 10,
      targetSeconds: 20,
    };
    const result = erlangA(input);
    // Agents are never idle, so they answer Nμ = 10/180 a second and the rest, 1 − (10/180)/10, hang up.
    expect(result.probabilityOfAbandonment).toBeCloseTo(1 - 10 / 180 / 10, 9);
    expect(result.averageQueueLength).toBeCloseTo(10 * result.probabilityOfAbandonment * 120, 6);
    expect(result.serviceLevel).toBeCloseTo(0, 12);
    expect(result.occupancy).toBeCloseTo(1, 12);
    expect(result.probabilityAbandonedWithinTarget).toBeCloseTo(1 - Math.exp(-20 / 120), 6);
  });

  it('stays finite at 1000 agents and 900 Erlangs, waiting no more than Erlang C says', () => {
    const input = { arrivalRatePerSecond: 5, handleTimeSeconds: 180, agents: 1000, targetSeconds: 20 };
    const result = erlangA({ ...input, patienceSeconds: 120 });
    const c = erlangC(input);
    expect(result.probabilityOfWaiting).toBeGreaterThan(0);
    expect(result.probabilityOfWaiting).toBeLessThanOrEqual(c.probabilityOfWaiting);
    expect(result.serviceLevel).toBeGreaterThan(0.9999);
  });

  it('lets every caller hang up when no agent is on and answers everyone when nobody calls', () => {
    const input = {
      arrivalRatePerSecond: 0.1,
      handleTimeSeconds: 240,
      patienceSeconds: 60,
      agents: 0,
      targetSeconds: 30,
    };
    const none = erlangA(input);
    expect(none.probabilityOfAbandonment).toBe(1);
    expect(none.serviceLevel).toBe(0);
    expect(none.probabilityAbandonedWithinTarget).toBeCloseTo(1 - Math.exp(-30 / 60), 12);
    expect(none.averageWaitOfServed).toBeNaN();
    const quiet = erlangA({ ...input, arrivalRatePerSecond: 0, agents: 3 });
    expect(quiet.serviceLevel).toBe(1);
    expect(quiet.probabilityOfWaiting).toBe(0);
  });

  it('refuses infinite patience, which is Erlang C', () => {
    const input = { arrivalRatePerSecond: 0.1, handleTimeSeconds: 240, agents: 29, targetSeconds: 20 };
    expect(() => erlangA({ ...input, patienceSeconds: Infinity })).toThrow(RangeError);
    expect(() => erlangA({ ...input, patienceSeconds: 0 })).toThrow(RangeError);
  });
});

describe('agentsNeededErlangA', () => {
  const target = { arrivalRatePerSecond: 0.1, handleTimeSeconds: 240, targetSeconds: 20, serviceLevel: 0.8 };
  const firstMeeting = (t: typeof target & { patienceSeconds: number; maxOccupancy?: number }) => {
    for (let agents = 1; ; agents++) {
      const result = erlangA({ ...t, agents });
      if (result.serviceLevel >= t.serviceLevel && result.occupancy <= (t.maxOccupancy ?? 1)) return agents;
    }
  };

  it('staffs 360 contacts an hour of 240 s at 80/20 with 26 agents when callers wait 120 s on average', () => {
    // 25 agents answer 77.5 % within 20 s, 26 answer 82.3 %; Erlang C, with nobody hanging up, asks for 29.
    expect(erlangA({ ...target, patienceSeconds: 120, agents: 25 }).serviceLevel).toBeCloseTo(0.7748, 4);
    expect(erlangA({ ...target, patienceSeconds: 120, agents: 26 }).serviceLevel).toBeCloseTo(0.8235, 4);
    expect(agentsNeededErlangA({ ...target, patienceSeconds: 120 })).toBe(26);
  });

  it('agrees with a one-by-one search across patience, targets and an occupancy ceiling', () => {
    for (const patienceSeconds of [30, 120, 600]) {
      for (const serviceLevel of [0, 0.5, 0.8, 0.95]) {
        for (const maxOccupancy of [undefined, 0.75]) {
          const t = { ...target, patienceSeconds, serviceLevel, maxOccupancy };
          expect(agentsNeededErlangA(t)).toBe(firstMeeting(t));
        }
      }
    }
  });

  it('staffs 900 Erlangs with the fewest agents that meet 80/20, and needs no one when nobody calls', () => {
    const big = {
      arrivalRatePerSecond: 5,
      handleTimeSeconds: 180,
      targetSeconds: 20,
      serviceLevel: 0.8,
      patienceSeconds: 120,
    };
    const agents = agentsNeededErlangA(big);
    expect(erlangA({ ...big, agents }).serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangA({ ...big, agents: agents - 1 }).serviceLevel).toBeLessThan(0.8);
    expect(agentsNeededErlangA({ ...target, patienceSeconds: 120, arrivalRatePerSecond: 0 })).toBe(0);
  });
});
