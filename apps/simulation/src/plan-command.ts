import { writeFileSync } from 'node:fs';
import { formatPlanTable, loadScenario, renderPlanHtml, runPlan, type PlanReport } from '@tuki/simulation';
import { flagValue, hasFlag } from './flags';

export const PLAN_USAGE = `usage: npm run plan -- --scenario <name or file> [--staffing] [--out <path prefix>]
  --scenario  a shipped scenario (normal-week, breach-surge) or a JSON/YAML file
  --staffing  also find how many agents per team and hour hold the target
  --out       write <prefix>.json and <prefix>.html (default plan-<scenario name>)`;

/**
 * `npm run plan`: plays a scenario on the planner and prints the hour-by-hour table, writes the JSON and HTML report,
 * and ends with one line of JSON (the figures a script or a README quotes).
 */
export async function planCommand(argv: string[]): Promise<number> {
  const source = flagValue(argv, 'scenario');
  if (!source) {
    console.error(PLAN_USAGE);
    return 2;
  }
  const scenario = loadScenario(source);
  const started = performance.now();
  const report = await runPlan(scenario, { staffing: hasFlag(argv, 'staffing') });
  const seconds = (performance.now() - started) / 1000;
  const out = flagValue(argv, 'out') ?? `plan-${scenario.name}`;
  writeFileSync(`${out}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${out}.html`, renderPlanHtml(report));
  console.log(formatPlanTable(report));
  console.log(`\nWrote ${out}.json and ${out}.html in ${seconds.toFixed(1)} s.`);
  console.log(JSON.stringify(keyFigures(report, seconds)));
  return 0;
}

function keyFigures(report: PlanReport, seconds: number) {
  const s = report.summary;
  return {
    scenario: report.scenario.name,
    seconds: Math.round(seconds * 10) / 10,
    contacts: s.arrivals,
    serviceLevel: s.serviceLevel,
    meanWaitSeconds: s.meanWaitSeconds,
    p95WaitSeconds: s.p95WaitSeconds,
    abandonment: s.abandonment,
    callbacksRequested: s.callbacksRequested,
    maxCallbacksPending: s.maxCallbacksPending,
    hoursBelowTarget: s.hoursBelowTarget,
    ...(report.staffing && {
      staffing: {
        met: report.staffing.met,
        runs: report.staffing.rounds,
        serviceLevel: report.staffing.summary.serviceLevel,
        peakAgentsByLanguage: Object.fromEntries(report.staffing.byLanguage.map((l) => [l.language, l.peak])),
      },
    }),
  };
}
