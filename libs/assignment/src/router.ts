import {
  NO_CARE_CAP,
  canServe,
  careAllows,
  chooseAgent,
  hasRoomFor,
  rankForAgent,
  type CareRules,
  type QueueRules,
  type RankedContact,
} from './routing-rules';
import type { AgentEntry, Offer, QueuedEntry, RoutingStore } from './routing-store';

/** What the router needs of a routing queue beyond the ranking rules. */
export interface RoutingQueueDefinition extends QueueRules {
  languages: readonly string[];
  offerTimeoutMs: number;
  voiceBlocksChat: boolean;
}

/** How many heads of each queue an agent looks at: enough to step past contacts cooling down for them. */
const HEADS_PER_QUEUE = 5;
/**
 * Candidates handed to one claim, best first: enough to pass over what other agents took at the same moment, few
 * enough that the claim stays a short script.
 */
const CLAIM_CANDIDATES = 8;
/** Times the heads are read again after every candidate was claimed by another process. */
const MAX_READ_ROUNDS = 3;

const asRanked = (entry: QueuedEntry): RankedContact => ({
  id: entry.contactId,
  priority: entry.priority,
  language: entry.language,
  channel: entry.channel,
  firstArrivedAt: entry.firstArrivedAt,
  highRisk: entry.highRisk === true,
});

const asProfile = (agent: AgentEntry) => ({
  id: agent.agentId,
  languages: agent.languages,
  skills: agent.skills,
  highRiskStreak: agent.highRiskStreak ?? 0,
});

/** A helpline's counsellor-care rules, asked for on each decision so a change applies at once. */
export type CareRulesSource = (helplineId: string) => Promise<CareRules>;

const hasRoom = (agent: AgentEntry, entry: QueuedEntry, queue: RoutingQueueDefinition) =>
  hasRoomFor(agent.load, agent.capacity, entry.channel, queue.voiceBlocksChat);

/**
 * The routing core: decides offers from the pure rules, over any RoutingStore, with time from the given clock. It
 * runs on Redis in production and on the in-memory store under a virtual clock in the planner. Decisions are only
 * proposals until the store's atomic claim accepts them, so several processes can route at once.
 */
export class Router {
  constructor(
    private readonly store: RoutingStore,
    private readonly now: () => number,
    /** How long an agent who declined or missed a contact is not offered it again. */
    private readonly cooldownMs = 60_000,
    /** Counsellor care's cap per helpline; default none. */
    private readonly careOf: CareRulesSource = () => Promise.resolve(NO_CARE_CAP),
  ) {}

  /**
   * A contact starts (or resumes) waiting: index it, then let the available agents who could serve it pick, in the
   * queue's strategy order. Each agent takes the best contact they may serve, which is this one unless someone
   * better-ranked waits for them too: order holds even when several contacts and agents arrive at once.
   */
  async contactWaiting(
    helplineId: string,
    entry: QueuedEntry,
    queue: RoutingQueueDefinition,
    queues: readonly RoutingQueueDefinition[],
  ): Promise<Offer[]> {
    await this.store.enqueue(helplineId, entry);
    const care = await this.careOf(helplineId);
    const now = this.now();
    // Agents at their care cap are not asked first for a high-risk contact (agentAvailable decides for good, with the
    // offers they hold counted too).
    let candidates = (await this.store.availableAgents(helplineId)).filter(
      (agent) =>
        hasRoom(agent, entry, queue) &&
        canServe(asProfile(agent), asRanked(entry), queue, now) &&
        careAllows(asProfile(agent), asRanked(entry), care, now),
    );
    const offers: Offer[] = [];
    while (candidates.length > 0) {
      const agent = chooseAgent(
        candidates.map((a) => ({
          ...asProfile(a),
          idleSince: a.idleSince,
          lastOfferedAt: a.lastOfferedAt,
          occupancy: occupancy(a),
          entry: a,
        })),
        queue,
      )!;
      candidates = candidates.filter((a) => a.agentId !== agent.id);
      const offer = await this.agentAvailable(helplineId, agent.id, queues, undefined, care);
      if (offer) offers.push(offer);
      if (offer?.contactId === entry.contactId) break;
    }
    return offers;
  }

