import type { Socket } from 'socket.io';
import type { AccessTokens } from '../auth/access-tokens';
import type { Principal } from '../auth/principal';
import type { PrincipalValidator } from '../auth/principal-validator';

/**
 * The socket.io middleware that admits staff: a current access token in `handshake.auth.token` (never the query
 * string), and when `roles` is given, one of those roles. A refused socket never connects: the client sees
 * `connect_error` with UNAUTHENTICATED, FORBIDDEN or UNAVAILABLE. `admitted` runs for an accepted socket (join rooms).
 */
export function staffHandshake(
  tokens: AccessTokens,
  validator: PrincipalValidator,
  options: { roles?: readonly string[]; admitted?: (socket: Socket, principal: Principal) => void } = {},
) {
  return (socket: Socket, next: (error?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) return next(new Error('UNAUTHENTICATED'));
    let principal: Principal;
    try {
      principal = tokens.verify(token);
    } catch {
      return next(new Error('UNAUTHENTICATED'));
    }
    if (options.roles && !principal.roles.some((role) => options.roles?.includes(role))) {
      return next(new Error('FORBIDDEN'));
    }
    validator
      .isCurrent(principal)
      .then((current) => {
        if (!current) return next(new Error('UNAUTHENTICATED'));
        (socket.data as { principal: unknown }).principal = principal;
        options.admitted?.(socket, principal);
        next();
      })
      .catch(() => next(new Error('UNAVAILABLE')));
  };
}
