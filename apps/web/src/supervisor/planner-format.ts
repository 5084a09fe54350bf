import type { PlanReportView, PlanView, PlannerScenarioView } from '@tuki/contracts';
import { NO_FIGURE, formatDuration, formatPercent } from './format';

/*
 * How a staffing plan reads on the dashboard: the status line, the summary figures, and which days of the staffing
 * answer to show hour by hour. Pure, so the words and groupings are tested without a browser.
 */

/** The planner judges an hour against the target only with this many arrivals (its MIN_ARRIVALS_TO_JUDGE). */
export const JUDGED_FROM_ARRIVALS = 10;
/** Days of the staffing answer shown hour by hour from the day a surge breaks: that day and the two after it. */
const SURGE_DAYS = 3;

/** One line for the live region: said once per change of state or of the whole percent. */
export function planStatusText(plan: Pick<PlanView, 'state' | 'progress' | 'scenario' | 'error'>): string {
  switch (plan.state) {
    case 'queued':
      return `Plan of ${plan.scenario} queued: waiting for a worker.`;
    case 'running':
      return plan.progress > 0
        ? `Plan of ${plan.scenario} running: ${plan.progress} % done.`
        : `Plan of ${plan.scenario} running.`;
    case 'done':
      return `Plan of ${plan.scenario} done.`;
    case 'failed':
      return `Plan of ${plan.scenario} failed: ${plan.error ?? 'no reason given'}`;
  }
}

/** The words under a scenario's name in the chooser. */
export function scenarioHint(scenario: PlannerScenarioView): string {
  const days = scenario.hours % 24 === 0 ? `${scenario.hours / 24} days` : `${scenario.hours} hours`;
  const surge = scenario.surge ? `; a surge of ×${scenario.surge.peak} at hour ${scenario.surge.atHour}` : '';
  return `${scenario.description ?? scenario.name} (${days}${surge}.)`;
}

export interface SummaryFigure {
  /** A stable key for tests and styling. */
  key: string;
  label: string;
  value: string;
  /** What the value is measured against or made of. */
  caption: string;
  /** Whether the figure holds the target; undefined where there is no target. */
  status?: 'ok' | 'bad';
}

/** The run's totals as the summary shows them. `summary` may be the staffing answer's run instead of the roster's. */
export function summaryFigures(report: PlanReportView, summary = report.summary): SummaryFigure[] {
  const target = report.target;
  const targetWords = `target ${formatPercent(target.serviceLevel)} in ${target.answerWithinSeconds} s`;
  return [
    {
      key: 'service-level',
      label: 'Service level',
      value: formatPercent(summary.serviceLevel),
      caption: `answered within ${target.answerWithinSeconds} s; ${targetWords}`,
      status: summary.serviceLevel === null ? undefined : summary.serviceLevel >= target.serviceLevel ? 'ok' : 'bad',
    },
    {
      key: 'mean-wait',
      label: 'Mean wait',
      value: formatDuration(summary.meanWaitSeconds),
      caption: 'of answered contacts',
    },
    {
      key: 'p95-wait',
      label: '95th percentile wait',
      value: formatDuration(summary.p95WaitSeconds),
      caption: 'of answered contacts',
    },
    {
      key: 'abandonment',
      label: 'Abandoned',
      value: formatPercent(summary.abandonment, 1),
      caption: `${summary.abandoned} of ${summary.arrivals} contacts`,
    },
    {
      key: 'callbacks',
      label: 'Callbacks',
      value: String(summary.callbacksRequested),
      caption:
        `asked for; ${summary.callbacksCompleted} completed, ${summary.callbacksFailed} failed, ` +
        `at most ${summary.maxCallbacksPending} pending at once`,
    },
    {
      key: 'hours-below-target',
      label: 'Hours below target',
      value: String(summary.hoursBelowTarget),
      caption: `of ${report.hours.length} hours (an hour counts with ${JUDGED_FROM_ARRIVALS} or more arrivals)`,
      status: summary.hoursBelowTarget === 0 ? 'ok' : 'bad',
    },
  ];
}

/** "Mon 26 Oct" from an ISO time: its own date, which is already the scenario's local date. */
export function dayLabel(startsAt: string): string {
  const [year, month, day] = startsAt.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(Date.UTC(year, month - 1, day));
}

/** "09:00" from an ISO time, in the scenario's zone (as the time is written). */
export function hourLabel(startsAt: string): string {
  return startsAt.slice(11, 16);
}

export interface StaffingDay {
  /** The local date, YYYY-MM-DD. */
  date: string;
  label: string;
  /** The scenario's hour numbers of that date (23 or 25 on a day the clocks change). */
  hours: number[];
}

/**
 * The days of the staffing answer to show hour by hour: the day the surge breaks and the two after it; without a
 * surge, the day whose peak (then total) staffing is highest. Days are the scenario's local dates.
 */
export function staffingDays(report: PlanReportView, surge: { atHour: number } | null): StaffingDay[] {
  const staffing = report.staffing;
  if (!staffing || report.hours.length === 0) return [];
  const days: StaffingDay[] = [];
  for (const hour of report.hours) {
    const date = hour.startsAt.slice(0, 10);
    const last = days[days.length - 1];
    if (last?.date === date) last.hours.push(hour.hour);
    else days.push({ date, label: dayLabel(hour.startsAt), hours: [hour.hour] });
  }
  if (surge) {
    const first = days.findIndex((day) => day.hours.includes(Math.floor(surge.atHour)));
    if (first >= 0) return days.slice(first, first + SURGE_DAYS);
  }
  const needOf = (day: StaffingDay) =>
    day.hours.map((hour) => staffing.byLanguage.reduce((sum, language) => sum + (language.perHour[hour] ?? 0), 0));
  let busiest = days[0];
  for (const day of days.slice(1)) {
    const [need, best] = [needOf(day), needOf(busiest)];
    const peak = Math.max(...need) - Math.max(...best);
    if (peak > 0 || (peak === 0 && sum(need) > sum(best))) busiest = day;
  }
  return [busiest];
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The cell of an hour's figure that may be missing. */
export function figureOrDash(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_FIGURE : String(value);
}

/** The downloaded report's file name: the scenario and the plan's id, nothing else. */
export function reportFileName(plan: Pick<PlanView, 'id' | 'scenario'>): string {
  const scenario = plan.scenario.replace(/[^a-z0-9-]/gi, '-').slice(0, 60);
  return `tuki-plan-${scenario}-${plan.id.slice(0, 8)}.json`;
}
