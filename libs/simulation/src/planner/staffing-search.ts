import { agentsNeeded, agentsNeededErlangA } from '@tuki/metrics';
import type { Scenario } from '../scenario/scenario.schema';
import { ArrivalRate } from './arrival-rate';
import { clearlyShort, serviceLevelOf } from './hourly-ledger';
import type { StaffingAnswer } from './plan-report';
import { teamName, type HourlyStaffing } from './roster';
import { SimulatedHelpline } from './simulated-helpline';

/** Runs of the week before the search gives its best answer and says whether it holds. */
const MAX_ROUNDS = 20;
/** Rounds that try one agent fewer where an hour held the target with room to spare... */
const TRIM_ROUNDS = 3;
/** ...as long as this many runs are left to put back what a cut could not spare. */
const ROUNDS_AFTER_A_TRIM = 6;
/** How far above the goal an hour's service level must be before an agent is taken away from it. */
const SPARE = 0.05;

/**
 * How many agents each team needs on duty, hour by hour, to hold the scenario's target. The way workforce planners do
 * it: a first answer per hour from Erlang A (Erlang C when callers never hang up) on the hour's expected load, as if
 * each hour stood alone; then the planner plays the week with that staffing, on Tuki's own routing and callback
 * rules, and adds an agent to the team of each language that fell short in an hour, until every hour with enough
 * arrivals to judge holds the target. Erlang's hours stand alone; the simulation carries a backlog from one hour into
 * the next, and routes by priority, callbacks and chats as production does, which is why it has the last word.
 */
export async function searchStaffing(scenario: Scenario, onProgress?: (done: number) => void): Promise<StaffingAnswer> {
  const hours = Math.ceil(scenario.hours);
  const owner = languageOwners(scenario);
  const staffing: HourlyStaffing = scenario.agents.map(() => Array.from({ length: hours }, () => 0));
  const rate = new ArrivalRate(scenario);
  const languageShare = shares(scenario.arrivals.languages);
  const handleSeconds = meanHandleSeconds(scenario) + scenario.wrapUpSeconds;
  for (let hour = 0; hour < hours; hour++) {
    const perHour = rate.expectedInHour(hour);
    for (const [language, team] of owner) {
      staffing[team][hour] += firstGuess(scenario, (perHour * languageShare[language]) / 3600, handleSeconds);
    }
  }

  let rounds = 0;
  const play = async () => {
    rounds += 1;
    onProgress?.(Math.min(0.99, rounds / MAX_ROUNDS));
    return new SimulatedHelpline(scenario, { staffing }).run();
  };
  // Add an agent wherever an hour fell short, until none does. Then, since Erlang's hours stand alone and overstate
  // what chats need, try one agent fewer wherever an hour held the target with room to spare, and play again: a cut
  // that fails comes back in the next round.
  let last = await play();
  let met = false;
  let trimsLeft = TRIM_ROUNDS;
  while (rounds < MAX_ROUNDS) {
    const raised = raiseShortHours(last, staffing, owner, scenario);
    if (raised === 0) {
      const mayTrim = trimsLeft > 0 && rounds <= MAX_ROUNDS - ROUNDS_AFTER_A_TRIM;
      const cuts = mayTrim ? cutCandidates(last, staffing, owner, scenario) : [];
      if (cuts.length === 0) {
        met = true;
        break;
      }
      trimsLeft -= 1;
      cuts.forEach(([team, hour]) => (staffing[team][hour] -= 1));
    }
    last = await play();
  }
  onProgress?.(1);
  return {
    target: scenario.target,
    byLanguage: [...owner].map(([language, t]) => {
      const perHour = staffing[t];
      const peak = Math.max(...perHour);
      return { language, team: teamName(scenario.agents[t]), perHour, peak, peakHour: perHour.indexOf(peak) };
    }),
    met,
    rounds,
    summary: last.ledger.summary(last.callbacks),
  };
}

type Run = Awaited<ReturnType<SimulatedHelpline['run']>>;

/** Adds one agent to the owning team in every hour a language fell short; returns how many were added. */
function raiseShortHours(run: Run, staffing: HourlyStaffing, owner: Map<string, number>, scenario: Scenario) {
  let added = 0;
  for (const figures of run.ledger.figures()) {
    for (const [language, team] of owner) {
      const counts = figures.byLanguage[language];
      if (counts && clearlyShort(counts, scenario.target.serviceLevel)) {
        staffing[team][figures.hour] += 1;
        added += 1;
      }
    }
  }
  return added;
}

/** (team, hour) pairs where every language the team owns held the goal with room to spare, and an agent can go. */
function cutCandidates(run: Run, staffing: HourlyStaffing, owner: Map<string, number>, scenario: Scenario) {
  const cuts: [number, number][] = [];
  for (const figures of run.ledger.figures()) {
    for (let team = 0; team < staffing.length; team++) {
      const owned = [...owner].filter(([, t]) => t === team).map(([language]) => figures.byLanguage[language]);
      if (owned.length === 0 || staffing[team][figures.hour] <= 1) continue;
      const spare = owned.every((counts) => {
        const level = counts ? serviceLevelOf(counts) : null;
        return level === null || level >= scenario.target.serviceLevel + SPARE;
      });
      if (spare) cuts.push([team, figures.hour]);
    }
  }
  return cuts;
}

/**
 * Which team answers each language in the staffing answer: the first team whose first language it is, else the first
 * team that speaks it. A team owns its languages' load; a team that owns none is not staffed by the search.
 */
function languageOwners(scenario: Scenario): Map<string, number> {
  const owner = new Map<string, number>();
  const languages = Object.entries(scenario.arrivals.languages).filter(([, weight]) => weight > 0);
  for (const [language] of languages) {
    let team = scenario.agents.findIndex((t) => t.languages[0] === language);
    if (team < 0) team = scenario.agents.findIndex((t) => t.languages.includes(language));
    owner.set(language, team);
  }
  return owner;
}

function firstGuess(scenario: Scenario, arrivalRatePerSecond: number, handleTimeSeconds: number): number {
  if (arrivalRatePerSecond === 0) return 0;
  const target = {
    arrivalRatePerSecond,
    handleTimeSeconds,
    targetSeconds: scenario.target.answerWithinSeconds,
    serviceLevel: scenario.target.serviceLevel,
  };
  const { patience } = scenario;
  if (patience.distribution === 'never') return agentsNeeded(target);
  const patienceSeconds = patience.distribution === 'fixed' ? patience.seconds : patience.meanSeconds;
  return agentsNeededErlangA({ ...target, patienceSeconds });
}

/**
 * The agent time one contact takes, over the channel mix: a chat holds a share of an agent (they take several at
 * once; the first team's chat capacity is taken as typical).
 */
function meanHandleSeconds(scenario: Scenario): number {
  const mean = (d: Scenario['handleTime']) => (d.distribution === 'fixed' ? d.seconds : d.meanSeconds);
  const { voice, chat } = scenario.arrivals.channels;
  const chatsAtOnce = Math.max(1, scenario.agents[0].capacity.chat);
  const chatMean = mean(scenario.chatHandleTime ?? scenario.handleTime) / chatsAtOnce;
  return (voice * mean(scenario.handleTime) + chat * chatMean) / (voice + chat);
}

function shares(weights: Record<string, number>): Record<string, number> {
  const total = Object.values(weights).reduce((sum, w) => sum + w, 0);
  return Object.fromEntries(Object.entries(weights).map(([key, w]) => [key, w / total]));
}
