import {
  CONTACT_STATES,
  FINAL_STATES,
  isFinal,
  isWaiting,
  nextContactState,
  type ContactTransition,
} from './contact-state';

const ALL_TRANSITIONS: ContactTransition[] = [
  'offer',
  'decline',
  'offer-timeout',
  'accept',
  'request-callback',
  'callback-due',
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
    expect(nextContactState('callback-pending', 'callback-due')).toBe('queued');
  });

  it('puts a caller an agent transfers back in a queue, and only from a conversation', () => {
    expect(nextContactState('connected', 'transfer')).toBe('queued');
    expect(nextContactState('queued', 'transfer')).toBeUndefined();
    expect(nextContactState('wrap-up', 'transfer')).toBeUndefined();
  });

  it('never moves a contact out of a final state', () => {
    for (const state of FINAL_STATES) {
      for (const transition of ALL_TRANSITIONS) expect(nextContactState(state, transition)).toBeUndefined();
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
