import {
  AGENT_STATES,
  afterAcceptedContact,
  afterMissedOffer,
  checkAgentTransition,
  wrapUpEndsAt,
  type AgentState,
  type AgentStatus,
} from './agent-state';

const at = (state: AgentState, awayReason: AgentStatus['awayReason'] = null): AgentStatus => ({ state, awayReason });

describe('agent states', () => {
  it('lets an agent sign in, take a break and sign out on their own', () => {
    expect(checkAgentTransition(at('offline'), 'available', 'self')).toBe('change');
    expect(checkAgentTransition(at('available'), 'away', 'self', 'break')).toBe('change');
    expect(checkAgentTransition(at('away', 'break'), 'available', 'self')).toBe('change');
    expect(checkAgentTransition(at('available'), 'offline', 'self')).toBe('change');
  });

  it('refuses an agent who tries to set themselves busy or into wrap-up, from any state', () => {
    for (const state of AGENT_STATES) {
      expect(checkAgentTransition(at(state), 'busy', 'self')).toBe('illegal');
      expect(checkAgentTransition(at(state), 'wrap-up', 'self')).toBe('illegal');
    }
  });

  it('keeps an agent in a conversation until it ends: no break, no sign-out, nothing a supervisor can force', () => {
    expect(checkAgentTransition(at('busy'), 'away', 'self', 'break')).toBe('illegal');
    expect(checkAgentTransition(at('busy'), 'offline', 'self')).toBe('illegal');
    expect(checkAgentTransition(at('busy'), 'offline', 'supervisor')).toBe('illegal');
  });

  it('takes an agent through a contact: accepted, conversation ended, wrap-up time over', () => {
    expect(checkAgentTransition(at('available'), 'busy', 'system')).toBe('change');
    expect(checkAgentTransition(at('busy'), 'wrap-up', 'system')).toBe('change');
    expect(checkAgentTransition(at('wrap-up'), 'available', 'system')).toBe('change');
  });

  it('lets an agent end wrap-up early, and makes busy an agent who accepted an offer they held when stepping away', () => {
    expect(checkAgentTransition(at('wrap-up'), 'available', 'self')).toBe('change');
    // The accept is committed: the agent is talking to the caller, whatever they clicked a moment before.
    expect(checkAgentTransition(at('away', 'break'), 'busy', 'system')).toBe('change');
    expect(checkAgentTransition(at('away', 'break'), 'available', 'system')).toBe('illegal');
    expect(checkAgentTransition(at('offline'), 'busy', 'system')).toBe('illegal');
    expect(checkAgentTransition(at('offline'), 'available', 'system')).toBe('illegal');
  });

  it('sets an agent away for missed offers only by routing, and only with that reason', () => {
    expect(checkAgentTransition(at('available'), 'away', 'system', 'missed-offers')).toBe('change');
    expect(checkAgentTransition(at('available'), 'away', 'system', 'break')).toBe('bad-reason');
    expect(checkAgentTransition(at('available'), 'away', 'self', 'missed-offers')).toBe('bad-reason');
    expect(checkAgentTransition(at('available'), 'away', 'supervisor', 'missed-offers')).toBe('bad-reason');
  });

  it('needs a reason for away and takes none for any other state', () => {
    expect(checkAgentTransition(at('available'), 'away', 'self')).toBe('bad-reason');
    expect(checkAgentTransition(at('away', 'break'), 'available', 'self', 'break')).toBe('bad-reason');
  });

  it('lets a supervisor send an agent away or offline, but never make them available', () => {
    expect(checkAgentTransition(at('available'), 'offline', 'supervisor')).toBe('change');
    expect(checkAgentTransition(at('wrap-up'), 'away', 'supervisor', 'training')).toBe('change');
    expect(checkAgentTransition(at('away', 'break'), 'away', 'supervisor', 'training')).toBe('change');
    expect(checkAgentTransition(at('away', 'break'), 'available', 'supervisor')).toBe('illegal');
    expect(checkAgentTransition(at('offline'), 'available', 'supervisor')).toBe('illegal');
  });

  it('treats asking for the state the agent is already in as nothing to do', () => {
    expect(checkAgentTransition(at('available'), 'available', 'self')).toBe('unchanged');
    expect(checkAgentTransition(at('away', 'break'), 'away', 'self', 'break')).toBe('unchanged');
    expect(checkAgentTransition(at('busy'), 'busy', 'system')).toBe('unchanged');
    expect(checkAgentTransition(at('away', 'break'), 'away', 'self', 'training')).toBe('change');
  });

  it('lets routing take any agent offline when their connection is lost', () => {
    for (const state of AGENT_STATES.filter((s) => s !== 'offline')) {
      expect(checkAgentTransition(at(state, state === 'away' ? 'break' : null), 'offline', 'system')).toBe('change');
    }
  });

  it('sets an agent away on the third missed offer in a row and starts counting again', () => {
    expect(afterMissedOffer(0)).toEqual({ missedInRow: 1, goAway: false });
    expect(afterMissedOffer(1)).toEqual({ missedInRow: 2, goAway: false });
    expect(afterMissedOffer(2)).toEqual({ missedInRow: 0, goAway: true });
    expect(afterMissedOffer(0, 1)).toEqual({ missedInRow: 0, goAway: true });
  });

  it('ends wrap-up after the agent’s own wrap-up time', () => {
    const endedConversation = Date.parse('2025-03-01T10:00:00Z');
    expect(wrapUpEndsAt(endedConversation, 60)).toBe(Date.parse('2025-03-01T10:01:00Z'));
  });

  it('adds the care pause to the wrap-up after a high-risk conversation', () => {
    const endedConversation = Date.parse('2025-03-01T10:00:00Z');
    expect(wrapUpEndsAt(endedConversation, 60, 120)).toBe(Date.parse('2025-03-01T10:03:00Z'));
  });

  it('counts a run of high-risk contacts and starts again after any other contact', () => {
    expect(afterAcceptedContact(0, true)).toBe(1);
    expect(afterAcceptedContact(2, true)).toBe(3);
    expect(afterAcceptedContact(3, false)).toBe(0);
    expect(afterAcceptedContact(0, false)).toBe(0);
  });
});
