import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { AgentHistoryEntry } from './agent-history.entity';
import { AgentProfile } from './agent-profile.entity';
import { AgentsService } from './agents.service';
import { CreateAgents1764385000000 } from './migrations/1764385000000-CreateAgents';

/** Agents' routing profiles (languages, skills, capacity, wrap-up time), their states and history. */
@Module({
  imports: [DatabaseModule.forFeature([AgentProfile, AgentHistoryEntry], [CreateAgents1764385000000])],
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsModule {}
