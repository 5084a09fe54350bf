import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { AgentHistoryEntry } from './agent-history.entity';
import { AgentProfile } from './agent-profile.entity';
import { AgentsService } from './agents.service';
import { CareSettingsRow } from './care-settings.entity';
import { CareSettingsService } from './care-settings.service';
import { AddCounsellorCare1765410000000 } from './migrations/1765410000000-AddCounsellorCare';
import { CreateAgents1764385000000 } from './migrations/1764385000000-CreateAgents';
import { CreateHelpRequests1765200000000 } from './migrations/1765200000000-CreateHelpRequests';
import { HelpRequest } from './help-request.entity';
import { HelpRequestsService } from './help-requests.service';

/**
 * Agents' routing profiles (languages, skills, capacity, wrap-up time), their states and history, their calls for help,
 * and each helpline's counsellor-care settings.
 */
@Module({
  imports: [
    DatabaseModule.forFeature(
      [AgentProfile, AgentHistoryEntry, HelpRequest, CareSettingsRow],
      [CreateAgents1764385000000, CreateHelpRequests1765200000000, AddCounsellorCare1765410000000],
    ),
  ],
  providers: [AgentsService, HelpRequestsService, CareSettingsService],
  exports: [AgentsService, HelpRequestsService, CareSettingsService],
})
export class AgentsModule {}
