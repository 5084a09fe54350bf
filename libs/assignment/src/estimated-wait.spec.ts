import { estimateWaitMs } from './estimated-wait';

const MIN = 60_000;

describe('estimated wait', () => {
  it('tells the first caller half a handle time when every agent is busy', () => {
    expect(estimateWaitMs({ position: 1, servingAgents: 3, capacityPerAgent: 1, averageHandleMs: 8 * MIN })).toBe(
      4 * MIN,
    );
  });

  it('adds a handle time for every full round of agents ahead', () => {
    const base = { servingAgents: 3, capacityPerAgent: 1, averageHandleMs: 8 * MIN };
    expect(estimateWaitMs({ ...base, position: 3 })).toBe(4 * MIN);
    expect(estimateWaitMs({ ...base, position: 4 })).toBe(12 * MIN);
    expect(estimateWaitMs({ ...base, position: 30 })).toBe(76 * MIN);
  });

  it('counts the chats an agent can hold at once', () => {
    expect(estimateWaitMs({ position: 6, servingAgents: 2, capacityPerAgent: 3, averageHandleMs: 10 * MIN })).toBe(
      5 * MIN,
    );
  });

  it('gives no number when nobody on duty can serve the caller', () => {
    expect(
      estimateWaitMs({ position: 1, servingAgents: 0, capacityPerAgent: 1, averageHandleMs: 8 * MIN }),
    ).toBeUndefined();
  });
});
