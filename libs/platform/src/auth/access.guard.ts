import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import { AccessTokens } from './access-tokens';
import { AccessRuleMissingError, ForbiddenError, UnauthenticatedError } from './auth.errors';
import { CallerTokens } from './caller-tokens';
import type { CallerPrincipal, Principal, ServicePrincipal } from './principal';
import { PrincipalValidator, ServiceCredentialValidator } from './principal-validator';

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

interface SocketLike {
  data: { principal?: Principal; caller?: CallerPrincipal; accessToken?: string };
}

/** Reads the bearer token of an HTTP request; tokens are never taken from the query string (it ends up in logs). */
export function bearerToken(headers: HttpRequestLike['headers']): string | undefined {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer ([A-Za-z0-9._~+/=-]+)$/);
  return match?.[1];
}

/**
 * Denies by default. Every HTTP route and socket event must carry @Roles, @Public or @ServiceOnly; one without a rule
 * is refused (and the route-by-role test fails). Role checks re-validate the token's session version, so a disabled
 * user is refused at once, even with an unexpired token.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly validator: PrincipalValidator,
    private readonly services: ServiceCredentialValidator,
    private readonly callers: CallerTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      throw new AccessRuleMissingError(
        `${context.getClass().name}.${context.getHandler().name} declares no access rule`,
      );
    }
    switch (rule.kind) {
      case 'public':
        return true;
      case 'service':
        return this.authenticateService(context);
      case 'caller':
        return this.authenticateCaller(context);
      case 'roles': {
        const principal = await this.authenticate(context);
        if (!principal.roles.some((role) => rule.roles.includes(role))) throw new ForbiddenError();
        return true;
      }
    }
  }

  private async authenticateService(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') throw new ForbiddenError('Service credentials are for HTTP only');
    const request = context.switchToHttp().getRequest<HttpRequestLike & { service?: ServicePrincipal }>();
    const token = bearerToken(request.headers);
    if (!token) throw new UnauthenticatedError('A service credential is required');
    const service = await this.services.verify(token);
    if (!service) throw new UnauthenticatedError('Unknown or revoked service credential');
    request.service = service;
    return true;
  }

  /** A caller's socket was verified at the chat namespace's handshake; over HTTP the bearer is their capability. */
  private authenticateCaller(context: ExecutionContext): boolean {
    if (context.getType() === 'ws') {
      if (!context.switchToWs().getClient<SocketLike>().data.caller) throw new ForbiddenError();
      return true;
    }
    const request = context.switchToHttp().getRequest<HttpRequestLike & { caller?: CallerPrincipal }>();
    const token = bearerToken(request.headers);
    if (!token) throw new UnauthenticatedError('A conversation token is required');
    request.caller = this.callers.verify(token);
    return true;
  }

  private async authenticate(context: ExecutionContext): Promise<Principal> {
    let principal: Principal;
    if (context.getType() === 'ws') {
      const socket = context.switchToWs().getClient<SocketLike>();
      // The handshake middleware verified the token; here its session is checked again for each event.
      if (!socket.data.principal) throw new UnauthenticatedError();
      principal = socket.data.principal;
    } else {
      const request = context.switchToHttp().getRequest<HttpRequestLike>();
      const token = bearerToken(request.headers);
      if (!token) throw new UnauthenticatedError();
      principal = this.tokens.verify(token);
      request.principal = principal;
    }
    if (!(await this.validator.isCurrent(principal))) throw new UnauthenticatedError('Session ended; sign in again');
    return principal;
  }
}
