/**
 * The life of a contact. Waiting states hold a place in a routing queue; active states hold an agent; final states
 * never change again. Overflow and transfer move a contact between queues and are events, not states.
 */
export const WAITING_STATES = ['queued', 'offered', 'callback-pending'] as const;
export const ACTIVE_STATES = ['connected', 'wrap-up'] as const;
/** `merged`: a second callback request for a number that already had one; the earlier callback serves both. */
export const FINAL_STATES = ['completed', 'abandoned', 'expired', 'merged'] as const;

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
  /** The caller already had an open callback: this contact folds into it (which keeps the earlier place). */
  | 'merge-callback'
  /** A callback attempt did not reach the caller: it waits for its next attempt. */
  | 'callback-retry'
  | 'end-conversation'
  | 'finish-wrap-up'
  | 'abandon'
  | 'expire'
  | 'agent-lost'
  /** An agent hands a caller in conversation to another queue; the caller waits again at their first-arrival place. */
  | 'transfer';

/**
 * A live contact has the caller on the line (or in the chat) while it waits; a callback waits for an agent to ring the
 * caller back (channel `callback`). Both rank by first arrival; they differ in where an unanswered offer goes back to.
 */
export type ContactKind = 'live' | 'callback';

type TransitionTable = Record<ContactState, Partial<Record<ContactTransition, ContactState>>>;
const NONE = { completed: {}, abandoned: {}, expired: {}, merged: {} };

/** from-state -> transition -> to-state. Anything not listed is illegal and changes nothing. */
const LIVE: TransitionTable = {
  queued: {
    offer: 'offered',
    'request-callback': 'callback-pending',
    'merge-callback': 'merged',
    abandon: 'abandoned',
    expire: 'expired',
  },
  offered: {
    accept: 'connected',
    decline: 'queued',
    'offer-timeout': 'queued',
    'agent-lost': 'queued',
    abandon: 'abandoned',
    expire: 'expired',
  },
  // A live contact is never callback-pending: requesting a callback makes it a callback (see CALLBACK).
  'callback-pending': {},
  connected: { 'end-conversation': 'wrap-up', abandon: 'wrap-up', transfer: 'queued' },
  'wrap-up': { 'finish-wrap-up': 'completed' },
  ...NONE,
};

/**
 * A callback: `connected` means an agent took it and is ringing the caller. Reached, it is a conversation like any
 * other; not reached, it waits for its next attempt or expires. `abandon` is a cancelled callback (before any ringing).
 */
const CALLBACK: TransitionTable = {
  queued: {},
  offered: {
    accept: 'connected',
    decline: 'callback-pending',
    'offer-timeout': 'callback-pending',
    'agent-lost': 'callback-pending',
    expire: 'expired',
    abandon: 'abandoned',
  },
  // `abandon`: the callback was cancelled (the caller withdrew it, or a supervisor did).
  'callback-pending': { offer: 'offered', expire: 'expired', abandon: 'abandoned' },
  connected: { 'end-conversation': 'wrap-up', 'callback-retry': 'callback-pending', expire: 'expired' },
  'wrap-up': { 'finish-wrap-up': 'completed' },
  ...NONE,
};

/** The state a transition leads to, or undefined when it is illegal from `from`. */
export function nextContactState(
  from: ContactState,
  transition: ContactTransition,
  kind: ContactKind = 'live',
): ContactState | undefined {
  return (kind === 'callback' ? CALLBACK : LIVE)[from][transition];
}

/** A contact is a callback from the moment one is requested: its channel says so. */
export function kindOf(contact: { channel: string }): ContactKind {
  return contact.channel === 'callback' ? 'callback' : 'live';
}

export function isWaiting(state: ContactState): boolean {
  return (WAITING_STATES as readonly string[]).includes(state);
}

export function isFinal(state: ContactState): boolean {
  return (FINAL_STATES as readonly string[]).includes(state);
}

/** The state in which a contact of this kind waits for an offer. */
export function waitingStateOf(contact: { channel: string }): 'queued' | 'callback-pending' {
  return kindOf(contact) === 'callback' ? 'callback-pending' : 'queued';
}

/** Waiting for an offer and due for one: a callback only once its not-before time (window, retry, opening) passed. */
export function isOfferable(
  contact: { state: ContactState; channel: string; notBefore: number | null },
  now: number,
): boolean {
  return contact.state === waitingStateOf(contact) && (contact.notBefore ?? 0) <= now;
}
