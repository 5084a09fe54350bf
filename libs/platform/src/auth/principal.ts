/** Staff roles. `analyst` builds and downloads anonymised statistics and nothing else. */
export const STAFF_ROLES = ['agent', 'supervisor', 'admin', 'analyst'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is asking: taken from a verified access token, re-checked against the user's current session version. */
export interface Principal {
  kind: 'staff';
  userId: string;
  helplineId: string;
  roles: StaffRole[];
  /** Bumped when the user is disabled or their roles change: older tokens stop working at once. */
  sessionVersion: number;
}

/** A machine caller (a channel adapter: telephony webhook, chat gateway) acting for one helpline. */
export interface ServicePrincipal {
  kind: 'service';
  credentialId: string;
  helplineId: string;
}

/** An anonymous caller holding the capability of one conversation (a web chat): no account, no name. */
export interface CallerPrincipal {
  kind: 'caller';
  helplineId: string;
  conversationId: string;
}
