import { DateTime } from 'luxon';
import type { HourFigures, PlanReport } from '../planner/plan-report';

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(0)}%`);
const seconds = (value: number | null) => (value === null ? '-' : `${Math.round(value)}s`);

/** "Mon 26.10 09:00": the hour's start as a supervisor reads a rota. */
export function hourLabel(hour: Pick<HourFigures, 'startsAt'>): string {
  return DateTime.fromISO(hour.startsAt, { setZone: true }).toFormat('ccc dd.LL HH:mm');
}

/** The planner's answer as a terminal table: one row per hour, then the totals and the staffing answer. */
export function formatPlanTable(report: PlanReport): string {
  const header = [
    'hour',
    'arrivals',
    'SL',
    'mean wait',
    'p95 wait',
    'abandoned',
    'cb pending',
    'cb overdue',
    'on duty',
    'busy',
  ];
  const rows = report.hours.map((h) => [
    hourLabel(h),
    String(h.arrivals),
    percent(h.serviceLevel),
    seconds(h.meanWaitSeconds),
    seconds(h.p95WaitSeconds),
    percent(h.abandonment),
    String(h.callbacksPending),
    String(h.callbacksOverdue),
    h.agentsOnDuty.toFixed(1),
    h.agentsBusy.toFixed(1),
  ]);
  const lines = [table(header, rows), '', summaryLine('With the roster', report.summary, report)];
  const staffing = report.staffing;
  if (staffing) {
    lines.push('', summaryLine('With the staffing found', staffing.summary, report));
    lines.push(
      `Agents needed to hold ${percent(staffing.target.serviceLevel)} within ${staffing.target.answerWithinSeconds}s` +
        ` (${staffing.met ? 'held' : 'NOT held'} after ${staffing.rounds} runs):`,
    );
    for (const need of staffing.byLanguage) {
      const when = report.hours[need.peakHour] ? hourLabel(report.hours[need.peakHour]) : `hour ${need.peakHour}`;
      lines.push(
        `  ${need.language.padEnd(4)} ${String(need.peak).padStart(4)} agents at the peak (${when}), team "${need.team}"`,
      );
    }
  }
  return lines.join('\n');
}

function summaryLine(label: string, s: PlanReport['summary'], report: PlanReport): string {
  return (
    `${label}: ${s.arrivals} contacts, ${percent(s.serviceLevel)} answered within ${report.target.answerWithinSeconds}s` +
    ` (target ${percent(report.target.serviceLevel)}), mean wait ${seconds(s.meanWaitSeconds)}, p95 ${seconds(s.p95WaitSeconds)},` +
    ` ${percent(s.abandonment)} hung up, ${s.callbacksRequested} callbacks (${s.callbacksFailed} failed, at most` +
    ` ${s.maxCallbacksPending} pending and ${s.maxCallbacksOverdue} overdue), ${s.hoursBelowTarget} hours below target`
  );
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
