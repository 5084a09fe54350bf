import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { Clock } from '../clock/clock';
import { UnauthenticatedError } from './auth.errors';
import { STAFF_ROLES, type Principal, type StaffRole } from './principal';

interface AccessClaims {
  sub: string;
  hl: string;
  roles: StaffRole[];
  sv: number;
  iat: number;
  exp: number;
}

/**
 * Short-lived signed access tokens (HS256 with TOKEN_SIGNING_KEY). They hold ids and roles only, never a name, and
 * are checked against the user's session version on every use so disabling a user takes effect at once.
 */
@Injectable()
export class AccessTokens {
  private readonly jwt: JwtService;

  constructor(
    @Inject(TUKI_CONFIG) private readonly config: TukiConfig,
    private readonly clock: Clock,
  ) {
    this.jwt = new JwtService({ secret: config.secrets.tokenSigningKey, verifyOptions: { algorithms: ['HS256'] } });
  }

  issue(principal: Principal): { accessToken: string; expiresIn: number } {
    const iat = Math.floor(this.clock.nowMs() / 1000);
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const claims: AccessClaims = {
      sub: principal.userId,
      hl: principal.helplineId,
      roles: principal.roles,
      sv: principal.sessionVersion,
      iat,
      exp: iat + expiresIn,
    };
    return { accessToken: this.jwt.sign(claims, { algorithm: 'HS256' }), expiresIn };
  }

  verify(token: string): Principal {
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.nowMs() / 1000),
      });
    } catch (error) {
      throw Object.assign(new UnauthenticatedError('Invalid or expired access token'), { cause: error });
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => STAFF_ROLES.includes(r)) : [];
    if (typeof claims.sub !== 'string' || typeof claims.hl !== 'string' || typeof claims.sv !== 'number') {
      throw new UnauthenticatedError('Invalid access token');
    }
    return { kind: 'staff', userId: claims.sub, helplineId: claims.hl, roles, sessionVersion: claims.sv };
  }
}
