import { SubscribeMessage, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { SUPERVISOR_NAMESPACE, type MetricsMessage } from '@tuki/contracts';
import {
  AccessTokens,
  CurrentPrincipal,
  GuardedGateway,
  PrincipalValidator,
  Roles,
  staffHandshake,
  type Principal,
} from '@tuki/platform';
import { SupervisorPush, supervisorRoom } from './supervisor-push';

const DASHBOARD_ROLES: ['supervisor', 'admin'] = ['supervisor', 'admin'];

/**
 * The supervisors' live dashboard, in a namespace of its own: the handshake admits only supervisors and admins of a
 * helpline, who get a full snapshot at once and then the changes (SupervisorPush).
 */
@GuardedGateway({ namespace: SUPERVISOR_NAMESPACE })
export class SupervisorGateway implements OnGatewayInit, OnGatewayConnection {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly validator: PrincipalValidator,
    private readonly push: SupervisorPush,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(staffHandshake(this.tokens, this.validator, { roles: DASHBOARD_ROLES }));
    this.push.start(namespace);
  }

  async handleConnection(socket: Socket): Promise<void> {
    const principal = (socket.data as { principal: Principal }).principal;
    const snapshot = await this.push.current(principal.helplineId);
    // Joined only now, in the same turn as the snapshot goes out: no change can reach the socket before it.
    socket.emit('metrics.snapshot', snapshot);
    void socket.join(supervisorRoom(principal.helplineId));
  }

  @SubscribeMessage('metrics.resync')
  @Roles(...DASHBOARD_ROLES)
  resync(@CurrentPrincipal() principal: Principal): Promise<MetricsMessage> {
    return this.push.current(principal.helplineId);
  }
}
