import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, staffActor, type Principal } from '@tuki/platform';
import { AdjustRoutingQueueDto, DefineRoutingQueueDto, RoutingQueuesService, RoutingQueueView } from '@tuki/queueing';
import { HelplinesService } from '@tuki/staff';
import { uuidParam } from './route-params';

@ApiTags('routing queues')
@ApiBearerAuth()
@Controller('routing-queues')
export class RoutingQueuesController {
  constructor(
    private readonly queues: RoutingQueuesService,
    private readonly helplines: HelplinesService,
  ) {}

  @Get()
  @Roles('agent', 'supervisor', 'admin')
  @ApiOkResponse({ type: [RoutingQueueView] })
  list(@CurrentPrincipal() principal: Principal): Promise<RoutingQueueView[]> {
    return this.queues.list(principal.helplineId);
  }

  @Get(':id')
  @Roles('agent', 'supervisor', 'admin')
  @ApiOkResponse({ type: RoutingQueueView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<RoutingQueueView> {
    return this.queues.get(principal.helplineId, id);
  }

  @Post()
  @Roles('admin')
  @ApiOkResponse({ type: RoutingQueueView })
  async define(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: DefineRoutingQueueDto,
  ): Promise<RoutingQueueView> {
    const { timeZone } = await this.helplines.get(principal.helplineId);
    return this.queues.define(principal.helplineId, dto, timeZone, staffActor(principal));
  }

  @Put(':id')
  @Roles('admin')
  @ApiOkResponse({ type: RoutingQueueView })
  async redefine(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: DefineRoutingQueueDto,
  ): Promise<RoutingQueueView> {
    const { timeZone } = await this.helplines.get(principal.helplineId);
    return this.queues.redefine(principal.helplineId, id, dto, timeZone, staffActor(principal));
  }

  /** Open or close the queue and adjust its thresholds while it runs. */
  @Patch(':id')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: RoutingQueueView })
  adjust(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: AdjustRoutingQueueDto,
  ): Promise<RoutingQueueView> {
    return this.queues.adjust(principal.helplineId, id, dto, staffActor(principal));
  }
}
