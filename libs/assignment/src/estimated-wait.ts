/** Used until a queue has completed contacts of its own: 8 minutes, the handle time FACTS.md plans a surge with. */
export const DEFAULT_HANDLE_MS = 8 * 60_000;

export interface WaitEstimateInput {
  /** 1-based place among the contacts of the same queue and language. */
  position: number;
  /** Agents on duty (available or busy) who may serve this contact now. */
  servingAgents: number;
  /** How many contacts of this channel each of them can hold at once (voice 1, chat 3 by default). */
  capacityPerAgent: number;
  /** Mean time from answer to completion (wrap-up included) of recent completed contacts of the queue. */
  averageHandleMs: number;
}

/**
 * The caller's estimated wait: the contacts ahead (and this one) are served in rounds of `servingAgents x capacity`
 * at once, each round taking one average handle time, and the first round starts, on average, half a handle time from
 * now (the agents are mid-conversation). Undefined when nobody on duty can serve the contact: an honest "we don't know"
 * beats a number. The first estimate a caller is told is kept on the contact, and when they are answered the error
 * (real wait from that moment minus the estimate) is stored and published with the state change, for the metrics.
 */
export function estimateWaitMs(input: WaitEstimateInput): number | undefined {
  const slots = input.servingAgents * Math.max(1, input.capacityPerAgent);
  if (slots <= 0 || input.position < 1) return undefined;
  const roundsAhead = Math.floor((input.position - 1) / slots);
  return Math.round((roundsAhead + 0.5) * input.averageHandleMs);
}
