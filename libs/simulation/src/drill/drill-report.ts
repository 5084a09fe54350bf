import type { PlanSummary } from '../planner/plan-report';
import type { CheckResult } from './drill-checks';
import type { DrillRecording } from './drill-recording';
import type { CompressionReport } from './drill-compression';
import type { ComparedHour, Difference, TimelinePoint } from './drill-comparison';
import type { ObservedSummary } from './drill-figures';
import type { LiveHour } from './live-figures';
import { escapeXml as escape, lineChartSvg } from '../report/svg-chart';
import { barChart } from './drill-charts';

/** Everything a drill found: written as JSON, printed as a table, drawn as an HTML page. */
export interface DrillReport {
  drill: {
    scenario: string;
    description?: string;
    seed: number;
    hours: number;
    speed: number;
    url: string;
    startedAt: string;
    /** Real seconds from the first arrival to the last contact ending. */
    wallSeconds: number;
    /** The scenario's languages and the local-use codes the drill's queue and agents used for them. */
    languages: Record<string, string>;
    target: { answerWithinSeconds: number; serviceLevel: number };
  };
  resources: {
    queueId: string;
    serviceCredentialId: string;
    agents: { userId: string; team: string }[];
    /** What was tidied away afterwards. */
    cleanup: string[];
  };
  compression: CompressionReport;
  comparison: {
    hours: ComparedHour[];
    predicted: PlanSummary | null;
    observed: ObservedSummary;
    live: LiveHour | null;
    differences: Difference[];
    /** How long the planner took, and how many runs with other seeds gave the ranges; or why it could not run. */
    plan: { elapsedMs: number; runsWithOtherSeeds: number } | { error: string };
  };
  /** The drill's record against Tuki's live metrics for the same contacts: they should agree exactly. */
  agreement: { what: string; record: number; live: number | null; agrees: boolean }[];
  timeline: TimelinePoint[];
  checks: CheckResult[];
  counts: {
    callers: number;
    contacts: number;
    failedIntakes: number;
    /** Requests sent again after Tuki answered that the contact changed at the same time. */
    conflictRetries: number;
    offers: Record<string, number>;
    callbacks: Record<string, number>;
  };
  incidents: string[];
  /** What the checks read: every contact's record and history, the callbacks, the offers the agents received. */
  recording: DrillRecording;
  /** Every check passed. */
  passed: boolean;
}

const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '-' : Number.isInteger(value) ? String(value) : value.toFixed(digits);
const pct = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;
const trio = (a: string, b: string, c: string) => `${a} / ${b} / ${c}`;
const RATES = new Set(['service level', 'abandonment']);
/** A summary figure as the tables show it: rates in percent, the difference in points. */
function shown(d: Difference) {
  const show = RATES.has(d.metric) ? pct : fmt;
  return {
    predicted: show(d.predicted),
    range: d.predictedRange ? `${show(d.predictedRange[0])} - ${show(d.predictedRange[1])}` : '-',
    observed: show(d.observed),
    live: show(d.live),
    difference:
      RATES.has(d.metric) && d.difference !== null ? `${(d.difference * 100).toFixed(1)} pts` : fmt(d.difference),
    inRange:
      d.predictedRange && d.observed !== null
        ? d.observed >= d.predictedRange[0] && d.observed <= d.predictedRange[1]
          ? 'yes'
          : 'no'
        : '-',
  };
}
const seedsNote = (report: DrillReport) =>
  'runsWithOtherSeeds' in report.comparison.plan
    ? `range: the planner's 10th-90th percentile over ${report.comparison.plan.runsWithOtherSeeds + 1} seeds`
    : `no prediction: ${report.comparison.plan.error}`;

