import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, ServicePrincipal, StaffRole } from './principal';

/** How a route or socket event may be reached. Every one declares it; nothing is reachable by default. */
export type AccessRule =
  { kind: 'roles'; roles: StaffRole[] } | { kind: 'public'; why: string } | { kind: 'service'; why: string };

export const ACCESS_RULE = Symbol('ACCESS_RULE');

/** Signed-in staff holding at least one of these roles. */
export const Roles = (...roles: [StaffRole, ...StaffRole[]]) => SetMetadata(ACCESS_RULE, { kind: 'roles', roles });

/** Anyone, signed in or not (health checks, sign-in, caller chat). The reason is required so reviewers see it. */
export const Public = (why: string) => SetMetadata(ACCESS_RULE, { kind: 'public', why });

/** A machine caller with a service credential of its helpline (a channel adapter), never a person's token. */
export const ServiceOnly = (why: string) => SetMetadata(ACCESS_RULE, { kind: 'service', why });

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
