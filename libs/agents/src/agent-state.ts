/**
 * The states of an agent and who may move an agent between them. Pure rules: the service reads the current state,
 * asks `checkAgentTransition`, and writes only when it says `change`.
 */
export const AGENT_STATES = ['available', 'busy', 'wrap-up', 'away', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/**
 * Why an agent is away: codes only, never free text. `missed-offers` is set by routing alone, when an agent lets
 * `DEFAULT_MISSED_OFFERS_LIMIT` offers in a row time out.
 */
export const AWAY_REASONS = ['break', 'training', 'admin-work', 'missed-offers', 'other'] as const;
export type AwayReason = (typeof AWAY_REASONS)[number];

/** The away reasons a person (the agent or a supervisor) may choose. */
export const CHOSEN_AWAY_REASONS = AWAY_REASONS.filter(
  (reason): reason is Exclude<AwayReason, 'missed-offers'> => reason !== 'missed-offers',
);

/**
 * Who moves an agent: `self` (the agent), `system` (routing: an accepted contact, the end of a conversation, the end
 * of wrap-up time, missed offers, a lost connection) or `supervisor`.
 */
export type AgentActorKind = 'self' | 'system' | 'supervisor';

/** Offers an agent may miss in a row before routing sets them away (`missed-offers`). Default 3. */
export const DEFAULT_MISSED_OFFERS_LIMIT = 3;

/** An agent's state with its away reason (null unless away). */
export interface AgentStatus {
  state: AgentState;
  awayReason: AwayReason | null;
}

/**
 * `change`: allowed and it changes something; `unchanged`: the agent is already there (a repeated click, a retried
 * request), nothing to write; `illegal`: this actor may not make this move from this state; `bad-reason`: away
 * needs a reason this actor may give, and no other state takes one.
 */
export type AgentTransitionCheck = 'change' | 'unchanged' | 'illegal' | 'bad-reason';

/** actor -> from-state -> the states that actor may move the agent to. Anything not listed is illegal. */
const ALLOWED: Record<AgentActorKind, Record<AgentState, readonly AgentState[]>> = {
  // The agent signs in and out and takes breaks, and may end wrap-up early; never in the middle of a conversation.
  self: {
    available: ['away', 'offline'],
    away: ['available', 'away', 'offline'],
    offline: ['available', 'away'],
    'wrap-up': ['available', 'away', 'offline'],
    busy: [],
  },
  // Routing: accepted contact (busy), end of conversation (wrap-up, or available with no wrap-up time), end of
  // wrap-up time (available), missed offers (away), a lost connection (offline, from anywhere). An agent who accepts
  // an offer they still held when they stepped away is talking to the caller: busy.
  system: {
    available: ['busy', 'away', 'offline'],
    busy: ['wrap-up', 'available', 'offline'],
    'wrap-up': ['available', 'busy', 'offline'],
    away: ['busy', 'offline'],
    offline: [],
  },
  // A supervisor may send an agent who is not talking to someone away or offline, but never makes anyone
  // available: only the agent knows they are at the desk.
  supervisor: {
    available: ['away', 'offline'],
    'wrap-up': ['away', 'offline'],
    away: ['away', 'offline'],
    offline: [],
    busy: [],
  },
};

function reasonFits(to: AgentState, by: AgentActorKind, reason: AwayReason | null): boolean {
  if (to !== 'away') return reason === null;
  if (reason === null) return false;
  // Missed offers is a fact routing records, not something a person may claim or hand out.
  return by === 'system' ? reason === 'missed-offers' : reason !== 'missed-offers';
}

/** Whether `by` may move an agent from `from` to `to` (with `reason` when going away). */
export function checkAgentTransition(
  from: AgentStatus,
  to: AgentState,
  by: AgentActorKind,
  reason: AwayReason | null = null,
): AgentTransitionCheck {
  // A state this actor can never set (an agent asking to be busy) is illegal even when the agent is already in it.
  if (!Object.values(ALLOWED[by]).some((targets) => targets.includes(to))) return 'illegal';
  if (!reasonFits(to, by, reason)) return 'bad-reason';
  if (from.state === to && from.awayReason === reason) return 'unchanged';
  return ALLOWED[by][from.state].includes(to) ? 'change' : 'illegal';
}

/**
 * When wrap-up ends by itself (epoch ms): the agent's own wrap-up time after the conversation ended, plus the care
 * pause (`pauseSeconds`, the helpline's `pauseAfterHighRiskSeconds`) when that conversation was high-risk.
 */
export function wrapUpEndsAt(stateChangedAt: number, wrapUpSeconds: number, pauseSeconds = 0): number {
  return stateChangedAt + (wrapUpSeconds + pauseSeconds) * 1000;
}

/**
 * The agent's run of high-risk contacts after they took one more contact: one longer for a high-risk contact, back
 * to 0 for any other (counsellor care: see CareSettings).
 */
export function afterAcceptedContact(highRiskStreak: number, highRisk: boolean): number {
  return highRisk ? highRiskStreak + 1 : 0;
}

/**
 * The count after one more missed offer, and whether it reaches the limit (then routing sets the agent away with
 * `missed-offers` and the count starts again from 0).
 */
export function afterMissedOffer(
  missedInRow: number,
  limit = DEFAULT_MISSED_OFFERS_LIMIT,
): { missedInRow: number; goAway: boolean } {
  const missed = missedInRow + 1;
  return missed >= limit ? { missedInRow: 0, goAway: true } : { missedInRow: missed, goAway: false };
}