/** The terminal table: per hour predicted / observed / live, the differences, the tolerance, the checks. */
export function renderDrillTable(report: DrillReport): string {
  const { drill, comparison, compression, checks } = report;
  const lines: string[] = [];
  lines.push(
    `Drill of ${drill.scenario} (seed ${drill.seed}, ${drill.hours} h at ${drill.speed}x) against ${drill.url}: ` +
      `${report.counts.callers} callers, ${fmt(drill.wallSeconds)} s`,
  );
  lines.push('Per hour: predicted (planner) / observed (drill, from the record) / live (supervision metrics)');
  const header = [
    'hour',
    'arrivals',
    'service level',
    'mean wait s',
    'p95 wait s',
    'abandoned',
    'callbacks pending',
    'busy agents',
  ];
  const rows = comparison.hours.map((h) => [
    String(h.hour),
    trio(fmt(h.predicted?.arrivals), fmt(h.observed.arrivals), fmt(h.live?.arrivals)),
    trio(pct(h.predicted?.serviceLevel), pct(h.observed.serviceLevel), pct(h.live?.serviceLevel)),
    trio(fmt(h.predicted?.meanWaitSeconds), fmt(h.observed.meanWaitSeconds), fmt(h.live?.meanWaitSeconds)),
    trio(fmt(h.predicted?.p95WaitSeconds), fmt(h.observed.p95WaitSeconds), '-'),
    trio(pct(h.predicted?.abandonment), pct(h.observed.abandonment), pct(h.live?.abandonment)),
    trio(fmt(h.predicted?.callbacksPending), fmt(h.observed.callbacksPending), fmt(h.live?.callbacksPending)),
    trio(fmt(h.predicted?.agentsBusy), fmt(h.observed.agentsBusy), '-'),
  ]);
  lines.push(...table(header, rows));
  lines.push('');
  lines.push(`Whole run (${seedsNote(report)}):`);
  lines.push(
    ...table(
      ['figure', 'predicted', 'range', 'observed', 'in range', 'live', 'observed - predicted'],
      comparison.differences.map((d) => {
        const s = shown(d);
        return [d.metric, s.predicted, s.range, s.observed, s.inRange, s.live, s.difference];
      }),
    ),
  );
  lines.push('');
  lines.push(`Compression: ${compression.statement}`);
  for (const m of compression.measured)
    lines.push(
      `  ${m.name}: median ${fmt(m.medianMs)} ms, p95 ${fmt(m.p95Ms)} ms = ${fmt(m.medianSimulatedSeconds)} / ${fmt(m.p95SimulatedSeconds)} s simulated (${m.count})`,
    );
  for (const s of compression.settings.filter((x) => x.note))
    lines.push(
      `  ${s.name}: ${fmt(s.scenarioSeconds)} s -> ${fmt(s.appliedRealSeconds, 3)} s real = ${fmt(s.simulatedSeconds)} s simulated (${s.note})`,
    );
  lines.push('');
  for (const a of report.agreement)
    lines.push(`Record vs live metrics, ${a.what}: ${a.record} / ${a.live ?? '-'} ${a.agrees ? 'agree' : 'DIFFER'}`);
  lines.push('');
  for (const check of checks) {
    lines.push(
      `Check ${check.name}: ${check.passed ? 'PASSED' : 'FAILED'} (${check.examined} examined` +
        (check.tooClose > 0 ? `, ${check.tooClose} too close to call` : '') +
        ')',
    );
    for (const problem of check.problems) lines.push(`  - ${problem}`);
    for (const note of check.notes) lines.push(`  note: ${note}`);
  }
  if (report.incidents.length > 0) {
    lines.push(`Incidents (${report.incidents.length}):`);
    for (const incident of report.incidents.slice(0, 20)) lines.push(`  - ${incident}`);
  }
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The one-line summary: the last line of the drill's output. */
export function drillKeyFigures(report: DrillReport, files: { json?: string; html?: string } = {}) {
  const { comparison } = report;
  const d = Object.fromEntries(comparison.differences.map((x) => [x.metric, x]));
  return {
    scenario: report.drill.scenario,
    speed: report.drill.speed,
    callers: report.counts.callers,
    wallSeconds: report.drill.wallSeconds,
    serviceLevel: {
      predicted: d['service level']?.predicted,
      observed: d['service level']?.observed,
      live: d['service level']?.live,
    },
    meanWaitSeconds: {
      predicted: d['mean wait (s)']?.predicted,
      observed: d['mean wait (s)']?.observed,
      live: d['mean wait (s)']?.live,
    },
    abandonment: { predicted: d.abandonment?.predicted, observed: d.abandonment?.observed, live: d.abandonment?.live },
    tookCallback: { predicted: d['took a callback']?.predicted, observed: d['took a callback']?.observed },
    toleranceSeconds: { wait: report.compression.waitErrorSeconds, hold: report.compression.holdErrorSeconds },
    checks: Object.fromEntries(
      report.checks.map((c) => [c.name, c.passed ? 'passed' : `failed (${c.problems.length})`]),
    ),
    passed: report.passed,
    ...files,
  };
}

/** A page that stands alone: inline SVG charts, inline styles, no script. */
export function renderDrillHtml(report: DrillReport): string {
  const { drill, comparison, compression } = report;
  const hours = comparison.hours.map((h) => `h${h.hour}`);
  const series = (
    pick: (h: ComparedHour) => [number | null | undefined, number | null | undefined, number | null | undefined],
  ) => [
    { name: 'predicted', values: comparison.hours.map((h) => pick(h)[0] ?? null) },
    { name: 'observed', values: comparison.hours.map((h) => pick(h)[1] ?? null) },
    { name: 'live', values: comparison.hours.map((h) => pick(h)[2] ?? null) },
  ];
  const charts = [
    barChart(
      'Service level per hour',
      hours,
      series((h) => [h.predicted?.serviceLevel, h.observed.serviceLevel, h.live?.serviceLevel]),
      {
        percent: true,
        line: { value: drill.target.serviceLevel, label: 'target' },
      },
    ),
    barChart(
      'Mean wait per hour (simulated s)',
      hours,
      series((h) => [h.predicted?.meanWaitSeconds, h.observed.meanWaitSeconds, h.live?.meanWaitSeconds]),
      {
        line: { value: drill.target.answerWithinSeconds, label: 'target' },
      },
    ),
    barChart(
      'Abandonment per hour',
      hours,
      series((h) => [h.predicted?.abandonment, h.observed.abandonment, h.live?.abandonment]),
      { percent: true },
    ),
    barChart(
      "Callbacks pending at the hour's end",
      hours,
      series((h) => [h.predicted?.callbacksPending, h.observed.callbacksPending, h.live?.callbacksPending]),
    ),
    `<figure>${lineChartSvg({
      title: 'Waiting and pending callbacks, by simulated minute',
      unit: 'contacts',
      xLabels: report.timeline.map((p) => `${Math.round(p.minute)} min`),
      series: [
        { name: 'waiting', values: report.timeline.map((p) => p.waiting), colour: '#1f77b4' },
        { name: 'waiting (live)', values: report.timeline.map((p) => p.liveWaiting), colour: '#1f77b4', dashed: true },
        { name: 'callbacks', values: report.timeline.map((p) => p.callbacksPending), colour: '#d9730d' },
        {
          name: 'callbacks (live)',
          values: report.timeline.map((p) => p.liveCallbacksPending),
          colour: '#d9730d',
          dashed: true,
        },
      ],
    })}</figure>`,
  ];
  // Figures right-aligned, words left.
  const cell = (c: string) => `<td${/^[-+\d.,%/ pts]+$/.test(c) ? ' class="n"' : ''}>${escape(c)}</td>`;
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('');
  const head = (cells: string[]) => `<tr>${cells.map((c) => `<th>${escape(c)}</th>`).join('')}</tr>`;
  const checkRows = report.checks
    .map(
      (c) =>
        `<tr class="${c.passed ? 'ok' : 'bad'}"><td>${escape(c.name)}</td><td>${c.passed ? 'passed' : 'FAILED'}</td>` +
        `<td>${c.examined}</td><td>${c.tooClose}</td><td>${escape([...c.problems, ...c.notes].join('\n')) || '-'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drill: ${escape(drill.scenario)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2430;max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd3dd;padding:.2rem .5rem;text-align:left;white-space:pre-wrap;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.ok td:nth-child(2){color:#17663a;font-weight:600}tr.bad td:nth-child(2){color:#a4161a;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(30rem,1fr));gap:1rem}
.verdict{font-size:1.1rem;font-weight:600;color:${report.passed ? '#17663a' : '#a4161a'}}
</style></head><body>
<h1>Drill of <code>${escape(drill.scenario)}</code> at ${drill.speed}x</h1>
<p>${escape(drill.description ?? '')}</p>
<p>Seed ${drill.seed}, ${drill.hours} simulated hours, against ${escape(drill.url)}, started ${escape(drill.startedAt)},
${report.counts.callers} callers, ${fmt(drill.wallSeconds)} s of real time.</p>
<p class="verdict">${report.passed ? 'Every check passed.' : 'A check failed.'}</p>
<h2>Checks</h2>
<table>${head(['check', 'result', 'examined', 'too close to call', 'problems and notes'])}${checkRows}</table>
<h2>Live against predicted</h2>
<p>Predicted: the planner on the same scenario. Observed: the drill's record, with the planner's definitions (counted in
the hour they arrived). Live: Tuki's supervision metrics for the drill's queue, with the server's definitions
(counted when things happened). The ${escape(seedsNote(report))}: what one run of this size varies by chance alone.</p>
<div class="charts">${charts.join('\n')}</div>
<table>${head(['figure', 'predicted', 'range', 'observed', 'in range', 'live', 'observed - predicted', 'note'])}${rows(
    comparison.differences.map((d) => {
      const s = shown(d);
      return [d.metric, s.predicted, s.range, s.observed, s.inRange, s.live, s.difference, d.note];
    }),
  )}</table>
<h2>The tolerance compression costs</h2>
<p>${escape(compression.statement)}</p>
<table>${head(['measured', 'samples', 'median ms', 'p95 ms', 'median simulated s', 'p95 simulated s', 'what'])}${rows(
    compression.measured.map((m) => [
      m.name,
      String(m.count),
      fmt(m.medianMs),
      fmt(m.p95Ms),
      fmt(m.medianSimulatedSeconds),
      fmt(m.p95SimulatedSeconds),
      m.meaning,
    ]),
  )}</table>
<table>${head(['setting', 'scenario s', 'wanted real s', 'applied real s', 'simulated s', 'note'])}${rows(
    compression.settings.map((s) => [
      s.name,
      fmt(s.scenarioSeconds),
      fmt(s.wantedRealSeconds, 3),
      fmt(s.appliedRealSeconds, 3),
      fmt(s.simulatedSeconds),
      s.note ?? '',
    ]),
  )}</table>
<table>${head(['fixed in Tuki', 'real s', 'simulated s', 'effect'])}${rows(
    compression.fixed.map((f) => [f.what, fmt(f.realSeconds, 2), fmt(f.simulatedSeconds), f.effect]),
  )}</table>
<h2>Record against live metrics</h2>
<table>${head(['figure', 'record', 'live', ''])}${rows(report.agreement.map((a) => [a.what, String(a.record), fmt(a.live), a.agrees ? 'agree' : 'DIFFER']))}</table>
<h2>Counts</h2>
<pre>${escape(JSON.stringify(report.counts, null, 2))}</pre>
${report.incidents.length > 0 ? `<h2>Incidents</h2><ul>${report.incidents.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
