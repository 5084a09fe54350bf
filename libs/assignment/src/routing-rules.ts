/**
 * The routing rules as pure functions: how waiting contacts rank, which agent may serve which contact (languages,
 * skills, widening over time) and which available agent a strategy picks. The Redis store and the in-memory store of
 * the planner both call these, so production and simulation route the same way.
 */

import type { Channel, Priority, RiskFlagCode, Strategy } from '@tuki/contracts';

/** One widening step: after the contact has waited `afterMs`, skill minimums drop by `relaxBy`, or vanish (`any`). */
export interface WideningStep {
  afterMs: number;
  relaxBy: number | 'any';
}

/** What routing needs of a queue definition. */
export interface QueueRules {
  queueId: string;
  /** Skill name -> minimum level 0-10 an agent needs before any widening. */
  requiredSkills: Record<string, number>;
  strategy: Strategy;
  /**
   * How much waiting one priority level is worth: a `normal` contact that has waited this much longer than a `high`
   * one ranks above it, so `low` never starves. `urgent` is never overtaken. Default 10 minutes.
   */
  ageingMs: number;
  /** Sorted by afterMs. */
  widening: WideningStep[];
}

export interface RankedContact {
  id: string;
  priority: Priority;
  language: string;
  channel: Channel;
  /** First arrival at the helpline (epoch ms): transfers, overflow and resumed calls keep it, and so their place. */
  firstArrivedAt: number;
  /** isHighRisk() of the contact's record when it was indexed; absent means not high-risk. */
  highRisk?: boolean;
}

export interface AgentProfile {
  id: string;
  languages: readonly string[];
  skills: Readonly<Record<string, number>>;
  /**
   * High-risk contacts the agent took in a row (counsellor care), plus any high-risk offers they hold open. Absent
   * means 0.
   */
  highRiskStreak?: number;
}

/**
 * Counsellor care as routing applies it (a helpline's care settings in milliseconds). An agent whose run of high-risk
 * contacts reached `highRiskCap` is offered other contacts only, except a high-risk contact that has waited
 * `capOverrideAfterMs`: a caller in danger never waits behind the care rule for long.
 */
export interface CareRules {
  /** 0 = no cap. */
  highRiskCap: number;
  /** Counted from the contact's first arrival, as widening is. 0 = a high-risk contact is never held back. */
  capOverrideAfterMs: number;
}

/** No cap: what routing applies when it is given no care rules (the planner's older scenarios, tests). */
export const NO_CARE_CAP: CareRules = { highRiskCap: 0, capOverrideAfterMs: 0 };

/**
 * Whether a contact is high-risk for counsellor care: it carries at least one risk flag (a code from triage or the
 * channel adapter), or it is urgent. The one definition: routing's cap, the streak and the care pause all use it.
 */
export function isHighRisk(contact: { priority: Priority; riskFlags: readonly RiskFlagCode[] }): boolean {
  return contact.riskFlags.length > 0 || contact.priority === 'urgent';
}

/**
 * Whether counsellor care lets this agent be offered this contact now: any contact that is not high-risk, any contact
 * under the cap (or with no cap), and a high-risk contact over the cap once it has waited `capOverrideAfterMs`.
 */
export function careAllows(
  agent: Pick<AgentProfile, 'highRiskStreak'>,
  contact: Pick<RankedContact, 'highRisk' | 'firstArrivedAt'>,
  care: CareRules,
  nowMs: number,
): boolean {
  if (!contact.highRisk || care.highRiskCap === 0) return true;
  if ((agent.highRiskStreak ?? 0) < care.highRiskCap) return true;
  return nowMs - contact.firstArrivedAt >= care.capOverrideAfterMs;
}

/** An available agent as a strategy sees it. */
export interface AgentCandidate extends AgentProfile {
  /** When the agent last became free (epoch ms). */
  idleSince: number;
  /** Share of capacity in use, 0..1, open offers included. */
  occupancy: number;
  /** When the agent was last offered anything by this queue (epoch ms; 0 if never). */
  lastOfferedAt: number;
}

/** Urgent contacts are placed this far ahead of any arrival time, so no amount of waiting overtakes them. */
const URGENT_LEAD_MS = 1e13;
const LEVELS_AFTER_HIGH: Record<Exclude<Priority, 'urgent'>, number> = { high: 0, normal: 1, low: 2 };

/**
 * The contact's rank score: lower is served first. A static number (arrival time shifted by priority), so the live
 * index can keep contacts in a sorted set whose order needs no updating as they wait, and ageing falls out of it.
 */
