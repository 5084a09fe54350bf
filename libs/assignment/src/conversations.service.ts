import { Injectable, Logger } from '@nestjs/common';
import { AgentsService, CareSettingsService, wrapUpEndsAt, type CareSettings, type RoutingFacts } from '@tuki/agents';
import { Clock } from '@tuki/platform';
import { ACTIVE_STATES, ContactsService, IllegalTransitionError, type ContactView } from '@tuki/queueing';
import { AgentStateSettler } from './agent-state-settler.service';
import { NotYourContactError } from './assignment.errors';
import { OfferLifecycle } from './offer-lifecycle.service';
import { RoutingIndex } from './routing-index.service';
import { isHighRisk } from './routing-rules';
import { SYSTEM, sideEffectWarning } from './routing-shared';
import { Routing } from './routing.service';

/**
 * When a contact's wrap-up ends by itself: the agent's wrap-up time after the conversation ended, plus the helpline's
 * care pause when the contact was high-risk (counsellor care). The agent may still complete it sooner: their choice.
 */
export function contactWrapUpEndsAt(
  contact: Pick<ContactView, 'stateChangedAt' | 'priority' | 'riskFlags'>,
  wrapUpSeconds: number,
  care: Pick<CareSettings, 'pauseAfterHighRiskSeconds'>,
): number {
  return wrapUpEndsAt(contact.stateChangedAt, wrapUpSeconds, isHighRisk(contact) ? care.pauseAfterHighRiskSeconds : 0);
}

/**
 * A contact after its offer was accepted: the conversation, wrap-up, completion, a transfer to another queue, or the
 * caller leaving. Each end gives the agent's room back in the index and routes them again.
 */
@Injectable()
export class Conversations {
  private readonly warn = sideEffectWarning(new Logger(Conversations.name));

  constructor(
    private readonly index: RoutingIndex,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly agents: AgentsService,
    private readonly routing: Routing,
    private readonly offers: OfferLifecycle,
    private readonly agentStates: AgentStateSettler,
    private readonly care: CareSettingsService,
  ) {}

  /**
   * The conversation is over; the agent writes up (wrap-up) before completing. An agent whose last conversation ended
   * is in wrap-up too, which ends by itself after their wrap-up time (see endDueWrapUps).
   */
  async endConversation(helplineId: string, agentId: string, contactId: string): Promise<ContactView> {
    await this.ownContact(helplineId, agentId, contactId, 'end-conversation');
    const ended = await this.contacts.transition(
      helplineId,
      contactId,
      'end-conversation',
      { kind: 'agent', id: agentId },
      { expectedState: 'connected', expectedAgentId: agentId },
    );
    await this.wrapUpIfIdle(helplineId, agentId);
    return ended;
  }

  /** Wrap-up done: the contact is completed, and the agent's capacity comes back for the next one. */
  async complete(helplineId: string, agentId: string, contactId: string): Promise<ContactView> {
    await this.ownContact(helplineId, agentId, contactId, 'finish-wrap-up');
    return this.finishWrapUp(helplineId, agentId, contactId, { kind: 'agent', id: agentId });
  }

  /**
   * The agent hands the caller to another queue: the agent's room comes back at once (no wrap-up for a handed-over
   * caller; a note can still be written on the case), and the caller is routed in the new queue at their place.
   */
  async transfer(helplineId: string, agentId: string, contactId: string, toQueueId: string): Promise<ContactView> {
    await this.ownContact(helplineId, agentId, contactId, 'transfer');
    const moved = await this.contacts.transfer(helplineId, contactId, toQueueId, agentId);
    await this.index.store.release(helplineId, agentId, contactId);
    await this.routing.routeContact(helplineId, contactId);
    await this.settleAfterRelease(helplineId, agentId);
    return moved;
  }

  /** After giving a contact back: available with nothing held, wrap-up with no conversation left; routed again. */
  private async settleAfterRelease(helplineId: string, agentId: string): Promise<void> {
    const held = await this.contacts.heldBy(helplineId, agentId);
    if (held.length === 0) await this.agentStates.settle(helplineId, agentId, 'available');
    else if (!held.some((c) => c.state === 'connected'))
      await this.agentStates.settle(helplineId, agentId, 'wrap-up', await this.wrapUpFacts(helplineId, agentId, held));
    await this.routing.agentReady(helplineId, agentId);
  }

  /**
   * The agent no longer holds the contact though no conversation took place (a callback that did not reach the
   * caller): their room comes back at once, without wrap-up, and the contact is routed again (or waits for its time).
   */
  async handBack(helplineId: string, agentId: string, contactId: string): Promise<void> {
    await this.index.store.release(helplineId, agentId, contactId);
    await this.routing.routeContact(helplineId, contactId);
    await this.settleAfterRelease(helplineId, agentId);
  }

