/**
 * What the app tells the cases domain about a contact, read from queueing's record at the moment of the request, so
 * an agent can open a case the instant they accept, before the contact's events have reached this domain.
 */
export interface ContactSnapshot {
  contactId: string;
  queueId: string;
  channel: string;
  language: string;
  state: string;
  agentId: string | null;
  callerKey: string | null;
  firstArrivedAt: number;
  waitMs: number | null;
}

/** Connected or wrapping up with this agent: the only time an agent acts on a contact's case. */
export function isHeldBy(contact: ContactSnapshot, userId: string): boolean {
  return contact.agentId === userId && (contact.state === 'connected' || contact.state === 'wrap-up');
}
