import { writeFileSync } from 'node:fs';
import {
  DrillSetupError,
  DrillUnreachableError,
  ScenarioError,
  drillKeyFigures,
  loadScenario,
  renderDrillHtml,
  renderDrillTable,
  runDrill,
} from '@tuki/simulation';
import { ConfigError, loadDrillCredentials, type DrillCredentials } from '@tuki/platform';
import { flagValue } from './flags';

export const DRILL_USAGE = `usage: npm run drill -- --url <address> --scenario <name or file> [--speed 60] [--drain <s>] [--out <prefix>]
  --url       the running Tuki to drill, e.g. http://127.0.0.1:3000
  --scenario  a shipped scenario (drill-smoke, normal-week, breach-surge) or a JSON/YAML file
  --speed     simulated seconds per real second (default 60: a simulated minute each second), 1-3600
  --drain     real seconds to let open contacts end after the last arrival (default from the handle time)
  --out       write <prefix>.json and <prefix>.html (default drill-<scenario name>)
  The drill signs in as an admin of the helpline to drill, from the environment only:
  TUKI_DRILL_LOGIN, TUKI_DRILL_PASSWORD and TUKI_DRILL_TOTP_SECRET (the authenticator's base32 secret).`;

/**
 * `npm run drill`: plays a scenario against a running Tuki through its public API, prints the table, writes the JSON
 * and HTML reports, and ends with one line of JSON (key figures and check results). Exit codes: 0 every check passed,
 * 1 a check failed or Tuki could not be reached, 2 bad usage, credentials or scenario.
 *
 * The credentials are the operator's and come from the environment, never from flags (which shell histories and
 * process lists show) or files in the repository. `env` is a parameter so tests can pass their own.
 */
export async function drillCommand(
  argv: string[],
  /** The environment to read the credentials from; the process's own when not given (tests pass theirs). */
  env?: Record<string, string | undefined>,
): Promise<number> {
  const url = flagValue(argv, 'url');
  const source = flagValue(argv, 'scenario');
  if (!url || !source) {
    console.error(DRILL_USAGE);
    return 2;
  }
  const speedFlag = flagValue(argv, 'speed') ?? '60';
  const drain = flagValue(argv, 'drain');
  const number = (flag: string) => (/^\d+(\.\d+)?$/.test(flag) ? Number(flag) : NaN);
  for (const [name, value] of [
    ['speed', speedFlag],
    ['drain', drain],
  ] as const) {
    if (value !== undefined && Number.isNaN(number(value))) {
      console.error(`--${name} must be a number (got "${value}")\n\n${DRILL_USAGE}`);
      return 2;
    }
  }
  let credentials: DrillCredentials;
  try {
    credentials = loadDrillCredentials(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(
      'The drill needs an admin of the helpline to drill: set TUKI_DRILL_LOGIN and TUKI_DRILL_PASSWORD (and ' +
        `TUKI_DRILL_TOTP_SECRET, the base32 secret of its authenticator) in the environment.\n${error.message}`,
    );
    return 2;
  }
  try {
    const scenario = loadScenario(source);
    const report = await runDrill({
      url,
      scenario,
      speed: number(speedFlag),
      drainSeconds: drain === undefined ? undefined : number(drain),
      credentials,
      log: (line) => console.log(line),
    });
    const out = flagValue(argv, 'out') ?? `drill-${scenario.name}`;
    writeFileSync(`${out}.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${out}.html`, renderDrillHtml(report));
    console.log('');
    console.log(renderDrillTable(report));
    console.log(`\nWrote ${out}.json and ${out}.html.`);
    console.log(JSON.stringify(drillKeyFigures(report, { json: `${out}.json`, html: `${out}.html` })));
    return report.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(`The scenario cannot be played: ${error.message}`);
      return 2;
    }
    if (error instanceof DrillSetupError) {
      console.error(`The drill cannot start: ${error.message}`);
      return 2;
    }
    if (error instanceof DrillUnreachableError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
