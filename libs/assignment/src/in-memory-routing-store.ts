import { hasRoomFor } from './routing-rules';
import type { Channel } from '@tuki/contracts';
import type {
  AgentEntry,
  ClaimRequest,
  ClaimResult,
  HeldContact,
  Offer,
  QueuedEntry,
  RoutingStore,
} from './routing-store';
import { NO_LOAD } from './routing-store';

interface HelplineIndex {
  queues: Map<string, Map<string, QueuedEntry>>;
  offers: Map<string, Offer>;
  agents: Map<string, Omit<AgentEntry, 'load'>>;
  /** agent id -> contact id -> channel: what each agent holds; their load is counted from it. */
  held: Map<string, Map<string, Channel>>;
  cooldowns: Map<string, number>;
  /** contact id -> the version last taken out of the index (accepted or removed): older enqueues are refused. */
  gone: Map<string, number>;
}

const queueKey = (queueId: string, language: string) => `${queueId}:${language}`;
const byRank = (a: QueuedEntry, b: QueuedEntry) => a.score - b.score || (a.contactId < b.contactId ? -1 : 1);

/**
 * The routing index in memory, for the planner's virtual clock and for tests. Behaves as the Redis store does
 * (the shared scenario tests run on both); it is exported from @tuki/assignment because the planner is product code.
 */
export class InMemoryRoutingStore implements RoutingStore {
  private readonly helplines = new Map<string, HelplineIndex>();

  async enqueue(helplineId: string, entry: QueuedEntry): Promise<void> {
    const index = this.index(helplineId);
    if (index.offers.has(entry.contactId)) return;
    if ((index.gone.get(entry.contactId) ?? -1) >= entry.version) return;
    const was = this.find(index, entry.contactId);
    if (was && was.version > entry.version) return;
    for (const queue of index.queues.values()) queue.delete(entry.contactId);
    const key = queueKey(entry.queueId, entry.language);
    const queue = index.queues.get(key) ?? new Map<string, QueuedEntry>();
    queue.set(entry.contactId, { ...entry });
    index.queues.set(key, queue);
  }

  async unqueue(helplineId: string, entry: QueuedEntry): Promise<boolean> {
    return this.index(helplineId).queues.get(queueKey(entry.queueId, entry.language))?.delete(entry.contactId) ?? false;
  }

  async remove(helplineId: string, contactId: string): Promise<Offer | undefined> {
    const index = this.index(helplineId);
    const was = this.find(index, contactId) ?? index.offers.get(contactId)?.entry;
    if (was) index.gone.set(contactId, was.version);
    for (const queue of index.queues.values()) queue.delete(contactId);
    const offer = index.offers.get(contactId);
    if (!offer) return undefined;
    index.offers.delete(contactId);
    index.held.get(offer.agentId)?.delete(contactId);
    return offer;
  }

  async heads(helplineId: string, queueId: string, language: string, count: number): Promise<QueuedEntry[]> {
    const queue = this.index(helplineId).queues.get(queueKey(queueId, language));
    return queue
      ? [...queue.values()]
          .sort(byRank)
          .slice(0, count)
          .map((e) => ({ ...e }))
      : [];
  }

  async putAgent(helplineId: string, agent: Omit<AgentEntry, 'load'>): Promise<AgentEntry> {
    const index = this.index(helplineId);
    const lastOfferedAt = index.agents.get(agent.agentId)?.lastOfferedAt ?? agent.lastOfferedAt;
    const stored = { ...agent, lastOfferedAt };
    index.agents.set(agent.agentId, stored);
    return this.withLoad(index, stored);
  }

  async removeAgent(helplineId: string, agentId: string): Promise<void> {
    const index = this.index(helplineId);
    index.agents.delete(agentId);
    index.held.delete(agentId);
  }

  async agent(helplineId: string, agentId: string): Promise<AgentEntry | undefined> {
    const index = this.index(helplineId);
    const agent = index.agents.get(agentId);
    return agent ? this.withLoad(index, agent) : undefined;
  }

  async availableAgents(helplineId: string): Promise<AgentEntry[]> {
    const index = this.index(helplineId);
    return [...index.agents.values()].filter((a) => a.available).map((a) => this.withLoad(index, a));
  }

  async held(helplineId: string, agentId: string): Promise<HeldContact[]> {
    const index = this.index(helplineId);
    return [...(index.held.get(agentId) ?? new Map<string, Channel>())].map(([contactId, channel]) => {
      const offer = index.offers.get(contactId);
      const offered = offer?.agentId === agentId;
      return { contactId, channel, offered, highRisk: offered && offer?.entry.highRisk === true };
    });
  }

