import { DomainError } from '@tuki/platform';

/** No agent profile with this id in the caller's helpline (another helpline's agent answers the same). */
export class AgentNotFoundError extends DomainError {
  readonly code = 'AGENT_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Agent not found');
  }
}

/** The staff user does not hold the agent role (or is disabled), so cannot have an agent profile. */
export class NotAnAgentError extends DomainError {
  readonly code = 'NOT_AN_AGENT';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This staff user is not an active agent');
  }
}

/** This actor may not move the agent from their current state to the one asked for; nothing was changed. */
export class IllegalAgentTransitionError extends DomainError {
  readonly code = 'ILLEGAL_AGENT_TRANSITION';
  readonly kind = 'conflict' as const;
  constructor(from: string, to: string, by: string) {
    super(`An agent who is ${from} cannot be set ${to} by ${by}`, { details: { state: from, to, by } });
  }
}

/** Away needs a reason this actor may give (missed-offers is routing's alone); no other state takes one. */
export class InvalidAwayReasonError extends DomainError {
  readonly code = 'INVALID_AWAY_REASON';
  readonly kind = 'invalid' as const;
  constructor() {
    super('reason: away needs a reason code from the list, and other states take none');
  }
}

/** Another process changed the agent at the same moment; nothing was changed here. */
export class AgentChangedConcurrentlyError extends DomainError {
  readonly code = 'AGENT_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The agent changed at the same time; read it again');
  }
}
