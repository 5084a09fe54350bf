import { Injectable } from '@nestjs/common';
import { AgentsService, CareSettingsService, type AgentView } from '@tuki/agents';
import { CHANNELS, type OfferPayload } from '@tuki/contracts';
import { Clock, DomainError, RealtimePublisher, rooms } from '@tuki/platform';
import { ContactsService, RoutingQueuesService, isOfferable, waitingStateOf, type ContactView } from '@tuki/queueing';
import type { RoutingQueueDefinition } from './router';
import { RoutingIndex } from './routing-index.service';
import { ROUTABLE, SYSTEM, entryOf, toRoutingQueue } from './routing-shared';
import type { AgentEntry, Offer } from './routing-store';
import { StaleHolds } from './stale-holds.service';

/**
 * Makes offers: a waiting contact to the best agent who may serve it, an agent with room to the best contact waiting
 * for them. Every decision is written to the record first: a claim in the index (the Router's) becomes an offer only
 * once the contact's row says `offered`, and only then does the agent hear of it, over socket.io with its deadline.
 *
 * Routing a contact and routing an agent call each other through the repair of a claim that could not be written,
 * so both live here; everything else that routes again depends on this provider, never the other way round.
 */
@Injectable()
export class Routing {
  constructor(
    private readonly index: RoutingIndex,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly agents: AgentsService,
    private readonly realtime: RealtimePublisher,
    private readonly staleHolds: StaleHolds,
    private readonly care: CareSettingsService,
  ) {}

  /** Routes a waiting contact: index it and offer it to the best agent who may serve it, if one has room. */
  async routeContact(helplineId: string, contactId: string): Promise<void> {
    const contact = await this.contacts.get(helplineId, contactId);
    if (!isOfferable(contact, this.clock.nowMs())) {
      // A callback not yet due (its window, next attempt or the queue's opening is later) must not sit in the index
      // under the entry it had as a live caller; its timer routes it when it comes due.
      if (contact.state === 'callback-pending') await this.index.store.remove(helplineId, contactId);
      return;
    }
    const queues = await this.routingQueues(helplineId);
    const queue = queues.find((q) => q.queueId === contact.queueId);
    if (!queue) return;
    const offers = await this.index.router.contactWaiting(helplineId, entryOf(contact, queue), queue, queues);
    for (const offer of offers) await this.commitOffer(helplineId, offer);
  }

  /** The agent can take work (available, or room freed): mirror them into the index and offer them the best contact. */
  async agentReady(helplineId: string, agentId: string): Promise<void> {
    const agent = await this.agents.getProfile(helplineId, agentId);
    const mirrored = await this.mirrorAgent(helplineId, agent);
    // A stale hold found and released means the mirrored load is out of date: read the agent again then.
    const released = await this.staleHolds.release(helplineId, [agentId]);
    if (!ROUTABLE.has(agent.state)) return;
    const queues = await this.routingQueues(helplineId);
    const offer = await this.index.router.agentAvailable(
      helplineId,
      agentId,
      queues,
      released.size > 0 ? undefined : mirrored,
    );
    if (offer) await this.commitOffer(helplineId, offer);
  }

  /** The agent stopped taking work: out of the available set; offers they hold go back to their queues. */
  async agentGone(helplineId: string, agentId: string): Promise<void> {
    const agent = await this.agents.getProfile(helplineId, agentId);
    await this.mirrorAgent(helplineId, agent);
  }

  /** Writes the agent's record into the index (the store keeps when they were last offered, its own fact). */
  mirrorAgent(helplineId: string, agent: AgentView): Promise<AgentEntry> {
    return this.index.store.putAgent(helplineId, {
      agentId: agent.id,
      languages: agent.languages,
      skills: agent.skills,
      capacity: agent.capacity,
      available: ROUTABLE.has(agent.state),
      idleSince: agent.stateChangedAt,
      lastOfferedAt: 0,
      highRiskStreak: agent.highRiskStreak,
    });
  }

