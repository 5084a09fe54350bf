/**
 * What supervisors see live: the snapshot the `/supervisors` socket namespace pushes, and its events. Counts, rates
 * and ids only: no caller data ever reaches a dashboard.
 */

/** The two windows every rate and average is given over. */
export type MetricWindowName = 'rolling15' | 'today';

/** Counts over one window and the figures computed from them (null when there is nothing to divide by). */
export interface WindowFigures {
  /** Contacts that arrived (created) in the window. */
  arrivals: number;
  /** Callers answered by an agent (a callback's call does not count: its caller was not waiting on the line). */
  answered: number;
  answeredWithinTarget: number;
  /** Callers who hung up while waiting; `shortAbandons` (under 5 s, likely misdials) are counted apart, not in it. */
  abandoned: number;
  shortAbandons: number;
  abandonedWithinTarget: number;
  /** Average speed of answer: mean wait of the answered, seconds. */
  asaSeconds: number | null;
  /**
   * Service level against each queue's own target, as shares 0..1: `answeredOnly` = answered within target /
   * answered; `withAbandons` = (answered within target + abandoned within target) / (answered + abandoned).
   */
  serviceLevel: { answeredOnly: number | null; withAbandons: number | null };
  /** abandoned / (answered + abandoned), short abandons left out of both. */
  abandonmentRate: number | null;
  /**
   * Conversations finished (wrap-up done) in the window, and the average handle time: talk time of conversations
   * that ended in the window plus wrap-up time of wrap-ups that ended in it, over `handled`, seconds. A conversation
   * still in wrap-up at the window's edge adds its talk but not yet its count: at most one contact per agent.
   */
  handled: number;
  ahtSeconds: number | null;
  offers: { made: number; accepted: number; declined: number; timedOut: number };
  /** Answered callers who had been given a wait estimate: mean (late +, early -) and mean absolute error, seconds. */
  estimateError: { count: number; meanSeconds: number | null; meanAbsoluteSeconds: number | null };
  callbacks: { requested: number; completed: number; expired: number };
}

export type SurgeLevelName = 'normal' | 'elevated' | 'surge' | 'critical';

/** Live figures of one scope: the whole helpline, one routing queue, or one language. */
export interface ScopeFigures {
  /** `overall`, `queue:<queueId>` or `language:<code>`. */
  key: string;
  kind: 'overall' | 'queue' | 'language';
  /** Queue id or language code; `all` for overall. */
  id: string;
  /** Queue name, language code, or `All`. */
  label: string;
  /** Callers waiting now on the line or in a chat (queued or on offer). */
  waiting: number;
  /** First arrival (epoch ms) of the longest-waiting caller, or null: the page counts the seconds up itself. */
  oldestWaitingSince: number | null;
  callbacks: { pending: number; due: number; overdue: number };
  /** Arrivals per minute over the last 1, 5 and 15 minutes. */
  arrivalsPerMinute: { last1: number; last5: number; last15: number };
  windows: Record<MetricWindowName, WindowFigures>;
  /** Queues only: the target the service level is measured against. */
  target?: { answerSeconds: number; percent: number };
  /** Queues only: open (switched on and within opening hours now). */
  open?: boolean;
  /** Queues and overall: how far arrivals are above the usual rate for this time. */
  surge?: { level: SurgeLevelName; ratio: number; baselinePerMinute: number; basis: string };
  /** Overall and languages: agents by state now, and occupancy = (busy + wrap-up) / (available + busy + wrap-up). */
  agents?: { available: number; busy: number; wrapUp: number; away: number; occupancy: number | null };
}

/** Agents needed to meet the target now, for one language, against agents present (available, busy or wrap-up). */
export interface StaffingGap {
  language: string;
  /** Open: some open queue serves this language now. A closed language needs nobody. */
  open: boolean;
  arrivalsPerHour: number;
  ahtSeconds: number;
  /** Mean caller patience used by Erlang A, seconds (from today's abandons, or a default when there are too few). */
  patienceSeconds: number;
  /** The strictest target among the open queues of the language. */
  target: { answerSeconds: number; percent: number };
  neededErlangC: number;
  neededErlangA: number;
  present: number;
  /** neededErlangA - present when positive, else 0. */
  gap: number;
}

