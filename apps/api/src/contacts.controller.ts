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
import { ContactPositionView, RoutingEngine } from '@tuki/assignment';
import { ContactHistoryView, ContactsService, ContactView, CreateContactDto, TransferContactDto } from '@tuki/queueing';
import { uuidParam } from './route-params';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  private readonly logger = new Logger(ContactsController.name);

  constructor(
    private readonly contacts: ContactsService,
    private readonly routing: RoutingEngine,
  ) {}

  /** A channel adapter hands over a new contact: 201 when created, 200 when the idempotency key was seen before. */
  @Post()
  @ServiceOnly('channel adapters create contacts')
  @ApiOkResponse({ type: ContactView })
  async create(
    @CurrentService() service: ServicePrincipal,
    @Body() dto: CreateContactDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContactView> {
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
    return contact;
  }

  /** The caller hung up while waiting (or during the conversation). */
  @Post(':id/abandon')
  @HttpCode(200)
  @ServiceOnly('channel adapters report hang-ups')
  @ApiOkResponse({ type: ContactView })
  async abandon(@CurrentService() service: ServicePrincipal, @Param('id', uuidParam) id: string): Promise<ContactView> {
    const contact = await this.contacts.transition(
      service.helplineId,
      id,
      'abandon',
      { kind: 'service', id: service.credentialId },
      { reason: 'caller-hung-up' },
    );
    await this.routing.contactLeft(service.helplineId, contact);
    return contact;
  }

  /** The agent ends the conversation and starts wrap-up. */
  @Post(':id/end')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: ContactView })
  end(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<ContactView> {
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
