import { Logger } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { MessageBody, SubscribeMessage, type OnGatewayConnection } from '@nestjs/websockets';
import { IsUUID } from 'class-validator';
import type { Socket } from 'socket.io';
import { RoutingEngine } from '@tuki/assignment';
import { CurrentPrincipal, Roles, type Principal, GuardedGateway } from '@tuki/platform';

class OfferAnswerDto {
  @ApiProperty()
  @IsUUID()
  contactId: string;
}

/** The agent's side of routing over the socket: presence, and answers to offers (the same rules as over HTTP). */
@GuardedGateway()
export class AgentGateway implements OnGatewayConnection {
  private readonly logger = new Logger(AgentGateway.name);

  constructor(private readonly routing: RoutingEngine) {}

  /** A connecting agent is present at once; the desk then heartbeats every few seconds. */
  async handleConnection(socket: Socket): Promise<void> {
    const principal = (socket.data as { principal?: Principal }).principal;
    if (principal?.roles.includes('agent')) {
      await this.routing
        .heartbeat(principal.helplineId, principal.userId)
        .catch((error: unknown) => this.logger.warn(`Heartbeat on connect failed: ${(error as Error).message}`));
    }
  }

  @SubscribeMessage('presence.heartbeat')
  @Roles('agent')
  async heartbeat(@CurrentPrincipal() principal: Principal): Promise<{ ok: true }> {
    await this.routing.heartbeat(principal.helplineId, principal.userId);
    return { ok: true };
  }

  @SubscribeMessage('offer.accept')
  @Roles('agent')
  async accept(
    @CurrentPrincipal() principal: Principal,
    @MessageBody() request: OfferAnswerDto,
  ): Promise<{ contactId: string; state: string }> {
    const contact = await this.routing.accept(principal.helplineId, principal.userId, request.contactId);
    return { contactId: contact.id, state: contact.state };
  }

  @SubscribeMessage('offer.decline')
  @Roles('agent')
  async decline(
    @CurrentPrincipal() principal: Principal,
    @MessageBody() request: OfferAnswerDto,
  ): Promise<{ ok: true }> {
    await this.routing.decline(principal.helplineId, principal.userId, request.contactId);
    return { ok: true };
  }
}
