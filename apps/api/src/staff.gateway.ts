import { UseFilters, UseGuards } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AccessGuard, CurrentPrincipal, RealtimePublisher, Roles, WsErrorFilter, type Principal } from '@tuki/platform';

/**
 * Session-level socket events every staff member may send. Domain gateways (queues, dashboards) come with their
 * issues. The guard is named here as well as globally: gateways must never depend on how globals are wired.
 */
@WebSocketGateway()
@UseGuards(AccessGuard)
@UseFilters(WsErrorFilter)
export class StaffGateway {
  constructor(private readonly realtime: RealtimePublisher) {}

  @SubscribeMessage('session.describe')
  @Roles('agent', 'supervisor', 'admin', 'analyst')
  describe(@CurrentPrincipal() principal: Principal): { userId: string; helplineId: string; roles: string[] } {
    return { userId: principal.userId, helplineId: principal.helplineId, roles: principal.roles };
  }

  @SubscribeMessage('streams.positions')
  @Roles('agent', 'supervisor', 'admin', 'analyst')
  positions(@ConnectedSocket() socket: Socket): Promise<Record<string, number>> {
    return this.realtime.positions([...socket.rooms].filter((room) => room !== socket.id));
  }
}
