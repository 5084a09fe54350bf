/**
 * The life of a contact. Waiting states hold a place in a routing queue; active states hold an agent; final states
 * never change again. Overflow and transfer move a contact between queues and are events, not states.
 */
export const WAITING_STATES = ['queued', 'offered', 'callback-pending'] as const;
export const ACTIVE_STATES = ['connected', 'wrap-up'] as const;
export const FINAL_STATES = ['completed', 'abandoned', 'expired'] as const;

/** States in which a contact holds an agent: on offer to them, in conversation, or in wrap-up. */
export const HOLDING_STATES = ['offered', ...ACTIVE_STATES] as const;

export type ContactState =
  (typeof WAITING_STATES)[number] | (typeof ACTIVE_STATES)[number] | (typeof FINAL_STATES)[number];
export const CONTACT_STATES: readonly ContactState[] = [...WAITING_STATES, ...ACTIVE_STATES, ...FINAL_STATES];

/** Why a contact moves: each transition names its cause, and the history keeps it. */
export type ContactTransition =
  | 'offer'
  | 'decline'
  | 'offer-timeout'
  | 'accept'
  | 'request-callback'
  | 'callback-due'
  | 'end-conversation'
  | 'finish-wrap-up'
  | 'abandon'
  | 'expire'
  | 'agent-lost'
  /** An agent hands a caller in conversation to another queue; the caller waits again at their first-arrival place. */
  | 'transfer';

/** from-state -> transition -> to-state. Anything not listed is illegal and changes nothing. */
const TRANSITIONS: Record<ContactState, Partial<Record<ContactTransition, ContactState>>> = {
  queued: { offer: 'offered', 'request-callback': 'callback-pending', abandon: 'abandoned', expire: 'expired' },
  offered: {
    accept: 'connected',
    decline: 'queued',
    'offer-timeout': 'queued',
    'agent-lost': 'queued',
    'request-callback': 'callback-pending',
    abandon: 'abandoned',
    expire: 'expired',
  },
  'callback-pending': { offer: 'offered', 'callback-due': 'queued', expire: 'expired', abandon: 'abandoned' },
  connected: { 'end-conversation': 'wrap-up', abandon: 'wrap-up', transfer: 'queued' },
  'wrap-up': { 'finish-wrap-up': 'completed' },
  completed: {},
  abandoned: {},
  expired: {},
};

/** The state a transition leads to, or undefined when it is illegal from `from`. */
export function nextContactState(from: ContactState, transition: ContactTransition): ContactState | undefined {
  return TRANSITIONS[from][transition];
}

export function isWaiting(state: ContactState): boolean {
  return (WAITING_STATES as readonly string[]).includes(state);
}

export function isFinal(state: ContactState): boolean {
  return (FINAL_STATES as readonly string[]).includes(state);
}
