import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RoutingEngine } from '@tuki/assignment';
import {
  CallbackAttempts,
  CallbackDetailView,
  CallbackOutcomeDto,
  CallbackReceiptView,
  CallbackRequests,
  CallbacksQuery,
  CallbackView,
  CreateCallbackDto,
  DialView,
  type CallbackRequestContext,
  type CallbackStatus,
} from '@tuki/callbacks';
import {
  CurrentPrincipal,
  CurrentService,
  Roles,
  ServiceOnly,
  type Principal,
  type ServicePrincipal,
} from '@tuki/platform';
import { ContactsService, ContactView, type Actor } from '@tuki/queueing';
import { HelplinesService } from '@tuki/staff';
import { CallbackOutcomes } from './callback-outcomes';
import { CallerGate } from './caller-gate';
import { uuidParam } from './route-params';

const STATUSES: CallbackStatus[] = ['open', 'completed', 'expired', 'cancelled'];
const attemptParam = new ParseIntPipe({
  exceptionFactory: () => new BadRequestException('attempt must be a whole number'),
});

/**
 * Callbacks: asked for from a web form or chat (services), by an agent for a caller, and dialled by the agent who
 * took the offer. Supervisors see them, never the number.
 */
@ApiTags('callbacks')
@ApiBearerAuth()
@Controller('callbacks')
export class CallbacksController {
  constructor(
    private readonly requests: CallbackRequests,
    private readonly attempts: CallbackAttempts,
    private readonly query: CallbacksQuery,
    private readonly routing: RoutingEngine,
    private readonly contacts: ContactsService,
    private readonly helplines: HelplinesService,
    private readonly gate: CallerGate,
    private readonly outcomes: CallbackOutcomes,
  ) {}

  /** A web form or chat backend asks for a callback (no caller waiting in a queue). */
  @Post()
  @HttpCode(200)
  @ServiceOnly('web forms and chat pass on callback requests')
  @ApiOkResponse({ type: CallbackReceiptView })
  async request(
    @CurrentService() service: ServicePrincipal,
    @Body() dto: CreateCallbackDto,
  ): Promise<CallbackReceiptView> {
    // Callers asking for themselves pass the block list and the rate limit; an agent asking on a caller's behalf does not.
    return this.gate.admitCallback(service.helplineId, dto.number, () =>
      this.take(service.helplineId, dto, {
        actor: { kind: 'service', id: service.credentialId },
        source: dto.source ?? 'web-form',
      }),
    );
  }

  /** An agent or supervisor asks for a callback on a caller's behalf (the line dropped, or the caller asked). */
  @Post('on-behalf')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: CallbackReceiptView })
  async requestOnBehalf(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateCallbackDto,
  ): Promise<CallbackReceiptView> {
    const kind = principal.roles.includes('agent') ? 'agent' : 'supervisor';
    return this.take(principal.helplineId, dto, { actor: { kind, id: principal.userId }, source: 'agent' });
  }

  @Get()
  @Roles('supervisor', 'admin')
  @ApiQuery({ name: 'status', enum: STATUSES, required: false })
  @ApiOkResponse({ type: [CallbackView] })
  list(@CurrentPrincipal() principal: Principal, @Query('status') status = 'open'): Promise<CallbackView[]> {
    if (!STATUSES.includes(status as CallbackStatus))
      throw new BadRequestException(`status must be one of ${STATUSES.join(', ')}`);
    return this.query.list(principal.helplineId, status as CallbackStatus);
  }

  @Get(':id')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CallbackDetailView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<CallbackDetailView> {
    return this.query.get(principal.helplineId, id);
  }

  /** A supervisor withdraws a waiting callback (the caller asked them, or it is a duplicate the number check missed). */
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOkResponse({ type: CallbackView })
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<CallbackView> {
    return this.withdraw(principal.helplineId, id, { kind: 'supervisor', id: principal.userId }, 'supervisor');
  }

  /** The caller withdraws their callback through their channel (the IVR's or chat's "cancel my callback"). */
  @Post(':id/withdraw')
  @HttpCode(200)
  @ServiceOnly('channel adapters pass on a caller withdrawing their callback')
  @ApiOkResponse({ type: CallbackView })
  withdrawByCaller(@CurrentService() service: ServicePrincipal, @Param('id', uuidParam) id: string) {
    return this.withdraw(service.helplineId, id, { kind: 'service', id: service.credentialId }, 'caller');
  }

  private async withdraw(helplineId: string, id: string, actor: Actor, by: 'caller' | 'supervisor') {
    const cancelled = await this.requests.cancel(helplineId, id, actor, by);
    await this.routing.contactLeft(helplineId, await this.contacts.get(helplineId, id));
    return cancelled;
  }

  /**
   * The agent who accepted the callback's offer starts its next attempt. In manual mode the answer carries the
   * number, for this agent and this attempt only; asking again during the attempt shows it again (and is counted).
   */
  @Post(':id/attempts')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: DialView })
  startAttempt(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<DialView> {
    return this.attempts.start(principal.helplineId, principal.userId, id);
  }

  /**
   * How the attempt went. Reached: the conversation goes on (end and complete it as any other). Otherwise the agent
   * is free at once and the callback waits for its next attempt, or expires after the last. A supervisor may record
   * the outcome of an attempt whose agent is gone, so the callback is not stuck.
   */
  @Post(':id/attempts/:attempt/outcome')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: ContactView })
  async recordOutcome(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Param('attempt', attemptParam) attempt: number,
    @Body() dto: CallbackOutcomeDto,
  ): Promise<ContactView> {
    // An agent records their own attempt; a supervisor closes one its agent left open (their desk went away).
    const by = principal.roles.includes('agent') ? { agentId: principal.userId } : { supervisorId: principal.userId };
    return this.outcomes.record(principal.helplineId, by, id, attempt, dto.outcome);
  }

  private async take(
    helplineId: string,
    dto: CreateCallbackDto,
    who: Pick<CallbackRequestContext, 'actor' | 'source'>,
  ): Promise<CallbackReceiptView> {
    const { timeZone } = await this.helplines.get(helplineId);
    const estimatedWaitMs = await this.routing
      .estimateAtBack(helplineId, {
        queueId: dto.queueId,
        language: dto.language,
        channel: 'callback',
        priority: dto.priority ?? 'normal',
      })
      .catch(() => undefined);
    const receipt = await this.requests.create(helplineId, dto, { ...who, timeZone, estimatedWaitMs });
    // Indexed now when due (the callback.due event does it too, should this process stop first).
    await this.routing.routeContact(helplineId, receipt.callback.id).catch(() => undefined);
    return receipt;
  }
}
