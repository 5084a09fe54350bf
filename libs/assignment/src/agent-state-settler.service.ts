import { Injectable, Logger } from '@nestjs/common';
import { AgentsService } from '@tuki/agents';
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

  async settle(helplineId: string, agentId: string, to: 'busy' | 'wrap-up' | 'available' | 'offline'): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await this.agents.changeState(helplineId, agentId, to, SYSTEM);
        return;
      } catch (error) {
        if (!(error instanceof DomainError) || (error.code === 'AGENT_CHANGED_CONCURRENTLY' && attempt < 3)) {
          if (!(error instanceof DomainError)) throw error;
          continue;
        }
        this.warn(error);
        return;
      }
    }
  }
}
