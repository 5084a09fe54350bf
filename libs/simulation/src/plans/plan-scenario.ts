import { ScenarioError, parseScenario } from '../scenario/scenario-loader';
import type { Scenario } from '../scenario/scenario.schema';
import { SHIPPED_SCENARIOS } from '../scenario/shipped-scenarios';

/**
 * How big a plan asked for over HTTP may be. The worker plays it on its CPU beside exports and event delivery, so a
 * mistyped scenario must not hold it for hours; bigger plans run from the command line (`npm run plan`).
 */
export const PLAN_LIMITS = {
  /** A month of simulated time. */
  maxHours: 24 * 31,
  /**
   * Contacts a plan may play, estimated as baseline per hour x hours x surge peak (an overestimate: the surge decays).
   * The shipped `breach-surge` estimates at 16,128, and plays a week in about 2 s, its staffing search in 30 s.
   */
  maxContacts: 500_000,
} as const;

/**
 * The scenario of a plan request: a shipped scenario's name, or a whole scenario object, checked against the schema
 * and the limits above. Never a file path: a name that is not shipped is refused, so a request cannot make the server
 * read its own files. Throws ScenarioError, whose problems each start with the field's path.
 */
export function resolvePlanScenario(input: unknown): Scenario {
  if (typeof input === 'string') {
    if (!Object.hasOwn(SHIPPED_SCENARIOS, input)) {
      const names = Object.keys(SHIPPED_SCENARIOS).join(', ');
      throw new ScenarioError('scenario', [`scenario: not a shipped scenario (${names}); or send a scenario object`]);
    }
    return parseScenario(SHIPPED_SCENARIOS[input], input);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ScenarioError('scenario', ['scenario: a shipped scenario’s name or a scenario object']);
  }
  const scenario = parseScenario(input, 'scenario');
  const problems: string[] = [];
  if (scenario.hours > PLAN_LIMITS.maxHours) {
    problems.push(`hours: at most ${PLAN_LIMITS.maxHours} from the dashboard; run longer plans with npm run plan`);
  }
  const contacts = scenario.arrivals.perHour * scenario.hours * (scenario.arrivals.surge?.peak ?? 1);
  if (contacts > PLAN_LIMITS.maxContacts) {
    problems.push(
      `arrivals.perHour: about ${Math.round(contacts)} contacts (per hour x hours x surge peak), more than the ` +
        `${PLAN_LIMITS.maxContacts} a plan from the dashboard may play; run it with npm run plan`,
    );
  }
  if (problems.length > 0) throw new ScenarioError('scenario', problems);
  return scenario;
}

/** The name a plan request goes by: the shipped scenario's, or the inline scenario's own `name`. */
export function planScenarioName(input: string | Record<string, unknown>): string {
  if (typeof input === 'string') return input;
  return typeof input.name === 'string' ? input.name : 'scenario';
}
