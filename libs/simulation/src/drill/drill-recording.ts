/**
 * What a drill records of a run: the contacts it made (as the record, `GET /contacts/:id` and `.../history`, tells them
 * afterwards), the callbacks they became, and the offers its simulated agents' sockets received and how each ended.
 * The checks (drill-checks.ts) are pure functions over this, so a failing drill can be replayed and explained offline.
 *
 * Times named `at`, `firstArrivedAt`, `deadline`, `sentAt` are the server's clock (epoch ms); times the drill took
 * itself (`receivedAt`, `releasedAt`, ...) are the drill's clock, which `clockOffsetMs` relates to the server's.
 */

export type DrillChannel = 'voice' | 'chat' | 'callback';
export type DrillPriority = 'urgent' | 'high' | 'normal' | 'low';

/** One row of `GET /contacts/:id/history`, in the order the record wrote them. */
export interface HistoryEntry {
  at: number;
  from: string | null;
  to: string;
  change: string;
  agentId: string | null;
  reason: string | null;
}

/** A contact the drill created, as the record holds it once the drill is over. */
export interface RecordedContact {
  id: string;
  /** The channel the caller came on (a contact that became a callback reads `callback` in the record afterwards). */
  arrivedOn: 'voice' | 'chat';
  /** The channel the record holds now. */
  channel: DrillChannel;
  language: string;
  priority: DrillPriority;
  riskFlags: string[];
  state: string;
  agentId: string | null;
  firstArrivedAt: number;
  history: HistoryEntry[];
}

/** A callback as `GET /callbacks/:id` shows it (the number never). */
export interface RecordedCallback {
  id: string;
  status: 'open' | 'completed' | 'expired' | 'cancelled';
  requestedAt: number;
  closedAt: number | null;
  nextAttemptAt: number | null;
  promisedBy: number;
  attempts: { attempt: number; agentId: string; startedAt: number; endedAt: number | null; outcome: string | null }[];
}

/** How an offer a simulated agent received ended, as the agent saw it. */
export type OfferEnd =
  /** Accepted; the hold ended when the agent completed the contact (or an unanswered callback attempt). */
  | 'accepted'
  /** The agent declined it (going off duty). */
  | 'declined'
  /** The accept was refused: the offer had already ended (the caller hung up, it lapsed). */
  | 'refused'
  /** Withdrawn by the server before the agent answered (`offer.withdrawn`). */
  | 'withdrawn'
  /** Still open when the drill ended. */
  | 'open';

/** One `offer.created` an agent's socket received, and what became of it. */
export interface ReceivedOffer {
  agentId: string;
  contactId: string;
  channel: DrillChannel;
  /** The server's deadline (server clock). */
  deadline: number;
  /** When the server sent it (server clock). */
  sentAt: number;
  /** When the socket received it (drill clock). */
  receivedAt: number;
  end: OfferEnd;
  /** Reason of a withdrawal, the refusal's code, or null. */
  endReason: string | null;
  /**
   * The earliest moment (drill clock) the agent's hold can have ended: when the agent sent its completion, decline or
   * no-answer outcome, when the caller's hang-up was sent, or when the offer arrived if nothing later is known.
   * Infinity while still held.
   */
  releasedAt: number;
}

export interface RecordedAgent {
  agentId: string;
  languages: string[];
  capacity: Record<DrillChannel, number>;
}

/** The queue as the server applied it (after clamping the compressed settings to what it accepts). */
export interface RecordedQueue {
  id: string;
  ageingMs: number;
  offerTimeoutMs: number;
  voiceBlocksChat: boolean;
  /** Seconds before the first attempt and between attempts (the last repeats), as applied. */
  callbackInitialDelayMs: number;
  callbackRetryDelaysMs: number[];
}

/** Counsellor care as the helpline had it (`GET /care-settings`). */
export interface RecordedCare {
  highRiskCap: number;
  capOverrideAfterMs: number;
}

/** A caller of the script whose contact was never created (the intake failed): lost before it began. */
export interface FailedIntake {
  caller: number;
  error: string;
}

export interface DrillRecording {
  queue: RecordedQueue;
  care: RecordedCare;
  agents: RecordedAgent[];
  contacts: RecordedContact[];
  callbacks: RecordedCallback[];
  offers: ReceivedOffer[];
  failedIntakes: FailedIntake[];
  /** Server clock minus drill clock, ms (0 when they are one machine's). */
  clockOffsetMs: number;
}

export const FINAL_STATES: ReadonlySet<string> = new Set(['completed', 'abandoned', 'expired', 'merged']);
/** States in which a contact holds an agent. */
export const HOLDING_STATES: ReadonlySet<string> = new Set(['offered', 'connected', 'wrap-up']);
