import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CallerPrincipal, Principal, ServicePrincipal, StaffRole } from './principal';

/** How a route or socket event may be reached. Every one declares it; nothing is reachable by default. */
export type AccessRule =
  | { kind: 'roles'; roles: StaffRole[] }
  | { kind: 'public'; why: string }
  | { kind: 'service'; why: string }
  | { kind: 'caller'; why: string };

export const ACCESS_RULE = Symbol('ACCESS_RULE');

/** Signed-in staff holding at least one of these roles. */
export const Roles = (...roles: [StaffRole, ...StaffRole[]]) => SetMetadata(ACCESS_RULE, { kind: 'roles', roles });

/** Anyone, signed in or not (health checks, sign-in, caller chat). The reason is required so reviewers see it. */
export const Public = (why: string) => SetMetadata(ACCESS_RULE, { kind: 'public', why });

/** A machine caller with a service credential of its helpline (a channel adapter), never a person's token. */
export const ServiceOnly = (why: string) => SetMetadata(ACCESS_RULE, { kind: 'service', why });

/**
 * An anonymous caller holding the capability of one conversation (the bearer token of a chat, or a socket of the
 * chat namespace that showed it at the handshake). Staff tokens and service credentials are refused.
 */
export const CallerOnly = (why: string) => SetMetadata(ACCESS_RULE, { kind: 'caller', why });

/** The principal the AccessGuard attached to the request or socket. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  if (context.getType() === 'ws')
    return context.switchToWs().getClient<{ data: { principal: Principal } }>().data.principal;
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});

/** The service principal the AccessGuard attached to a @ServiceOnly request. */
export const CurrentService = createParamDecorator(
  (_: unknown, context: ExecutionContext): ServicePrincipal =>
    context.switchToHttp().getRequest<{ service: ServicePrincipal }>().service,
);

/** The caller the AccessGuard attached to a @CallerOnly request or socket. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): CallerPrincipal => {
  if (context.getType() === 'ws')
    return context.switchToWs().getClient<{ data: { caller: CallerPrincipal } }>().data.caller;
  return context.switchToHttp().getRequest<{ caller: CallerPrincipal }>().caller;
});
