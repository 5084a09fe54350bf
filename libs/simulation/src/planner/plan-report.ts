/**
 * What a planner run reports: figures per hour of the scenario, the whole run's totals, and (when asked) the staffing
 * that holds the target. Contacts count in the hour they arrived, so an hour's figures are final only once its
 * contacts are played out; the run plays every one of them out.
 */

/** Raw counts, so figures can be summed over hours (or languages) exactly and the rates computed from the sums. */
export interface ContactCounts {
  /** Calls and chats that arrived (callbacks are counted apart). */
  arrivals: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  /** Callers who took a callback offer instead of waiting on. */
  tookCallback: number;
  /** Sum of the waits of answered contacts, seconds. */
  waitSecondsOfAnswered: number;
}

export interface HourFigures extends ContactCounts {
  /** 0 = the scenario's first hour. */
  hour: number;
  /** The hour's start, ISO-8601 in the scenario's zone. */
  startsAt: string;
  /** Answered within the target over arrivals that did not take a callback; null without such arrivals. */
  serviceLevel: number | null;
  /** Of answered contacts; null when none was answered. */
  meanWaitSeconds: number | null;
  p95WaitSeconds: number | null;
  /** Abandoned over arrivals; null without arrivals. */
  abandonment: number | null;
  /** Callbacks asked for and not yet ended, at the hour's end. */
  callbacksPending: number;
  /** Of those, the ones past the time the caller was promised. */
  callbacksOverdue: number;
  /** Time-averaged over the hour. */
  agentsOnDuty: number;
  /** Agents holding a contact or wrapping up, time-averaged over the hour. */
  agentsBusy: number;
  /** The same counts per caller language. */
  byLanguage: Record<string, ContactCounts>;
}

export interface PlanSummary extends ContactCounts {
  serviceLevel: number | null;
  meanWaitSeconds: number | null;
  p95WaitSeconds: number | null;
  abandonment: number | null;
  callbacksRequested: number;
  callbacksCompleted: number;
  /** Callbacks that ran out of attempts or time. */
  callbacksFailed: number;
  /** Mean time from asking for a callback to being reached, of completed callbacks. */
  meanCallbackDelaySeconds: number | null;
  maxCallbacksPending: number;
  maxCallbacksOverdue: number;
  /** Hours whose service level fell short of the target (hours with at least MIN_ARRIVALS_TO_JUDGE arrivals). */
  hoursBelowTarget: number;
}

/** Agents on duty that hold the target: per team, per hour, as the staffing search found it. */
export interface StaffingAnswer {
  target: { answerWithinSeconds: number; serviceLevel: number };
  /**
   * Per caller language, agents on duty for it in each hour: the "how many agents per language" answer. Each language
   * is staffed by one team of the scenario (the first whose first language it is, else the first that speaks it), so
   * these counts are agents who speak it; a team that owns two languages shows its one count under each.
   */
  byLanguage: { language: string; team: string; perHour: number[]; peak: number; peakHour: number }[];
  /** Whether the last simulated round held the target in every hour judged. */
  met: boolean;
  rounds: number;
  /** The run with that staffing. */
  summary: PlanSummary;
}

export interface PlanReport {
  scenario: { name: string; description?: string; seed: number; hours: number; startAt: string; timeZone: string };
  target: { answerWithinSeconds: number; serviceLevel: number };
  hours: HourFigures[];
  summary: PlanSummary;
  staffing?: StaffingAnswer;
  /** Contacts and events the run played, and how long it took on this machine. */
  run: { events: number; contacts: number; elapsedMs: number };
}

/** An hour with fewer arrivals than this says too little about a service level to be judged against the target. */
export const MIN_ARRIVALS_TO_JUDGE = 10;
