import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CALLBACK_POLICY, type CallbackPolicy } from '@tuki/queueing';
import { validateCallbackPolicy } from '@tuki/callbacks';
import { isValidTimeZone } from '@tuki/platform';
import { scenarioSchema, type Scenario } from './scenario.schema';
import { SHIPPED_SCENARIOS } from './shipped-scenarios';

/** A scenario that cannot be played; `problems` are one "path: what is wrong" line each. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.length === 1 ? problems[0] : `\n  ${problems.join('\n  ')}`}`);
    this.name = 'ScenarioError';
  }
}

/** A scenario by its shipped name (`breach-surge`) or from a JSON or YAML file. */
export function loadScenario(nameOrPath: string): Scenario {
  const shipped = SHIPPED_SCENARIOS[nameOrPath];
  if (shipped) return parseScenario(shipped, nameOrPath);
  let text: string;
  try {
    text = readFileSync(nameOrPath, 'utf8');
  } catch {
    const names = Object.keys(SHIPPED_SCENARIOS).join(', ');
    throw new ScenarioError(nameOrPath, [`no such file, and not a shipped scenario (${names})`]);
  }
  return parseScenario(parseText(text, nameOrPath), nameOrPath);
}

function parseText(text: string, source: string): unknown {
  const yaml = ['.yaml', '.yml'].includes(extname(source).toLowerCase());
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
    throw new ScenarioError(source, [`not valid ${yaml ? 'YAML' : 'JSON'}: ${reason}`]);
  }
}

/** Checks a scenario against the schema and the callback policy's own rules; every problem is named by its path. */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    throw new ScenarioError(
      source,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`),
    );
  }
  const scenario = parsed.data;
  const problems: string[] = [];
  if (!isValidTimeZone(scenario.timeZone)) problems.push('timeZone: not a time zone such as Europe/Helsinki');
  if (scenario.callbacks) {
    const policy = { ...DEFAULT_CALLBACK_POLICY, ...scenario.callbacks.policy };
    problems.push(...validateCallbackPolicy(policy).map((problem) => `callbacks.policy.${problem}`));
  }
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return scenario;
}

/** The callback policy a scenario's queue runs with: Tuki's default with the scenario's changes. */
export function callbackPolicyOf(scenario: Scenario): CallbackPolicy {
  return { ...DEFAULT_CALLBACK_POLICY, ...(scenario.callbacks?.policy ?? {}) };
}
