import { Body, Controller, Get, HttpCode, Logger, Param, Post, Put } from '@nestjs/common';
import { RoutingEngine } from '@tuki/assignment';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AgentHistoryView, AgentsService, AgentView, ChangeAgentStateDto, SetAgentProfileDto } from '@tuki/agents';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { StaffUsersService } from '@tuki/staff';
import { uuidParam } from './route-params';

/** Agents' profiles and states. `:id` is the agent's staff user id. */
@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class AgentsController {
  private readonly logger = new Logger(AgentsController.name);

  constructor(
    private readonly agents: AgentsService,
    private readonly staff: StaffUsersService,
    private readonly routing: RoutingEngine,
  ) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: [AgentView] })
  list(@CurrentPrincipal() principal: Principal): Promise<AgentView[]> {
    return this.agents.list(principal.helplineId);
  }

  /** The signed-in agent's own profile and state (404 until a supervisor or admin has set the profile). */
  @Get('me')
  @Roles('agent')
  @ApiOkResponse({ type: AgentView })
  me(@CurrentPrincipal() principal: Principal): Promise<AgentView> {
    return this.agents.getProfile(principal.helplineId, principal.userId);
  }

  /**
   * Sets an agent's routing profile. The app composes two domains here: staff finds the user in the caller's own
   * helpline (another helpline's user is a 404), agents decides whether that user may have a profile.
   */
  @Put(':id/profile')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: AgentView })
  async setProfile(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: SetAgentProfileDto,
  ): Promise<AgentView> {
    const user = await this.staff.get(principal.helplineId, id);
    const agent = await this.agents.setProfile(principal.helplineId, user, dto, principal);
    // The routing index (Redis, shared by every process) keeps its own copy of languages, skills and capacity: write
    // the new ones there now, and offer an available agent what they may take from now on.
    await this.routeAs(principal.helplineId, agent);
    return agent;
  }

  /** The agent signs in for contacts, takes a break or signs out. */
  @Post('me/state')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: AgentView })
  async changeOwnState(@CurrentPrincipal() principal: Principal, @Body() dto: ChangeAgentStateDto): Promise<AgentView> {
    const agent = await this.agents.changeState(
      principal.helplineId,
      principal.userId,
      dto.state,
      { kind: 'self', id: principal.userId },
      dto.reason ?? null,
    );
    await this.routeAs(principal.helplineId, agent);
    return agent;
  }

  /** A supervisor sends an agent away or offline. */
  @Post(':id/state')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOkResponse({ type: AgentView })
  async changeState(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: ChangeAgentStateDto,
  ): Promise<AgentView> {
    const agent = await this.agents.changeState(
      principal.helplineId,
      id,
      dto.state,
      { kind: 'supervisor', id: principal.userId },
      dto.reason ?? null,
    );
    await this.routeAs(principal.helplineId, agent);
    return agent;
  }

  /** Routing learns of the change now rather than after the outbox's round trip (the event repeats it, harmlessly). */
  private async routeAs(helplineId: string, agent: AgentView): Promise<void> {
    await this.routing
      .agentStateChanged(helplineId, agent.id, agent.state)
      .catch((error: unknown) => this.logger.warn(`Routing the agent's state deferred: ${(error as Error).message}`));
  }

  @Get(':id/history')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: [AgentHistoryView] })
  history(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<AgentHistoryView[]> {
    return this.agents.historyOf(principal.helplineId, id);
  }
}
