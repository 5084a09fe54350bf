import { Body, Controller, Get, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CurrentPrincipal,
  CurrentService,
  Roles,
  ServiceOnly,
  type Principal,
  type ServicePrincipal,
} from '@tuki/platform';
import { ContactPositionView, IntakeView, RoutingEngine } from '@tuki/assignment';
import {
  CallbackAttemptConflictError,
  CallbackAttempts,
  CallbackReceiptView,
  RequestCallbackDto,
} from '@tuki/callbacks';
import { ContactHistoryView, ContactsService, ContactView, CreateContactDto, TransferContactDto } from '@tuki/queueing';
import { uuidParam } from './route-params';
import { WaitingCallers } from './waiting-callers';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  private readonly logger = new Logger(ContactsController.name);

  constructor(
    private readonly contacts: ContactsService,
    private readonly routing: RoutingEngine,
    private readonly attempts: CallbackAttempts,
    private readonly waiting: WaitingCallers,
  ) {}

  /** A channel adapter hands over a new contact: 201 when created, 200 when the idempotency key was seen before. */
  @Post()
  @ServiceOnly('channel adapters create contacts')
  @ApiOkResponse({ type: IntakeView })
  async create(
    @CurrentService() service: ServicePrincipal,
    @Body() dto: CreateContactDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IntakeView> {
    const { contact, created } = await this.contacts.create(
      service.helplineId,
      { kind: 'service', id: service.credentialId },
      dto,
    );
    void reply.status(created ? 201 : 200);
    // Route now rather than after the outbox relay's round trip, so an urgent caller is not overtaken in a burst; the
    // contact.created event routes it again if this process dies first (routing is idempotent).
    if (created)
      await this.routing
        .routeContact(service.helplineId, contact.id)
        .catch((error: unknown) => this.logger.warn(`Routing on intake deferred: ${(error as Error).message}`));
    // What the channel tells the caller now: the wait, and whether to offer a callback first (a surge).
    const where = await this.routing.position(service.helplineId, contact.id).catch(() => undefined);
    return {
      ...contact,
      estimatedWaitSeconds: where?.estimatedWaitSeconds ?? null,
      offerCallback: where?.offerCallback ?? false,
    };
  }

  /**
   * The waiting caller leaves a number and hangs up: they keep their place (by first arrival) and are called back.
   * A number that already has an open callback joins it (`merged`), and the earlier place wins.
   */
  @Post(':id/callback')
  @HttpCode(200)
  @ServiceOnly('channel adapters pass on a waiting caller asking to be called back')
  @ApiOkResponse({ type: CallbackReceiptView })
  requestCallback(
    @CurrentService() service: ServicePrincipal,
    @Param('id', uuidParam) id: string,
    @Body() dto: RequestCallbackDto,
  ): Promise<CallbackReceiptView> {
    return this.waiting.requestCallback(service.helplineId, id, dto, { kind: 'service', id: service.credentialId });
  }

  /** The caller hung up while waiting (or during the conversation). */
  @Post(':id/abandon')
  @HttpCode(200)
  @ServiceOnly('channel adapters report hang-ups')
  @ApiOkResponse({ type: ContactView })
  abandon(@CurrentService() service: ServicePrincipal, @Param('id', uuidParam) id: string): Promise<ContactView> {
    return this.waiting.hangUp(service.helplineId, id, { kind: 'service', id: service.credentialId });
  }

  /** The agent ends the conversation and starts wrap-up. */
  @Post(':id/end')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: ContactView })
  async end(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<ContactView> {
    // A callback's conversation starts with its attempt's outcome: without one, the callback would stay open.
    if (await this.attempts.outcomePending(principal.helplineId, id))
      throw new CallbackAttemptConflictError('Record the callback attempt outcome first');
    return this.routing.endConversation(principal.helplineId, principal.userId, id);
  }

  /** Wrap-up done: the contact is completed and the agent is free for the next one. */
  @Post(':id/complete')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: ContactView })
  complete(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<ContactView> {
    return this.routing.complete(principal.helplineId, principal.userId, id);
  }

  /**
   * Hands the caller to another queue, where they keep their place by first arrival: an agent transfers the caller
   * they are talking to; a supervisor moves a waiting caller (to a queue with free agents, say).
   */
  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: ContactView })
  async transfer(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: TransferContactDto,
  ): Promise<ContactView> {
    const contact = await this.contacts.get(principal.helplineId, id);
    const ownCaller = principal.roles.includes('agent') && contact.agentId === principal.userId;
    if (!ownCaller && principal.roles.includes('supervisor'))
      return this.routing.moveWaiting(principal.helplineId, id, dto.queueId, {
        kind: 'supervisor',
        id: principal.userId,
      });
    return this.routing.transfer(principal.helplineId, principal.userId, id, dto.queueId);
  }

  /** The caller's place and estimated wait, for the channel to tell them (and for supervisors). */
  @Get(':id/position')
  @ServiceOnly('channel adapters tell waiting callers their place')
  @ApiOkResponse({ type: ContactPositionView })
  position(
    @CurrentService() service: ServicePrincipal,
    @Param('id', uuidParam) id: string,
  ): Promise<ContactPositionView> {
    return this.routing.position(service.helplineId, id);
  }

  /** What the agent holds now (connected or in wrap-up): their desk finds its contacts again after a reload. */
  @Get('mine')
  @Roles('agent')
  @ApiOkResponse({ type: [ContactView] })
  mine(@CurrentPrincipal() principal: Principal): Promise<ContactView[]> {
    return this.contacts.heldBy(principal.helplineId, principal.userId);
  }

  @Get(':id')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: ContactView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<ContactView> {
    return this.contacts.get(principal.helplineId, id);
  }

  @Get(':id/history')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: [ContactHistoryView] })
  history(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<ContactHistoryView[]> {
    return this.contacts.historyOf(principal.helplineId, id);
  }
}
