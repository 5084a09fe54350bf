import type { Channel, Priority } from '@tuki/contracts';

/** A contact as the live index holds it: enough to rank and route it, nothing personal. */
export interface QueuedEntry {
  contactId: string;
  queueId: string;
  language: string;
  channel: Channel;
  priority: Priority;
  firstArrivedAt: number;
  /** rankScore() at enqueue time; lower is served first. */
  score: number;
  /**
   * isHighRisk() of the record when indexed (a risk flag, or urgent), for counsellor care's cap. Only this yes/no is
   * indexed, never which risk: the index holds nothing personal. Absent means not high-risk.
   */
  highRisk?: boolean;
  /**
   * The record's version of the contact when it was read as queued. The index refuses an enqueue older than what it
   * last saw taken or removed, so a process that read `queued` just before an accept cannot put the contact back.
   */
  version: number;
}

export type ChannelCounts = Record<Channel, number>;

/** An agent as routing sees them. */
export interface AgentEntry {
  agentId: string;
  languages: string[];
  skills: Record<string, number>;
  capacity: ChannelCounts;
  /** Contacts offered or connected, per channel: an open offer counts against capacity. */
  load: ChannelCounts;
  available: boolean;
  idleSince: number;
  lastOfferedAt: number;
  /**
   * High-risk contacts the agent took in a row (the agent record's count, mirrored like languages and skills; it
   * changes only when this agent accepts). Absent means 0.
   */
  highRiskStreak?: number;
}

export interface Offer {
  contactId: string;
  agentId: string;
  deadline: number;
  entry: QueuedEntry;
}

/** A contact an agent holds in the index: an open offer, or a conversation they took (until it is released). */
export interface HeldContact {
  contactId: string;
  channel: Channel;
  /** True while it is still an open offer to this agent. */
  offered: boolean;
  /** True for an open offer of a high-risk contact (counted towards the agent's care cap until they answer it). */
  highRisk: boolean;
}

/** How a claim ended: `contact-gone` means every candidate was already taken or is cooling down for this agent. */
export type ClaimOutcome = 'offered' | 'contact-gone' | 'agent-unavailable' | 'agent-full';

/** One contact an agent could be offered, as the routing rules ranked it. */
export interface ClaimCandidate {
  entry: QueuedEntry;
  deadline: number;
  /** A chat may not be offered to an agent on a voice contact (per-queue setting). */
  voiceBlocksChat: boolean;
}

export interface ClaimRequest {
  agentId: string;
  now: number;
  /** Best first: the first that is still waiting and not cooling down for this agent is offered. */
  candidates: ClaimCandidate[];
}

export interface ClaimResult {
  outcome: ClaimOutcome;
  /** The candidate offered (or, for `agent-full`, the one the agent had no room for). */
  candidate?: ClaimCandidate;
}

/**
 * The live routing index: waiting contacts ranked per (queue, language), available agents with their load, and
 * offers as leases with deadlines. The record of every contact is the database; this index is derived from it and can
 * be rebuilt. `claim` is the one atomic step that turns a waiting contact into an offer to one agent, so no contact
 * is offered twice and no agent goes over capacity, whichever process decides.
 */
export interface RoutingStore {
  /** Puts a contact in its queue (again) at its score. Idempotent. */
  enqueue(helplineId: string, entry: QueuedEntry): Promise<void>;
  /** Takes a waiting (not offered) contact out of its queue; false when it is not waiting there (claimed meanwhile). */
  unqueue(helplineId: string, entry: QueuedEntry): Promise<boolean>;
  /** Takes a contact out of the index wherever it is (queue or offer); frees the offered agent's capacity. */
  remove(helplineId: string, contactId: string): Promise<Offer | undefined>;
  /** The best-ranked `count` contacts of one (queue, language). */
  heads(helplineId: string, queueId: string, language: string, count: number): Promise<QueuedEntry[]>;
  /**
   * Writes an agent's profile and availability; when they were last offered stays the index's own (set by claims, or
   * from `agent` for a new agent). Returns the agent as routing now sees them, load included.
   */
  putAgent(helplineId: string, agent: Omit<AgentEntry, 'load'>): Promise<AgentEntry>;
  removeAgent(helplineId: string, agentId: string): Promise<void>;
  agent(helplineId: string, agentId: string): Promise<AgentEntry | undefined>;
  availableAgents(helplineId: string): Promise<AgentEntry[]>;
  /**
   * The one atomic step of routing: offers the agent the first candidate still waiting, if the agent is available and
   * has room. Candidates another process took meanwhile are passed over in the same step, so a lost race costs nothing.
   */
  claim(helplineId: string, request: ClaimRequest): Promise<ClaimResult>;
  /** The offered agent takes the contact: the lease ends, the capacity stays used. */
  accept(helplineId: string, contactId: string, agentId: string): Promise<Offer | undefined>;
  /**
   * The offer ends without an answer (declined, or its deadline passed): the contact goes back to its place, the
   * agent's capacity comes back, and the agent is not offered this contact again for `cooldownMs`.
   */
  decline(
    helplineId: string,
    contactId: string,
    agentId: string,
    now: number,
    cooldownMs: number,
  ): Promise<Offer | undefined>;
  /** Returns every offer whose deadline has passed to its queue, atomically, once. */
  reapExpired(helplineId: string, now: number, cooldownMs: number, limit: number): Promise<Offer[]>;
  /** The agent no longer holds the contact (its conversation ended): its capacity comes back. Idempotent. */
  release(helplineId: string, agentId: string, contactId: string): Promise<void>;
  /** What the agent holds, to check against the record. */
  held(helplineId: string, agentId: string): Promise<HeldContact[]>;
  /** The open offers an agent holds (to take back when the agent is lost). */
  offersHeldBy(helplineId: string, agentId: string): Promise<Offer[]>;
  /** Helplines with anything in the index, for the reaper. */
  activeHelplines(): Promise<string[]>;
  /** Contacts waiting in the index (not offered), for position and rebuild checks. */
  waitingCount(helplineId: string, queueId: string, language: string): Promise<number>;
  /** 1-based position of a waiting contact in its (queue, language), or undefined when not waiting. */
  position(
    helplineId: string,
    entry: Pick<QueuedEntry, 'contactId' | 'queueId' | 'language'>,
  ): Promise<number | undefined>;
}

export const NO_LOAD: ChannelCounts = { voice: 0, chat: 0, callback: 0 };