  async claim(helplineId: string, request: ClaimRequest): Promise<ClaimResult> {
    const index = this.index(helplineId);
    const { agentId } = request;
    const stub = index.agents.get(agentId);
    if (!stub?.available) return { outcome: 'agent-unavailable' };
    const agent = this.withLoad(index, stub);
    for (const candidate of request.candidates) {
      const { entry } = candidate;
      const queue = index.queues.get(queueKey(entry.queueId, entry.language));
      const stored = queue?.get(entry.contactId);
      if (!queue || !stored) continue;
      const channel = entry.channel;
      if (!hasRoomFor(agent.load, agent.capacity, channel, candidate.voiceBlocksChat))
        return { outcome: 'agent-full', candidate };
      if ((index.cooldowns.get(`${entry.contactId}:${agentId}`) ?? 0) > request.now) continue;
      queue.delete(entry.contactId);
      const held = index.held.get(agentId) ?? new Map<string, Channel>();
      held.set(entry.contactId, channel);
      index.held.set(agentId, held);
      stub.lastOfferedAt = request.now;
      index.offers.set(entry.contactId, {
        contactId: entry.contactId,
        agentId,
        deadline: candidate.deadline,
        entry: stored,
      });
      return { outcome: 'offered', candidate };
    }
    return { outcome: 'contact-gone' };
  }

  async accept(helplineId: string, contactId: string, agentId: string): Promise<Offer | undefined> {
    const index = this.index(helplineId);
    const offer = index.offers.get(contactId);
    if (!offer || offer.agentId !== agentId) return undefined;
    index.offers.delete(contactId);
    index.gone.set(contactId, offer.entry.version);
    return offer;
  }

  async decline(
    helplineId: string,
    contactId: string,
    agentId: string,
    now: number,
    cooldownMs: number,
  ): Promise<Offer | undefined> {
    const index = this.index(helplineId);
    const offer = index.offers.get(contactId);
    if (!offer || offer.agentId !== agentId) return undefined;
    this.returnToQueue(index, offer, cooldownMs, now);
    return offer;
  }

  async reapExpired(helplineId: string, now: number, cooldownMs: number, limit: number): Promise<Offer[]> {
    const index = this.index(helplineId);
    const expired = [...index.offers.values()]
      .filter((o) => o.deadline <= now)
      .sort((a, b) => a.deadline - b.deadline || (a.contactId < b.contactId ? -1 : 1))
      .slice(0, limit);
    for (const offer of expired) this.returnToQueue(index, offer, cooldownMs, now);
    return expired;
  }

  async release(helplineId: string, agentId: string, contactId: string): Promise<void> {
    this.index(helplineId).held.get(agentId)?.delete(contactId);
  }

  async offersHeldBy(helplineId: string, agentId: string): Promise<Offer[]> {
    return [...this.index(helplineId).offers.values()].filter((o) => o.agentId === agentId);
  }

  async activeHelplines(): Promise<string[]> {
    return [...this.helplines.keys()];
  }

  async waitingCount(helplineId: string, queueId: string, language: string): Promise<number> {
    return this.index(helplineId).queues.get(queueKey(queueId, language))?.size ?? 0;
  }

  async position(
    helplineId: string,
    entry: Pick<QueuedEntry, 'contactId' | 'queueId' | 'language'>,
  ): Promise<number | undefined> {
    const queue = this.index(helplineId).queues.get(queueKey(entry.queueId, entry.language));
    const stored = queue?.get(entry.contactId);
    if (!queue || !stored) return undefined;
    return [...queue.values()].filter((e) => byRank(e, stored) < 0).length + 1;
  }

  private returnToQueue(index: HelplineIndex, offer: Offer, cooldownMs: number, now: number): void {
    index.offers.delete(offer.contactId);
    index.held.get(offer.agentId)?.delete(offer.contactId);
    const key = queueKey(offer.entry.queueId, offer.entry.language);
    const queue = index.queues.get(key) ?? new Map<string, QueuedEntry>();
    queue.set(offer.contactId, offer.entry);
    index.queues.set(key, queue);
    index.cooldowns.set(`${offer.contactId}:${offer.agentId}`, now + cooldownMs);
  }

  private find(index: HelplineIndex, contactId: string): QueuedEntry | undefined {
    for (const queue of index.queues.values()) {
      const entry = queue.get(contactId);
      if (entry) return entry;
    }
    return undefined;
  }

  private withLoad(index: HelplineIndex, agent: Omit<AgentEntry, 'load'>): AgentEntry {
    const load = { ...NO_LOAD };
    for (const channel of index.held.get(agent.agentId)?.values() ?? []) load[channel] += 1;
    return { ...agent, load };
  }

  private index(helplineId: string): HelplineIndex {
    let index = this.helplines.get(helplineId);
    if (!index) {
      index = {
        queues: new Map(),
        offers: new Map(),
        agents: new Map(),
        held: new Map(),
        cooldowns: new Map(),
        gone: new Map(),
      };
      this.helplines.set(helplineId, index);
    }
    return index;
  }
}
