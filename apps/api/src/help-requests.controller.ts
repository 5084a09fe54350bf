import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { HelpRequestsService, RequestHelpDto, type HelpRequestView } from '@tuki/agents';
import { CurrentPrincipal, RealtimePublisher, Roles, rooms, type Principal } from '@tuki/platform';
import { uuidParam } from './route-params';

/**
 * "Ask for help": the agent's button during a hard contact, and the supervisor's answer. The request reaches the
 * dashboards through the live metrics (at once, as a change); the answer reaches the agent's desk on their socket.
 */
@ApiTags('help-requests')
@ApiBearerAuth()
@Controller('help-requests')
export class HelpRequestsController {
  constructor(
    private readonly help: HelpRequestsService,
    private readonly realtime: RealtimePublisher,
  ) {}

  @Post()
  @Roles('agent')
  request(@CurrentPrincipal() principal: Principal, @Body() dto: RequestHelpDto): Promise<HelpRequestView> {
    return this.help.request(principal.helplineId, principal.userId, dto.contactId ?? null);
  }

  @Get()
  @Roles('supervisor', 'admin')
  open(@CurrentPrincipal() principal: Principal): Promise<HelpRequestView[]> {
    return this.help.open(principal.helplineId);
  }

  /** A supervisor is on their way: the agent is told at once. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  async acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string) {
    const answered = await this.help.acknowledge(principal.helplineId, id, principal.userId);
    this.realtime.emit(rooms.user(answered.agentId), 'help.acknowledged', {
      requestId: answered.id,
      acknowledgedBy: principal.userId,
    });
    return answered;
  }
}
