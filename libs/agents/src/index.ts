// The public door of @tuki/agents: agents' profiles, states, missed offers and history.
export * from './agent-state';
export * from './agents.errors';
export * from './agents.module';
export * from './agents.service';
export * from './care-settings';
export * from './care-settings.service';
export * from './dto/care-settings.dto';
export * from './dto/agent.dto';
export * from './help-requests.service';
export * from './dto/help-request.dto';
