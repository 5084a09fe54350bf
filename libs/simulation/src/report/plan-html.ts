import type { PlanReport } from '../planner/plan-report';
import { hourLabel } from './plan-table';
import { escapeXml, lineChartSvg } from './svg-chart';

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The planner's answer as one self-contained HTML file: charts as inline SVG, no script, no external request. */
export function renderPlanHtml(report: PlanReport): string {
  const labels = report.hours.map(hourLabel);
  const target = report.hours.map(() => report.target.serviceLevel);
  const charts = [
    lineChartSvg({
      title: 'Contacts arriving per hour',
      unit: 'contacts',
      xLabels: labels,
      series: [{ name: 'arrivals', values: report.hours.map((h) => h.arrivals), colour: '#1f5fa8' }],
    }),
    lineChartSvg({
      title: 'Service level per hour',
      unit: `share answered within ${report.target.answerWithinSeconds} s`,
      xLabels: labels,
      yMax: 1,
      format: pct,
      series: [
        { name: 'with the roster', values: report.hours.map((h) => h.serviceLevel), colour: '#b3261e' },
        { name: 'target', values: target, colour: '#555', dashed: true },
      ],
    }),
    lineChartSvg({
      title: 'Callbacks pending at the end of each hour',
      unit: 'callbacks',
      xLabels: labels,
      series: [
        { name: 'pending', values: report.hours.map((h) => h.callbacksPending), colour: '#7a4fa0' },
        { name: 'overdue', values: report.hours.map((h) => h.callbacksOverdue), colour: '#b3261e', dashed: true },
      ],
    }),
    lineChartSvg({
      title: 'Agents per hour',
      unit: 'agents, time-averaged',
      xLabels: labels,
      series: [
        { name: 'on duty', values: report.hours.map((h) => h.agentsOnDuty), colour: '#1f7a3a' },
        { name: 'busy', values: report.hours.map((h) => h.agentsBusy), colour: '#c77700' },
        ...(report.staffing
          ? [
              {
                name: 'needed (all languages)',
                values: report.hours.map((h) => neededAt(report, h.hour)),
                colour: '#1f5fa8',
                dashed: true,
              },
            ]
          : []),
      ],
    }),
  ];
  const s = report.summary;
  const staffing = report.staffing
    ? `<h2>Agents needed to hold the target</h2>
<p>${report.staffing.met ? 'The staffing below held the target in every hour judged' : 'The search did not hold the target in every hour'} after ${report.staffing.rounds} runs of the week; with it, ${pct(report.staffing.summary.serviceLevel ?? 0)} of contacts were answered within ${report.target.answerWithinSeconds} s.</p>
<table><thead><tr><th scope="col">Language</th><th scope="col">Team</th><th scope="col">Agents at the peak</th><th scope="col">Peak hour</th></tr></thead><tbody>
${report.staffing.byLanguage.map((l) => `<tr><td>${escapeXml(l.language)}</td><td>${escapeXml(l.team)}</td><td>${l.peak}</td><td>${escapeXml(labels[l.peakHour] ?? '')}</td></tr>`).join('\n')}
</tbody></table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tuki plan: ${escapeXml(report.scenario.name)}</title>
<style>body{font-family:sans-serif;max-width:960px;margin:1rem auto;padding:0 1rem;color:#1b1b1b}table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:right}th:first-child,td:first-child{text-align:left}figure{margin:1rem 0}</style>
</head><body>
<h1>Plan: ${escapeXml(report.scenario.name)}</h1>
<p>${escapeXml(report.scenario.description ?? '')}</p>
<p>${report.scenario.hours} hours from ${escapeXml(report.scenario.startAt)} (${escapeXml(report.scenario.timeZone)}), seed ${report.scenario.seed}; ${report.run.contacts} contacts and ${report.run.events} events played in ${(report.run.elapsedMs / 1000).toFixed(1)} s.</p>
<h2>With the roster</h2>
<ul>
<li>${s.arrivals} contacts; ${pct(s.serviceLevel ?? 0)} answered within ${report.target.answerWithinSeconds} s (target ${pct(report.target.serviceLevel)})</li>
<li>Mean wait ${Math.round(s.meanWaitSeconds ?? 0)} s, 95th percentile ${Math.round(s.p95WaitSeconds ?? 0)} s; ${pct(s.abandonment ?? 0)} hung up</li>
<li>${s.callbacksRequested} callbacks asked for, ${s.callbacksCompleted} reached, ${s.callbacksFailed} failed; at most ${s.maxCallbacksPending} pending and ${s.maxCallbacksOverdue} overdue</li>
<li>${s.hoursBelowTarget} hours below target</li>
</ul>
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}
${staffing}
<h2>Hour by hour</h2>
<table><thead><tr><th scope="col">Hour</th><th scope="col">Arrivals</th><th scope="col">Service level</th><th scope="col">Mean wait (s)</th><th scope="col">Abandoned</th><th scope="col">Callbacks pending</th><th scope="col">On duty</th></tr></thead><tbody>
${report.hours.map((h, i) => `<tr><td>${escapeXml(labels[i])}</td><td>${h.arrivals}</td><td>${h.serviceLevel === null ? '-' : pct(h.serviceLevel)}</td><td>${h.meanWaitSeconds ?? '-'}</td><td>${h.abandonment === null ? '-' : pct(h.abandonment)}</td><td>${h.callbacksPending}</td><td>${h.agentsOnDuty}</td></tr>`).join('\n')}
</tbody></table>
</body></html>
`;
}

/** Agents needed in an hour over all languages, each team counted once (a team may own two languages). */
function neededAt(report: PlanReport, hour: number): number {
  const byTeam = new Map(report.staffing!.byLanguage.map((l) => [l.team, l.perHour[hour] ?? 0]));
  return [...byTeam.values()].reduce((sum, n) => sum + n, 0);
}