  /**
   * An agent has room (became available, or a conversation ended): offer them the best contact they can serve. When
   * another process claims that contact first, the claim passes on to the next-best of the heads already read in the
   * same atomic step, so an idle agent is not left idle while contacts wait; the heads are read again only when all
   * of them are gone.
   */
  async agentAvailable(
    helplineId: string,
    agentId: string,
    queues: readonly RoutingQueueDefinition[],
    /** The agent as just written to the store (putAgent's answer), to save reading it back. */
    known?: AgentEntry,
    /** The helpline's care rules when the caller has them already. */
    knownCare?: CareRules,
  ): Promise<Offer | undefined> {
    const agent = known ?? (await this.store.agent(helplineId, agentId));
    if (!agent?.available) return undefined;
    const care = knownCare ?? (await this.careOf(helplineId));
    const profile = { ...asProfile(agent), highRiskStreak: await this.careStreak(helplineId, agent, care) };
    const skip = new Set<string>();
    for (let round = 0; round < MAX_READ_ROUNDS; round++) {
      const now = this.now();
      const reads = queues.flatMap((queue) =>
        queue.languages
          .filter((language) => agent.languages.includes(language))
          .map(async (language) =>
            (await this.store.heads(helplineId, queue.queueId, language, HEADS_PER_QUEUE)).map((entry) => ({
              contact: asRanked(entry),
              rules: queue,
              entry,
            })),
          ),
      );
      const heads = (await Promise.all(reads))
        .flat()
        .filter(({ entry, rules }) => !skip.has(entry.contactId) && hasRoom(agent, entry, rules));
      const ranked = rankForAgent(profile, heads, now, care).slice(0, CLAIM_CANDIDATES);
      if (ranked.length === 0) return undefined;
      // The whole ranked list in one claim: contacts other processes took meanwhile are passed over atomically.
      const { outcome, candidate } = await this.store.claim(helplineId, {
        agentId,
        now,
        candidates: ranked.map(({ entry, rules }) => ({
          entry,
          deadline: now + rules.offerTimeoutMs,
          voiceBlocksChat: rules.voiceBlocksChat,
        })),
      });
      if (outcome === 'offered' && candidate) {
        return { contactId: candidate.entry.contactId, agentId, deadline: candidate.deadline, entry: candidate.entry };
      }
      if (outcome !== 'contact-gone') return undefined;
      ranked.forEach(({ entry }) => skip.add(entry.contactId));
    }
    return undefined;
  }

  /**
   * The agent's run of high-risk contacts as the care cap counts it: the ones they took, plus the high-risk offers they
   * hold open (an agent with room for several chats must not be offered a run of high-risk chats all at once). Read
   * only when it can matter: a cap is set, the agent holds something, and they are not at the cap already.
   */
  private async careStreak(helplineId: string, agent: AgentEntry, care: CareRules): Promise<number> {
    const streak = agent.highRiskStreak ?? 0;
    const holds = agent.load.voice + agent.load.chat + agent.load.callback;
    if (care.highRiskCap === 0 || holds === 0 || streak >= care.highRiskCap) return streak;
    const held = await this.store.held(helplineId, agent.agentId);
    return streak + held.filter((h) => h.highRisk).length;
  }

  /** The agent said no: the contact goes back to its place and to the next agent. */
  async decline(helplineId: string, contactId: string, agentId: string): Promise<Offer | undefined> {
    return this.store.decline(helplineId, contactId, agentId, this.now(), this.cooldownMs);
  }

  /** Offers past their deadline return to their queues; the caller re-routes each returned contact. */
  async reap(helplineId: string, limit = 500): Promise<Offer[]> {
    return this.store.reapExpired(helplineId, this.now(), this.cooldownMs, limit);
  }
}

function occupancy(agent: AgentEntry): number {
  const capacity = agent.capacity.voice + agent.capacity.chat + agent.capacity.callback;
  return capacity === 0 ? 1 : (agent.load.voice + agent.load.chat + agent.load.callback) / capacity;
}
