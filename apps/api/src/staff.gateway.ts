import { ConnectedSocket, SubscribeMessage } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { CurrentPrincipal, GuardedGateway, RealtimePublisher, Roles, type Principal } from '@tuki/platform';

/**
 * Session-level socket events every staff member may send. Domain gateways (queues, dashboards) come with their
 * issues. The guard is named here as well as globally: gateways must never depend on how globals are wired.
 */
@GuardedGateway()
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