  /**
   * An agent at their care cap who has room is offered nothing while only high-risk contacts wait for them, until one
   * of those has waited capOverrideAfterSeconds; no event marks that moment, so the background sweep (each second)
   * asks again for those agents. They are few: agents at the cap who are idle or have a free chat.
   */
  async offerToAgentsAtCap(): Promise<void> {
    for (const helplineId of await this.index.store.activeHelplines()) {
      const { highRiskCap } = await this.care.read(helplineId);
      if (highRiskCap === 0) continue;
      for (const agent of await this.index.store.availableAgents(helplineId)) {
        if ((agent.highRiskStreak ?? 0) < highRiskCap) continue;
        if (!CHANNELS.some((channel) => agent.load[channel] < agent.capacity[channel])) continue;
        await this.agentReady(helplineId, agent.agentId);
      }
    }
  }

  /**
   * Asks again for every available agent with room: after a queue's definition changed (opened, new skills or
   * widening, a new queue), waiting callers may now go to agents who are idle and would otherwise wait for their next
   * state change. Routing reads the definitions from the record at each decision, so this is all a change needs.
   */
  async offerToAvailableAgents(helplineId: string): Promise<void> {
    for (const agent of await this.index.store.availableAgents(helplineId)) {
      if (!CHANNELS.some((channel) => agent.load[channel] < agent.capacity[channel])) continue;
      await this.agentReady(helplineId, agent.agentId);
    }
  }

  private async commitOffer(helplineId: string, offer: Offer, repaired = false): Promise<void> {
    const store = this.index.store;
    let contact: ContactView;
    try {
      contact = await this.contacts.transition(helplineId, offer.contactId, 'offer', SYSTEM, {
        agentId: offer.agentId,
        expectedState: waitingStateOf(offer.entry),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const current = await this.contacts.get(helplineId, offer.contactId).catch(() => undefined);
      if (current?.state === 'offered' && current.agentId && !repaired) {
        // The record still shows an earlier offer that the index already ended (its return is being written, or was
        // lost when the database was away): the index is right that it waits. Write that offer's end, naming its
        // agent so a newer offer is never ended by mistake, then this offer.
        const ended = await this.contacts
          .transition(helplineId, offer.contactId, 'agent-lost', SYSTEM, {
            reason: 'offer-repaired',
            expectedState: 'offered',
            expectedAgentId: current.agentId,
          })
          .then(() => true)
          .catch((failure: unknown) => {
            if (failure instanceof DomainError) return false;
            throw failure;
          });
        if (ended || (await this.contacts.get(helplineId, offer.contactId)).state === waitingStateOf(offer.entry))
          return this.commitOffer(helplineId, offer, true);
      }
      if (current && (isOfferable(current, this.clock.nowMs()) || current.state === 'offered')) {
        // Still waiting, but this claim could not be written: give it back to the queue at its place.
        const returned = await store.decline(helplineId, offer.contactId, offer.agentId, this.clock.nowMs(), 0);
        if (returned && current.state !== 'offered') await this.routeContact(helplineId, offer.contactId);
      } else {
        // The row moved on (the caller hung up, or an agent took it): the claim must not stand.
        await store.remove(helplineId, offer.contactId);
      }
      await this.agentReady(helplineId, offer.agentId);
      return;
    }
    const payload: OfferPayload = {
      contactId: contact.id,
      queueId: contact.queueId,
      channel: contact.channel,
      language: contact.language,
      topic: contact.topic,
      priority: contact.priority,
      riskFlags: contact.riskFlags,
      repeatCaller: contact.earlierContacts > 0 ? { earlierContacts: contact.earlierContacts } : null,
      deadline: offer.deadline,
      sentAt: this.clock.nowMs(),
    };
    await this.realtime.publish(rooms.user(offer.agentId), 'offer.created', payload);
  }

  private async routingQueues(helplineId: string): Promise<RoutingQueueDefinition[]> {
    return (await this.queues.list(helplineId)).filter((q) => q.open).map(toRoutingQueue);
  }
}
