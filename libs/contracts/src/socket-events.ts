/** Every pushed event is wrapped with its stream (room) and a per-stream sequence number. */
export interface StreamEnvelope<T> {
  stream: string;
  seq: number;
  data: T;
}

/** What an agent sees of an offer: routing facts only, never who the caller is. */
export interface OfferPayload {
  contactId: string;
  queueId: string;
  channel: string;
  language: string;
  priority: string;
  riskFlags: string[];
  /**
   * "Possible repeat caller, N earlier contacts": the caller key matched earlier contacts. Nothing else about them:
   * the phone may be in someone else's hands, so the earlier case opens only after the caller confirms.
   */
  repeatCaller: { earlierContacts: number } | null;
  deadline: number;
}

/** Events the server pushes to staff sockets: `'<noun>.<past-verb>'`. */
export interface ServerEvents {
  /** A staff account was created, changed or disabled (admins' user list refreshes). Ids only. */
  'staff.user-changed': (envelope: StreamEnvelope<{ userId: string }>) => void;
  /** A contact is offered to this agent until `deadline` (epoch ms, the server's clock: count down from it). */
  'offer.created': (envelope: StreamEnvelope<OfferPayload>) => void;
  /** The offer ended without the agent (deadline passed, caller hung up, taken back). */
  'offer.withdrawn': (envelope: StreamEnvelope<{ contactId: string; reason: string }>) => void;
  /** A coded error answering a socket event. */
  exception: (error: { code: string; message: string }) => void;
}

/** Events staff sockets may send, each with its acknowledgement. */
export interface ClientEvents {
  /** Who am I, as the server sees this socket. */
  'session.describe': (ack: (reply: { userId: string; helplineId: string; roles: string[] }) => void) => void;
  /** The current sequence number of each stream this socket is in, to detect a gap and resync. */
  'streams.positions': (ack: (reply: Record<string, number>) => void) => void;
  /** The agent's desk is alive; sent every few seconds. Without it the agent goes offline and offers return. */
  'presence.heartbeat': (ack: (reply: { ok: true }) => void) => void;
  'offer.accept': (request: { contactId: string }, ack: (reply: { contactId: string; state: string }) => void) => void;
  'offer.decline': (request: { contactId: string }, ack: (reply: { ok: true }) => void) => void;
}

export const CLIENT_EVENT_NAMES = [
  'session.describe',
  'streams.positions',
  'presence.heartbeat',
  'offer.accept',
  'offer.decline',
] as const satisfies readonly (keyof ClientEvents)[];
