import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
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
import { ContactHistoryView, ContactsService, ContactView, CreateContactDto } from '@tuki/queueing';
import { uuidParam } from './route-params';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

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
    return contact;
  }

  /** The caller hung up while waiting (or during the conversation). */
  @Post(':id/abandon')
  @HttpCode(200)
  @ServiceOnly('channel adapters report hang-ups')
  @ApiOkResponse({ type: ContactView })
  abandon(@CurrentService() service: ServicePrincipal, @Param('id', uuidParam) id: string): Promise<ContactView> {
    return this.contacts.transition(
      service.helplineId,
      id,
      'abandon',
      { kind: 'service', id: service.credentialId },
      {
        reason: 'caller-hung-up',
      },
    );
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
