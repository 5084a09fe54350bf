import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { Clock } from '../clock/clock';
import { UnauthenticatedError } from './auth.errors';
import type { CallerPrincipal } from './principal';

/** The audience that tells a caller's capability apart from a staff access token signed with the same key. */
const CALLER_AUDIENCE = 'tuki-caller';

interface CallerClaims {
  aud: string;
  hl: string;
  /** The one conversation (chat) this capability opens. */
  cv: string;
  iat: number;
  exp: number;
}

/**
 * Capability tokens for anonymous callers: the browser of a chat gets one for its own conversation and nothing else.
 * Signed (HS256, TOKEN_SIGNING_KEY) with an audience of their own, so a caller's token is never a staff token and the
 * other way round; they carry two random ids and no personal data. Whether the conversation is still open is the
 * chat domain's check on every use, so an ended conversation's token opens nothing even before it expires.
 */
@Injectable()
export class CallerTokens {
  private readonly jwt: JwtService;

  constructor(
    @Inject(TUKI_CONFIG) config: TukiConfig,
    private readonly clock: Clock,
  ) {
    this.jwt = new JwtService({ secret: config.secrets.tokenSigningKey, verifyOptions: { algorithms: ['HS256'] } });
  }

  issue(caller: Omit<CallerPrincipal, 'kind'>, ttlSeconds: number): string {
    const iat = Math.floor(this.clock.nowMs() / 1000);
    const claims: CallerClaims = {
      aud: CALLER_AUDIENCE,
      hl: caller.helplineId,
      cv: caller.conversationId,
      iat,
      exp: iat + ttlSeconds,
    };
    return this.jwt.sign(claims, { algorithm: 'HS256' });
  }

  verify(token: string): CallerPrincipal {
    let claims: CallerClaims;
    try {
      claims = this.jwt.verify<CallerClaims>(token, {
        algorithms: ['HS256'],
        audience: CALLER_AUDIENCE,
        clockTimestamp: Math.floor(this.clock.nowMs() / 1000),
      });
    } catch (error) {
      throw Object.assign(new UnauthenticatedError('Invalid or expired conversation token'), { cause: error });
    }
    if (typeof claims.hl !== 'string' || typeof claims.cv !== 'string')
      throw new UnauthenticatedError('Invalid conversation token');
    return { kind: 'caller', helplineId: claims.hl, conversationId: claims.cv };
  }
}
