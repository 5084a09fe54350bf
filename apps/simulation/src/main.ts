import { ScenarioError } from '@tuki/simulation';
import { DRILL_USAGE, drillCommand } from './drill-command';
import { PLAN_USAGE, planCommand } from './plan-command';

const USAGE = `usage: node dist/apps/simulation/src/main.js plan|drill ...\n\n${PLAN_USAGE}\n\n${DRILL_USAGE}`;

/**
 * The planner and the drill, for a supervisor's terminal. The planner needs nothing running; the drill drives a running
 * Tuki through its public API. Exit codes: 0 done, 1 failed (a drill check failed, or an error), 2 bad usage or input.
 */
async function main(): Promise<number> {
  const [command, ...argv] = process.argv.slice(2);
  switch (command) {
    case 'plan':
      return planCommand(argv);
    case 'drill':
      return drillCommand(argv);
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof ScenarioError) {
      console.error(`The scenario cannot be played: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
