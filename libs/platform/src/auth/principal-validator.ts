import type { Principal, ServicePrincipal } from './principal';

/**
 * Says whether a verified token's principal is still current (user enabled, session version unchanged). Platform
 * declares it; the staff lib implements it; the api binds the two.
 */
export abstract class PrincipalValidator {
  abstract isCurrent(principal: Principal): Promise<boolean>;
}

/**
 * Turns a service bearer token into the service principal it names, or undefined when it is unknown or revoked.
 * Platform declares it; the staff lib (which keeps service credentials) implements it.
 */
export abstract class ServiceCredentialValidator {
  abstract verify(token: string): Promise<ServicePrincipal | undefined>;
}