  /**
   * Wrap-up that ran past the agent's wrap-up time (and the care pause after a high-risk contact) ends by itself: the
   * contact is completed (an unfinished note stays a draft on the agent's desk) and the agent is free again, so a
   * surge never waits on paperwork.
   */
  async endDueWrapUps(): Promise<void> {
    const now = this.clock.nowMs();
    for (const helplineId of await this.index.store.activeHelplines()) {
      const contacts = await this.contacts.inState(helplineId, 'wrap-up');
      if (contacts.length === 0) continue;
      const care = await this.care.read(helplineId);
      for (const contact of contacts) {
        if (!contact.agentId) continue;
        const agent = await this.agents.getProfile(helplineId, contact.agentId).catch(() => undefined);
        if (!agent || now < contactWrapUpEndsAt(contact, agent.wrapUpSeconds, care)) continue;
        await this.finishWrapUp(helplineId, contact.agentId, contact.id, SYSTEM).catch((error: unknown) =>
          this.warn(error),
        );
      }
    }
  }

  /**
   * The caller left (hung up, or the contact ended elsewhere): out of the index, and the agent is told. A caller who
   * hangs up mid-conversation leaves the agent in wrap-up with that contact, as if the agent had ended it.
   */
  async contactLeft(helplineId: string, contact: ContactView): Promise<void> {
    const offer = await this.index.store.remove(helplineId, contact.id);
    if (offer) {
      await this.offers.notifyWithdrawn(offer, 'caller-left');
      await this.routing.agentReady(helplineId, offer.agentId);
    }
    if (contact.state === 'wrap-up' && contact.agentId) await this.wrapUpIfIdle(helplineId, contact.agentId);
  }

  /** An agent with no conversation left is in wrap-up (which then ends by itself or by their completing it). */
  private async wrapUpIfIdle(helplineId: string, agentId: string): Promise<void> {
    const held = await this.contacts.heldBy(helplineId, agentId);
    if (!held.some((c) => c.state === 'connected'))
      await this.agentStates.settle(helplineId, agentId, 'wrap-up', await this.wrapUpFacts(helplineId, agentId, held));
  }

  /**
   * When the agent's wrap-up ends by itself: when the last of their contacts in wrap-up is completed by endDueWrapUps
   * (the same rule), so the desk's countdown and the server agree. If it cannot be read, the agent's record falls back
   * to their own wrap-up time (the countdown then ends early; the contact's wrap-up still ends by the rule).
   */
  private async wrapUpFacts(helplineId: string, agentId: string, held: readonly ContactView[]): Promise<RoutingFacts> {
    const inWrapUp = held.filter((c) => c.state === 'wrap-up');
    if (inWrapUp.length === 0) return {};
    try {
      const [agent, care] = await Promise.all([
        this.agents.getProfile(helplineId, agentId),
        this.care.read(helplineId),
      ]);
      return { wrapUpEndsAt: Math.max(...inWrapUp.map((c) => contactWrapUpEndsAt(c, agent.wrapUpSeconds, care))) };
    } catch (error) {
      this.warn(error);
      return {};
    }
  }

  private async finishWrapUp(
    helplineId: string,
    agentId: string,
    contactId: string,
    actor: { kind: 'agent' | 'system'; id: string | null },
  ): Promise<ContactView> {
    const done = await this.contacts.transition(helplineId, contactId, 'finish-wrap-up', actor, {
      expectedState: 'wrap-up',
    });
    await this.index.store.release(helplineId, agentId, contactId);
    if ((await this.contacts.heldBy(helplineId, agentId)).length === 0) {
      await this.agents
        .changeState(helplineId, agentId, 'available', SYSTEM)
        .catch((error: unknown) => this.warn(error));
    }
    await this.routing.agentReady(helplineId, agentId);
    return done;
  }

  /**
   * Another agent's contact is "not found" (no hint that it exists); the agent's own contact in another state (the
   * caller hung up and it is already in wrap-up) is a conflict that says which state it is in.
   */
  private async ownContact(
    helplineId: string,
    agentId: string,
    contactId: string,
    change: 'end-conversation' | 'finish-wrap-up' | 'transfer',
  ) {
    const contact = await this.contacts.get(helplineId, contactId);
    if (contact.agentId !== agentId || !(ACTIVE_STATES as readonly string[]).includes(contact.state))
      throw new NotYourContactError();
    const expected = change === 'finish-wrap-up' ? 'wrap-up' : 'connected';
    if (contact.state !== expected) throw new IllegalTransitionError(contact.state, change);
    return contact;
  }
}
