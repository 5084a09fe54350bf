import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { AgentHistoryEntry } from './agent-history.entity';
import { AgentProfile } from './agent-profile.entity';
import { AgentsService } from './agents.service';
import { CreateAgents1764385000000 } from './migrations/1764385000000-CreateAgents';
import { CreateHelpRequests1765200000000 } from './migrations/1765200000000-CreateHelpRequests';
import { HelpRequest } from './help-request.entity';
import { HelpRequestsService } from './help-requests.service';

/** Agents' routing profiles (languages, skills, capacity, wrap-up time), their states and history, and their calls for help. */
@Module({
  imports: [
    DatabaseModule.forFeature(
      [AgentProfile, AgentHistoryEntry, HelpRequest],
      [CreateAgents1764385000000, CreateHelpRequests1765200000000],
    ),
  ],
  providers: [AgentsService, HelpRequestsService],
  exports: [AgentsService, HelpRequestsService],
})
export class AgentsModule {}
