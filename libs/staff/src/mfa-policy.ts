import type { StaffRole } from '@tuki/platform';

/** Roles whose accounts must have a TOTP second factor: they can see every queue or change every account. */
export const ROLES_REQUIRING_MFA: readonly StaffRole[] = ['supervisor', 'admin'];

export function requiresMfa(roles: readonly StaffRole[]): boolean {
  return roles.some((role) => ROLES_REQUIRING_MFA.includes(role));
}
