import { Injectable, Logger } from '@nestjs/common';
import { AgentsService, type AgentView, type RoutingFacts } from '@tuki/agents';
import { DomainError } from '@tuki/platform';
import { SYSTEM, sideEffectWarning } from './routing-shared';

/**
 * Moves the agent as routing requires after a contact changed. The contact's change is already committed and stands;
 * a concurrent change of the same agent is retried, and a move the agent's state rules out (an agent who went away
 * stays away) is logged, not thrown.
 */
@Injectable()
export class AgentStateSettler {
  private readonly warn = sideEffectWarning(new Logger(AgentStateSettler.name));

  constructor(private readonly agents: AgentsService) {}

  /**
   * Moves the agent (with routing's facts: the accepted contact's risk, when wrap-up ends; see RoutingFacts). Returns
   * the agent as written, or undefined when the move was refused and logged.
   */
  async settle(
    helplineId: string,
    agentId: string,
    to: 'busy' | 'wrap-up' | 'available' | 'offline',
    facts: RoutingFacts = {},
  ): Promise<AgentView | undefined> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        return await this.agents.changeState(helplineId, agentId, to, SYSTEM, null, facts);
      } catch (error) {
        if (!(error instanceof DomainError) || (error.code === 'AGENT_CHANGED_CONCURRENTLY' && attempt < 3)) {
          if (!(error instanceof DomainError)) throw error;
          continue;
        }
        this.warn(error);
        return undefined;
      }
    }
    return undefined;
  }
}