export function rankScore(contact: Pick<RankedContact, 'priority' | 'firstArrivedAt'>, ageingMs: number): number {
  if (contact.priority === 'urgent') return contact.firstArrivedAt - URGENT_LEAD_MS;
  return contact.firstArrivedAt + LEVELS_AFTER_HIGH[contact.priority] * ageingMs;
}

/** Compares two contacts by the routing order: negative when `a` goes first. Ties go to the earlier id. */
export function compareContacts(a: RankedContact, b: RankedContact, ageingMs: number): number {
  return rankScore(a, ageingMs) - rankScore(b, ageingMs) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** How far skill minimums are relaxed for a contact that has waited `waitedMs`. */
export function relaxation(widening: readonly WideningStep[], waitedMs: number): number | 'any' {
  let relax = 0 as number | 'any';
  for (const step of widening) {
    if (waitedMs < step.afterMs) break;
    relax = step.relaxBy === 'any' || relax === 'any' ? 'any' : Math.max(relax, step.relaxBy);
  }
  return relax;
}

/**
 * Whether an agent may serve a contact of this queue now. The language is never widened away: a caller always gets
 * someone who speaks their language. Skills are, step by step, as the contact waits.
 */
export function canServe(agent: AgentProfile, contact: RankedContact, rules: QueueRules, nowMs: number): boolean {
  if (!agent.languages.includes(contact.language)) return false;
  const relax = relaxation(rules.widening, nowMs - contact.firstArrivedAt);
  if (relax === 'any') return true;
  return Object.entries(rules.requiredSkills).every(([skill, min]) => (agent.skills[skill] ?? 0) >= min - relax);
}

/** The agent's summed level in the queue's required skills: the best-skill strategy's measure. */
export function skillFit(agent: AgentProfile, rules: QueueRules): number {
  return Object.keys(rules.requiredSkills).reduce((sum, skill) => sum + (agent.skills[skill] ?? 0), 0);
}

/**
 * Picks one of the eligible available agents by the queue's strategy; ties fall to the longest idle, then the id,
 * so the choice is deterministic (the planner and tests rely on it).
 */
export function chooseAgent<A extends AgentCandidate>(candidates: readonly A[], rules: QueueRules): A | undefined {
  const byIdle = (a: A, b: A) => a.idleSince - b.idleSince || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const order: Record<Strategy, (a: A, b: A) => number> = {
    'longest-idle': byIdle,
    'least-occupied': (a, b) => a.occupancy - b.occupancy || byIdle(a, b),
    'round-robin': (a, b) => a.lastOfferedAt - b.lastOfferedAt || byIdle(a, b),
    'best-skill': (a, b) => skillFit(b, rules) - skillFit(a, rules) || byIdle(a, b),
  };
  return [...candidates].sort(order[rules.strategy])[0];
}

/**
 * Of the contacts at the heads of the queues an agent serves, those the agent may serve now, best first. Heads from
 * several queues compare by the same score, each with its own queue's ageing. Counsellor care (`care`) passes over
 * high-risk contacts for an agent at the cap, so they are offered the best of the others instead.
 */
export function rankForAgent<H extends { contact: RankedContact; rules: QueueRules }>(
  agent: AgentProfile,
  heads: readonly H[],
  nowMs: number,
  care: CareRules = NO_CARE_CAP,
): H[] {
  return heads
    .filter(({ contact, rules }) => canServe(agent, contact, rules, nowMs) && careAllows(agent, contact, care, nowMs))
    .sort(
      (a, b) =>
        rankScore(a.contact, a.rules.ageingMs) - rankScore(b.contact, b.rules.ageingMs) ||
        (a.contact.id < b.contact.id ? -1 : 1),
    );
}

/** The one contact an agent should be offered next, of the heads of the queues they serve. */
export function chooseContact<H extends { contact: RankedContact; rules: QueueRules }>(
  agent: AgentProfile,
  heads: readonly H[],
  nowMs: number,
  care: CareRules = NO_CARE_CAP,
): H | undefined {
  return rankForAgent(agent, heads, nowMs, care)[0];
}

/**
 * Whether an agent holding `load` has room for one more contact of `channel`. Within each channel's capacity, and the
 * phone is one: a voice call and a callback (which is a phone call too) never go to one agent at once, and while the
 * agent is on the phone no chat is offered where the queue says so (`voiceBlocksChat`). The Redis claim script
 * mirrors this rule.
 */
export function hasRoomFor(
  load: Record<Channel, number>,
  capacity: Record<Channel, number>,
  channel: Channel,
  voiceBlocksChat: boolean,
): boolean {
  if (load[channel] >= capacity[channel]) return false;
  if (channel === 'voice') return load.callback === 0;
  if (channel === 'callback') return load.voice === 0;
  return !(voiceBlocksChat && load.voice + load.callback > 0);
}
