/**
 * The staffing planner as the supervisor dashboard sees it over HTTP: the shipped scenarios, a plan asked for, and its
 * state and report. A plan's report holds simulated figures only: no caller, agent or case data is in it.
 */

/** A scenario that ships with Tuki, as the dashboard lists it. */
export interface PlannerScenarioView {
  name: string;
  description: string | null;
  /** Hours of simulated time the scenario plays. */
  hours: number;
  /** Whether it carries a surge (the staffing answer then shows the surge days). */
  surge: { atHour: number; peak: number } | null;
}

export const PLAN_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/** `POST /planner/plans`: a shipped scenario's name, or a whole scenario object (validated before it is queued). */
export interface PlanRequest {
  scenario: string | Record<string, unknown>;
  /** Also search the hourly staffing that holds the target (tens of seconds of CPU). Default false. */
  staffing?: boolean;
}

/** One hour's figures of a plan's report, as far as the dashboard reads them. */
export interface PlanHourView {
  hour: number;
  /** ISO-8601, in the scenario's zone. */
  startsAt: string;
  arrivals: number;
  serviceLevel: number | null;
  meanWaitSeconds: number | null;
  p95WaitSeconds: number | null;
  abandonment: number | null;
  callbacksPending: number;
  agentsOnDuty: number;
}

/** The run's totals, as far as the dashboard reads them. */
export interface PlanSummaryView {
  arrivals: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  meanWaitSeconds: number | null;
  p95WaitSeconds: number | null;
  abandonment: number | null;
  callbacksRequested: number;
  callbacksCompleted: number;
  callbacksFailed: number;
  maxCallbacksPending: number;
  hoursBelowTarget: number;
}

/**
 * The part of the planner's report (`PlanReport` in @tuki/simulation) that the dashboard reads. @tuki/simulation
 * checks at compile time that its report is one of these, so the two cannot drift apart; the JSON the dashboard
 * offers for download is the whole report.
 */
export interface PlanReportView {
  scenario: { name: string; description?: string; seed: number; hours: number; startAt: string; timeZone: string };
  target: { answerWithinSeconds: number; serviceLevel: number };
  hours: PlanHourView[];
  summary: PlanSummaryView;
  staffing?: {
    target: { answerWithinSeconds: number; serviceLevel: number };
    byLanguage: { language: string; peak: number; perHour: number[] }[];
    met: boolean;
    summary: PlanSummaryView;
  };
  run: { events: number; contacts: number; elapsedMs: number };
}

/** `GET /planner/plans/:id`. Plans are kept 24 hours after they finish (failed ones 14 days), then answer 404. */
export interface PlanView {
  id: string;
  state: PlanState;
  /** 0..100 */
  progress: number;
  /** The scenario's name (a shipped one, or the inline scenario's own). */
  scenario: string;
  staffing: boolean;
  requestedAt: number;
  finishedAt: number | null;
  /** Present once done. */
  report: PlanReportView | null;
  /** Present once failed: what went wrong, safe to show. */
  error: string | null;
}
