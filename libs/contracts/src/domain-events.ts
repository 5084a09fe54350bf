/**
 * Domain events: name (`'<noun>.<past-verb>'`) to payload, written to the outbox with the change they describe.
 * Payloads carry ids and codes, never personal data.
 */
export interface DomainEvents {
  'contact.created': {
    contactId: string;
    queueId: string;
    channel: string;
    language: string;
    priority: string;
    firstArrivedAt: number;
    hasCallerKey: boolean;
    /**
     * The caller's keyed-hash pseudonym (HMAC of the normalised number or chat identity), or null. An id, not the
     * identity: it cannot be reversed without the pseudonymisation key, and it lets cases recognise a possible repeat
     * caller without ever seeing a number.
     */
    callerKey: string | null;
  };
  'contact.state-changed': {
    contactId: string;
    queueId: string;
    /** The contact's language and channel (`callback` from a callback request on), so a read model needs no lookup. */
    language: string;
    channel: string;
    from: string;
    to: string;
    change: string;
    agentId: string | null;
    reason: string | null;
    waitMs: number | null;
    /** When answered after a wait estimate was given: real wait from the estimate on minus the estimate (ms). */
    quoteErrorMs: number | null;
    /** How long the contact was in `from` (ms): talk time when leaving `connected`, wrap-up time when leaving `wrap-up`. */
    inStateMs: number;
  };
  /** Overflow or transfer: the contact keeps its state and its first arrival, in another queue. */
  'contact.moved': { contactId: string; fromQueueId: string; toQueueId: string; change: 'overflow' | 'transfer' };
  /** A waiting contact ranks differently: a new priority (an overdue callback) or an earlier first arrival (merged). */
  'contact.rank-changed': {
    contactId: string;
    queueId: string;
    priority: string;
    firstArrivedAt: number;
    reason: string;
  };
  'routing-queue.changed': { queueId: string };
  /**
   * A queue's opening hours as defined now (created, redefined): other domains (callback promises, staffing) plan with
   * them. `openingHours` null means always open; times are local to `timeZone`.
   */
  'routing-queue.calendar-changed': {
    queueId: string;
    timeZone: string;
    openingHours: {
      weekly: Partial<Record<string, { open: string; close: string }[]>>;
      closures: { from: string; to: string; reason?: string }[];
    } | null;
  };
  /** A callback was asked for (`merged`: into the open callback of the same number, which keeps the earlier place). */
  'callback.requested': {
    callbackId: string;
    queueId: string;
    source: string;
    merged: boolean;
    promisedBy: number;
    notBefore: number;
    deadline: number;
  };
  /**
   * Its turn may come now: routing indexes it at its place (by first arrival). May be announced again after Redis lost
   * its timers; count one per (callbackId, attempt).
   */
  'callback.due': { callbackId: string; queueId: string; attempt: number };
  /** Not called back by the time promised: flagged, and boosted one priority level (never to urgent). */
  'callback.overdue': { callbackId: string; queueId: string; promisedBy: number; priority: string };
  'callback.attempt-started': { callbackId: string; queueId: string; attempt: number; agentId: string };
  'callback.attempt-ended': {
    callbackId: string;
    queueId: string;
    attempt: number;
    agentId: string;
    outcome: string;
    /** When it was not reached and tries again; null when this was the last attempt or it was reached. */
    nextAttemptAt: number | null;
  };
  /** Reached: requested to reached (ms), the time-to-callback metric. */
  'callback.completed': { callbackId: string; queueId: string; attempts: number; timeToCallbackMs: number };
  /** Withdrawn before anyone rang: by the caller (through their channel) or a supervisor. */
  'callback.cancelled': { callbackId: string; queueId: string; attempts: number; by: 'caller' | 'supervisor' };
  /** Given up: out of attempts or past its deadline. Reported to supervisors. */
  'callback.expired': {
    callbackId: string;
    queueId: string;
    attempts: number;
    reason: 'attempts' | 'deadline' | 'wrong-number';
  };
  /** An agent's state changed (`from` null: the agent's profile was just created, offline). `reason`: away reason code. */
  'agent.state-changed': {
    agentId: string;
    from: string | null;
    to: string;
    reason: string | null;
    /** The languages the agent answers in (codes), so staffing per language needs no lookup. */
    languages: string[];
  };
  /** An agent asked for a supervisor (during a hard contact, `contactId` the one they are working). */
  'agent.help-requested': { requestId: string; agentId: string; contactId: string | null; requestedAt: number };
  /** A supervisor answered that they are coming. */
  'agent.help-acknowledged': { requestId: string; agentId: string; acknowledgedBy: string };
  'staff.user-changed': { userId: string };
  /** A case was opened for a contact (or a contact was linked to an earlier case after the caller confirmed). */
  'case.contact-linked': { caseId: string; contactId: string; how: 'new-case' | 'repeat-caller' | 'follow-up' };
  'case.status-changed': { caseId: string; from: string; to: string };
  /** A closed case past its retention period was crypto-shredded and deleted (or erased on a subject's request). */
  'case.purged': { caseId: string; reason: 'retention' | 'subject-request' };
  /**
   * The helpline's retention ran: records of contacts that ended before `endedBefore` go (chat transcripts follow the
   * cases' retention period this way, without the chat domain knowing cases).
   */
  'retention.applied': { endedBefore: number };
  /**
   * The anonymous facts of one ended contact, for statistics. No contact, case or caller id: only coarse values and
   * two random caller surrogates (per ISO week, per calendar month) whose mapping is destroyed when the period closes.
   */
  'contact-facts.recorded': ContactFacts;
}

/** Coarse facts that statistics count. Each optional fact is `not-asked`, `declined` or a value of its list. */
export interface ContactFacts {
  /** Local day of the contact's first arrival in the helpline's zone (YYYY-MM-DD), its ISO week and its month. */
  day: string;
  isoWeek: string;
  month: string;
  channel: string;
  queueId: string;
  language: string;
  categories: string[];
  referrals: string[];
  ageBand: string;
  gender: string;
  region: string;
  outcome: string;
  waitBand: string;
  answered: boolean;
  abandoned: boolean;
  callback: boolean;
  /** `recorded` (the agent classified it), `skipped` (with a reason code) or `unanswered`. */
  classification: 'recorded' | 'skipped' | 'unanswered';
  weekSurrogate: string;
  monthSurrogate: string;
}

export type DomainEventName = keyof DomainEvents;
