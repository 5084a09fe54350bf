import { Injectable, Logger } from '@nestjs/common';
import { AgentsService } from '@tuki/agents';
import { DomainError, RealtimePublisher, rooms } from '@tuki/platform';
import { ContactsService, type ContactView, isWaiting } from '@tuki/queueing';
import { AgentStateSettler } from './agent-state-settler.service';
import { OfferNotOpenError } from './assignment.errors';
import { RoutingIndex } from './routing-index.service';
import { SYSTEM, sideEffectWarning } from './routing-shared';
import type { Offer } from './routing-store';
import { isHighRisk } from './routing-rules';
import { Routing } from './routing.service';

/**
 * How an offer ends once it is made: the agent accepts or declines it, its lease lapses, or it is withdrawn. An offer
 * that did not become a conversation goes back to its queue in the record first (a lapsed lease goes back to `queued`
 * in the row before anything else happens), then the contact is routed again.
 */
@Injectable()
export class OfferLifecycle {
  private readonly warn = sideEffectWarning(new Logger(OfferLifecycle.name));

  constructor(
    private readonly index: RoutingIndex,
    private readonly contacts: ContactsService,
    private readonly agents: AgentsService,
    private readonly realtime: RealtimePublisher,
    private readonly routing: Routing,
    private readonly agentStates: AgentStateSettler,
  ) {}

  async accept(helplineId: string, agentId: string, contactId: string): Promise<ContactView> {
    const offer = await this.index.store.accept(helplineId, contactId, agentId);
    if (!offer) throw new OfferNotOpenError();
    let contact: ContactView;
    try {
      contact = await this.contacts.transition(
        helplineId,
        contactId,
        'accept',
        { kind: 'agent', id: agentId },
        { agentId, expectedState: 'offered', expectedAgentId: agentId },
      );
    } catch (error) {
      // The caller hung up between the index's accept and the record's: the agent holds nothing, so the room comes
      // back (the hang-up's own clean-up found no offer left to take back).
      await this.index.store.release(helplineId, agentId, contactId);
      await this.routing.agentReady(helplineId, agentId).catch((failure: unknown) => this.warn(failure));
      throw error;
    }
    // Counsellor care counts the contact here, on accept, in the transaction that makes the agent busy: accepting is one
    // path (a conversation ends in many: the agent, a hang-up, a transfer, a callback not reached), and the next offer
    // to an agent with room for more chats must already count the contact they are talking to.
    const agent = await this.agentStates.settle(helplineId, agentId, 'busy', { acceptedHighRisk: isHighRisk(contact) });
    // A busy agent taking one more chat stays busy, so no state event follows: mirror the new streak into the index
    // (read again, so a change made meanwhile by another process is not overwritten with this older view).
    if (agent)
      await this.agents
        .getProfile(helplineId, agentId)
        .then((fresh) => this.routing.mirrorAgent(helplineId, fresh))
        .catch((error: unknown) => this.warn(error));
    return contact;
  }

  async decline(helplineId: string, agentId: string, contactId: string): Promise<void> {
    const offer = await this.index.router.decline(helplineId, contactId, agentId);
    if (!offer) throw new OfferNotOpenError();
    await this.backToQueue(helplineId, offer, 'decline', 'declined');
  }

  /** Returns lapsed offers to their queues, records them, and routes the contacts again. */
  async reapAll(): Promise<void> {
    for (const helplineId of await this.index.store.activeHelplines()) {
      for (const offer of await this.index.router.reap(helplineId)) {
        // One offer's failure (the database away a moment) must not keep the others from coming back.
        await this.backToQueue(helplineId, offer, 'offer-timeout', 'offer-timeout').catch((error: unknown) =>
          this.warn(error),
        );
        await this.agents.recordMissedOffer(helplineId, offer.agentId).catch((error: unknown) => this.warn(error));
      }
    }
  }

  /** An offer the index already ended (declined, lapsed, its agent lost) is ended in the record and routed again. */
  async backToQueue(
    helplineId: string,
    offer: Offer,
    change: 'decline' | 'offer-timeout' | 'agent-lost',
    reason: string,
  ): Promise<void> {
    try {
      await this.contacts.transition(helplineId, offer.contactId, change, SYSTEM, {
        reason,
        expectedState: 'offered',
        expectedAgentId: offer.agentId,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The contact already left (hung up): take it out of the queue the store just put it back in. If it is still
      // waiting (a newer offer already repaired this one's end), it stays where it is.
      const current = await this.contacts.get(helplineId, offer.contactId).catch(() => undefined);
      if (!current || !isWaiting(current.state)) await this.index.store.remove(helplineId, offer.contactId);
    }
    await this.notifyWithdrawn(offer, reason);
    await this.routing.routeContact(helplineId, offer.contactId);
  }

  /** Tells the agent the offer is gone; a failure to tell them is logged (the offer's end stands either way). */
  async notifyWithdrawn(offer: Offer, reason: string): Promise<void> {
    await this.realtime
      .publish(rooms.user(offer.agentId), 'offer.withdrawn', { contactId: offer.contactId, reason })
      .catch((error: unknown) => this.warn(error));
  }
}
