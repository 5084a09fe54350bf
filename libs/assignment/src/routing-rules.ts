/**
 * The routing rules as pure functions: how waiting contacts rank, which agent may serve which contact (languages,
 * skills, widening over time) and which available agent a strategy picks. The Redis store and the in-memory store of
 * the planner both call these, so production and simulation route the same way.
 */

import type { Channel, Priority, Strategy } from '@tuki/contracts';

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
}

export interface AgentProfile {
  id: string;
  languages: readonly string[];
  skills: Readonly<Record<string, number>>;
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
 * several queues compare by the same score, each with its own queue's ageing.
 */
export function rankForAgent<H extends { contact: RankedContact; rules: QueueRules }>(
  agent: AgentProfile,
  heads: readonly H[],
  nowMs: number,
): H[] {
  return heads
    .filter(({ contact, rules }) => canServe(agent, contact, rules, nowMs))
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
): H | undefined {
  return rankForAgent(agent, heads, nowMs)[0];
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
