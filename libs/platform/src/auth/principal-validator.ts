import type { Principal } from './principal';

/**
 * Says whether a verified token's principal is still current (user enabled, session version unchanged). Platform
 * declares it; the staff lib implements it; the api binds the two.
 */
export abstract class PrincipalValidator {
  abstract isCurrent(principal: Principal): Promise<boolean>;
}
