import type { Principal } from '../auth/principal';

/**
 * Room names. Every room carries the helpline id, so an event emitted to one helpline never reaches another's
 * dashboards.
 */
export const rooms = {
  helpline: (helplineId: string) => `helpline:${helplineId}`,
  role: (helplineId: string, role: string) => `helpline:${helplineId}:role:${role}`,
  user: (userId: string) => `user:${userId}`,
};

/** The rooms a signed-in staff member joins at the handshake. */
export function roomsOf(principal: Principal): string[] {
  return [
    rooms.helpline(principal.helplineId),
    rooms.user(principal.userId),
    ...principal.roles.map((role) => rooms.role(principal.helplineId, role)),
  ];
}
