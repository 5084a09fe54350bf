import {
  CONTACT_STATES,
  FINAL_STATES,
  isFinal,
  isWaiting,
  kindOf,
  nextContactState,
  type ContactTransition,
} from './contact-state';

const ALL_TRANSITIONS: ContactTransition[] = [
  'offer',
  'decline',
  'offer-timeout',
  'accept',
  'request-callback',
  'merge-callback',
  'callback-retry',
  'end-conversation',
  'finish-wrap-up',
  'abandon',
  'expire',
  'agent-lost',
  'transfer',
];

describe('contact states', () => {
  it('takes a caller from the queue through an offer and a conversation to completed', () => {
    expect(nextContactState('queued', 'offer')).toBe('offered');
    expect(nextContactState('offered', 'accept')).toBe('connected');
    expect(nextContactState('connected', 'end-conversation')).toBe('wrap-up');
    expect(nextContactState('wrap-up', 'finish-wrap-up')).toBe('completed');
  });

  it('puts a declined or timed-out offer back in the queue', () => {
    expect(nextContactState('offered', 'decline')).toBe('queued');
    expect(nextContactState('offered', 'offer-timeout')).toBe('queued');
    expect(nextContactState('offered', 'agent-lost')).toBe('queued');
  });

  it('lets a waiting caller keep their place as a callback, and a hang-up while waiting is an abandon', () => {
    expect(nextContactState('queued', 'request-callback')).toBe('callback-pending');
    expect(nextContactState('offered', 'abandon')).toBe('abandoned');
    expect(nextContactState('queued', 'merge-callback')).toBe('merged');
    // An offer is on its way to an agent: the caller is about to be answered, not sent away.
    expect(nextContactState('offered', 'request-callback')).toBeUndefined();
  });

  it('sends a callback whose offer or attempt failed back to callback-pending, never to the live queue', () => {
    for (const change of ['decline', 'offer-timeout', 'agent-lost'] as const)
      expect(nextContactState('offered', change, 'callback')).toBe('callback-pending');
    expect(nextContactState('callback-pending', 'offer', 'callback')).toBe('offered');
    expect(nextContactState('connected', 'callback-retry', 'callback')).toBe('callback-pending');
    expect(nextContactState('connected', 'expire', 'callback')).toBe('expired');
    expect(nextContactState('callback-pending', 'abandon', 'callback')).toBe('abandoned');
    expect(nextContactState('connected', 'abandon', 'callback')).toBeUndefined();
    expect(nextContactState('connected', 'end-conversation', 'callback')).toBe('wrap-up');
    // Live contacts have no attempts, and a callback has no caller on the line to transfer.
    expect(nextContactState('connected', 'callback-retry')).toBeUndefined();
    expect(nextContactState('connected', 'transfer', 'callback')).toBeUndefined();
    expect(nextContactState('callback-pending', 'offer')).toBeUndefined();
    expect(kindOf({ channel: 'callback' })).toBe('callback');
    expect(kindOf({ channel: 'voice' })).toBe('live');
  });

  it('puts a caller an agent transfers back in a queue, and only from a conversation', () => {
    expect(nextContactState('connected', 'transfer')).toBe('queued');
    expect(nextContactState('queued', 'transfer')).toBeUndefined();
    expect(nextContactState('wrap-up', 'transfer')).toBeUndefined();
  });

  it('never moves a contact out of a final state', () => {
    for (const state of FINAL_STATES) {
      for (const transition of ALL_TRANSITIONS) {
        expect(nextContactState(state, transition)).toBeUndefined();
        expect(nextContactState(state, transition, 'callback')).toBeUndefined();
      }
    }
  });

  it('refuses to accept a contact that was never offered, or to complete one that is still waiting', () => {
    expect(nextContactState('queued', 'accept')).toBeUndefined();
    expect(nextContactState('queued', 'finish-wrap-up')).toBeUndefined();
    expect(nextContactState('callback-pending', 'accept')).toBeUndefined();
  });

  it('sorts every state into exactly one of waiting, active and final', () => {
    for (const state of CONTACT_STATES) {
      const kinds = [isWaiting(state), isFinal(state), !isWaiting(state) && !isFinal(state)].filter(Boolean);
      expect({ state, kinds: kinds.length }).toEqual({ state, kinds: 1 });
    }
  });
});
