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
  /** The topic code the channel gave (a chat's chosen topic), if any. */
  topic: string | null;
  priority: string;
  /** Reason codes: raised by the caller's triage answers (chat) or set by the channel on arrival (phone). */
  riskFlags: string[];
  /**
   * "Possible repeat caller, N earlier contacts": the caller key matched earlier contacts. Nothing else about them:
   * the phone may be in someone else's hands, so the earlier case opens only after the caller confirms.
   */
  repeatCaller: { earlierContacts: number } | null;
  deadline: number;
  /** The server's clock when the offer was sent (epoch ms): the desk counts down on the server's time. */
  sentAt: number;
}

/** Events the server pushes to staff sockets: `'<noun>.<past-verb>'`. */
export interface ServerEvents {
  /** A staff account was created, changed or disabled (admins' user list refreshes). Ids only. */
  'staff.user-changed': (envelope: StreamEnvelope<{ userId: string }>) => void;
  /** A contact is offered to this agent until `deadline` (epoch ms, the server's clock: count down from it). */
  'offer.created': (envelope: StreamEnvelope<OfferPayload>) => void;
  /** The offer ended without the agent (deadline passed, caller hung up, taken back). */
  'offer.withdrawn': (envelope: StreamEnvelope<{ contactId: string; reason: string }>) => void;
  /** A message in a web chat the agent holds, numbered per conversation (a gap means: ask `chat.sync`). */
  'chat.message': (message: ChatMessagePayload & { contactId: string }) => void;
  /** A supervisor answered the agent's call for help: someone is coming. */
  'help.acknowledged': (answer: { requestId: string; acknowledgedBy: string }) => void;
  /** The caller of a chat the agent holds is typing (or stopped). */
  'chat.typing': (typing: { contactId: string; typing: boolean }) => void;
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
  /** Writes in a chat the agent is connected to; a re-send with the same clientId gets the first number. */
  'chat.send': (
    request: { contactId: string; clientId: string; text: string },
    ack: (reply: { seq: number } | SocketFailure) => void,
  ) => void;
  /** The chat's messages after `afterSeq` (connected or wrapping up). */
  'chat.sync': (
    request: { contactId: string; afterSeq: number },
    ack: (reply: { messages: ChatMessagePayload[] } | SocketFailure) => void,
  ) => void;
  'chat.typing': (request: { contactId: string; typing: boolean }, ack: (reply: { ok: true }) => void) => void;
}

/** What an acknowledgement carries when the event was refused (also sent as an `exception` event). */
export interface SocketFailure {
  error: { code: string; message: string };
}

/** One chat message, as both ends see it. */
export interface ChatMessagePayload {
  seq: number;
  sender: 'caller' | 'agent' | 'system';
  text: string;
  sentAt: number;
  clientId: string;
}

/** Events the server pushes to a caller's socket in the `/chat` namespace. */
export interface ChatServerEvents {
  'chat.message': (message: ChatMessagePayload) => void;
  'chat.typing': (typing: { typing: boolean }) => void;
  /** The conversation changed as the caller sees it: an agent joined, it ended, it became a callback. */
  'chat.state': (state: { state: 'waiting' | 'connected' | 'callback' | 'ended' }) => void;
  exception: (error: { code: string; message: string }) => void;
}

/** Events a caller's socket may send in the `/chat` namespace (the conversation is the socket's own). */
export interface ChatClientEvents {
  'chat.send': (
    request: { clientId: string; text: string },
    ack: (reply: { seq: number } | SocketFailure) => void,
  ) => void;
  'chat.sync': (
    request: { afterSeq: number },
    ack: (reply: { messages: ChatMessagePayload[] } | SocketFailure) => void,
  ) => void;
  'chat.typing': (request: { typing: boolean }, ack: (reply: { ok: true }) => void) => void;
  /** Place, estimated wait, whether to offer a callback, the last message number. */
  'chat.status': (ack: (reply: Record<string, unknown>) => void) => void;
}

export const CHAT_CLIENT_EVENT_NAMES = [
  'chat.send',
  'chat.sync',
  'chat.typing',
  'chat.status',
] as const satisfies readonly (keyof ChatClientEvents)[];

export const CLIENT_EVENT_NAMES = [
  'session.describe',
  'streams.positions',
  'presence.heartbeat',
  'offer.accept',
  'offer.decline',
  'chat.send',
  'chat.sync',
  'chat.typing',
] as const satisfies readonly (keyof ClientEvents)[];