export interface AgentBoardEntry {
  agentId: string;
  state: string;
  /** When the agent entered the state (epoch ms). */
  since: number;
  awayReason: string | null;
  languages: string[];
}

export interface OverdueCallback {
  callbackId: string;
  queueId: string;
  promisedBy: number;
}

/** An agent's open call for help (the agent desktop's "Ask for help"), oldest first. */
export interface HelpRequestEntry {
  requestId: string;
  agentId: string;
  /** The contact they are working, or null. */
  contactId: string | null;
  requestedAt: number;
}

export interface SurgeAlert {
  id: string;
  at: number;
  /** `queue:<id>` or `overall`. */
  scope: string;
  label: string;
  from: SurgeLevelName;
  to: SurgeLevelName;
  ratio: number;
}

/** One point of the chart: per minute, arrivals, answered and callers waiting at the end of the minute. */
export interface ChartPoint {
  minute: number;
  arrivals: number;
  answered: number;
  waiting: number | null;
}

export interface SupervisorSnapshot {
  helplineId: string;
  /** Server time the snapshot was built (epoch ms): the page measures its clock offset from it. */
  generatedAt: number;
  timeZone: string;
  /** The local day `today` windows count from (YYYY-MM-DD, helpline time zone). */
  day: string;
  /** False while the live figures are being rebuilt from the stored events (after Redis lost them). */
  complete: boolean;
  overall: ScopeFigures;
  queues: ScopeFigures[];
  languages: ScopeFigures[];
  staffing: StaffingGap[];
  agents: AgentBoardEntry[];
  overdueCallbacks: OverdueCallback[];
  /** The most recent surge alerts, newest first. */
  alerts: SurgeAlert[];
  /** Agents waiting for a supervisor now, oldest first. */
  helpRequests: HelpRequestEntry[];
  /** The last three hours, oldest first. */
  chart: ChartPoint[];
}

/** Every part of a full snapshot (a change message carries some of them). */
export const SUPERVISOR_SNAPSHOT_PARTS = [
  'helplineId',
  'generatedAt',
  'timeZone',
  'day',
  'complete',
  'overall',
  'queues',
  'languages',
  'staffing',
  'agents',
  'overdueCallbacks',
  'alerts',
  'helpRequests',
  'chart',
] as const satisfies readonly (keyof SupervisorSnapshot)[];

/** The top-level parts of a snapshot that a change replaces whole. */
export type SnapshotPart = Exclude<keyof SupervisorSnapshot, 'helplineId'>;

/**
 * Pushed to one supervisor socket: `metrics.snapshot` carries every part; `metrics.changed` only the parts that
 * differ from the message numbered `seq - 1`. A client whose last `seq` is not `seq - 1` asks `metrics.resync`.
 */
export interface MetricsMessage {
  seq: number;
  parts: Partial<SupervisorSnapshot>;
}

export interface SupervisorServerEvents {
  'metrics.snapshot': (message: MetricsMessage) => void;
  'metrics.changed': (message: MetricsMessage) => void;
  /** A surge level changed: shown at once, even before the next change message. */
  'metrics.alert': (alert: SurgeAlert) => void;
  exception: (error: { code: string; message: string }) => void;
}

export interface SupervisorClientEvents {
  /** A full snapshot now, numbered; the next `metrics.changed` follows it. */
  'metrics.resync': (ack: (message: MetricsMessage) => void) => void;
}

/** The supervisors' socket namespace. Its handshake takes a staff access token of a supervisor or admin. */
export const SUPERVISOR_NAMESPACE = '/supervisors';

export const SUPERVISOR_CLIENT_EVENT_NAMES = [
  'metrics.resync',
] as const satisfies readonly (keyof SupervisorClientEvents)[];
