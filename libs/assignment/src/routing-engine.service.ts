import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AgentsService, type AgentView } from '@tuki/agents';
import { CHANNELS, type OfferPayload } from '@tuki/contracts';
import {
  Clock,
  DomainError,
  EventConsumers,
  REDIS,
  RealtimePublisher,
  RedisKeys,
  rooms,
  type DeliveredEvent,
} from '@tuki/platform';
import {
  ContactsService,
  IllegalTransitionError,
  RoutingQueuesService,
  type Actor,
  type ContactView,
  type RoutingQueueView,
} from '@tuki/queueing';
import { NotYourContactError, OfferNotOpenError } from './assignment.errors';
import { RedisRoutingStore } from './redis-routing-store';
import { Router, type RoutingQueueDefinition } from './router';
import { canServe, rankScore } from './routing-rules';
import { DEFAULT_HANDLE_MS, estimateWaitMs } from './estimated-wait';
import type { ContactPositionView } from './dto/position.dto';
import type { Offer, QueuedEntry } from './routing-store';

export const ROUTING_OPTIONS = Symbol('ROUTING_OPTIONS');
export interface RoutingOptions {
  /** Run the lease reaper here (workers, and the zero-config single process). */
  runReaper: boolean;
}

const REAP_EVERY_MS = 250;
/** An agent whose socket sent no heartbeat for this long is lost: offline, their offers back to the queue. */
export const PRESENCE_TTL_MS = 10_000;
/** Agents' sockets send a heartbeat this often (the agent desktop and tests use it). */
export const HEARTBEAT_EVERY_MS = 3_000;
const SWEEP_EVERY_MS = 1_000;
/** An agent who declined or let an offer lapse is not offered that contact again for this long. */
const COOLDOWN_MS = 60_000;
/** Agent states in which routing may offer: busy agents may still have room on another chat. */
const ROUTABLE = new Set(['available', 'busy']);
const SYSTEM = { kind: 'system' as const, id: null };

export function toRoutingQueue(queue: RoutingQueueView): RoutingQueueDefinition {
  return {
    queueId: queue.id,
    requiredSkills: queue.requiredSkills,
    strategy: queue.strategy,
    ageingMs: queue.ageingSeconds * 1000,
    widening: queue.widening.map((step) => ({ afterMs: step.afterSeconds * 1000, relaxBy: step.relaxBy })),
    languages: queue.languages,
    offerTimeoutMs: queue.offerTimeoutSeconds * 1000,
    voiceBlocksChat: queue.voiceBlocksChat,
  };
}

/**
 * Where the record (the database) and the live index (Redis) meet. Every decision is written to the record first:
 * a claim in Redis becomes an offer only once the contact's row says `offered`; a lapsed lease goes back to `queued`
 * in the row before anything else happens. Offers reach agents over socket.io with their deadline.
 *
 * The live queue lives in Redis because routing needs atomic claims across processes and the heads of each queue in
 * O(log n); it holds no personal data and can be rebuilt from the rows at any time.
 */
@Injectable()
export class RoutingEngine implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingEngine.name);
  readonly store: RedisRoutingStore;
  private readonly router: Router;
  private readonly redis: Redis;
  private reaper?: NodeJS.Timeout;
  private reaping?: Promise<void>;
  private lastSweep = 0;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly agents: AgentsService,
    private readonly realtime: RealtimePublisher,
    private readonly consumers: EventConsumers,
    @Inject(ROUTING_OPTIONS) private readonly options: RoutingOptions,
  ) {
    // Its own connection: routing's scripts must not queue behind other commands, and they may wait for Redis.
    this.redis = redis.duplicate();
    this.store = new RedisRoutingStore(this.redis, keys);
    this.router = new Router(this.store, () => this.clock.nowMs(), COOLDOWN_MS);
  }

  onModuleInit(): void {
    this.consumers.registerIdempotent('assignment.routing', ['contact.created', 'agent.state-changed'], (event) =>
      this.onEvent(event),
    );
  }

  onApplicationBootstrap(): void {
    if (!this.options.runReaper) return;
    this.reaper = setInterval(() => {
      this.reaping ??= this.tick()
        .catch((error: unknown) => this.logger.warn(`Reaper paused: ${(error as Error).message}`))
        .finally(() => (this.reaping = undefined));
    }, REAP_EVERY_MS);
    this.reaper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.reaper);
    await this.reaping;
    this.redis.disconnect();
  }

  /** One round of the background duties: rebuild an emptied index, reap lapsed offers, sweep lost agents. */
  async tick(): Promise<void> {
    // Each duty on its own: a failing sweep must not stop lapsed offers from coming back on time.
    const duty = (work: () => Promise<unknown>) => work().catch((error: unknown) => this.warn(error));
    await duty(() => this.rebuildIfEmpty());
    await duty(() => this.reapAll());
    if (this.clock.nowMs() - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = this.clock.nowMs();
      await duty(() => this.sweepLostAgents());
      await duty(() => this.overflowLongWaits());
      await duty(() => this.endDueWrapUps());
    }
  }

  /** The agent's socket is alive. Sent on connect and every few seconds by the agent desktop. */
  async heartbeat(helplineId: string, agentId: string): Promise<void> {
    await this.redis.set(this.presenceKey(helplineId, agentId), '1', 'PX', PRESENCE_TTL_MS);
  }

  /**
   * Agents available in the index whose heartbeat stopped (their browser or their api process died) go offline, and
   * the offers they hold go back to their queues at once rather than at their deadlines.
   */
  async sweepLostAgents(): Promise<void> {
    for (const helplineId of await this.store.activeHelplines()) {
      const available = await this.store.availableAgents(helplineId);
      // Agents who look full are where a lost release would hurt: check them against the record (one query).
      const full = available.filter((a) => CHANNELS.some((c) => a.capacity[c] > 0 && a.load[c] >= a.capacity[c]));
      for (const agentId of await this.releaseStaleHolds(
        helplineId,
        full.map((a) => a.agentId),
      ))
        await this.agentReady(helplineId, agentId).catch((error: unknown) => this.warn(error));
      for (const agent of available) {
        if (await this.redis.exists(this.presenceKey(helplineId, agent.agentId))) continue;
        // Out of the index first (no new offers), then their offers back to the queue, then the record of the agent.
        await this.store.putAgent(helplineId, { ...agent, available: false });
        for (const offer of await this.store.offersHeldBy(helplineId, agent.agentId)) {
          const returned = await this.store.decline(helplineId, offer.contactId, agent.agentId, this.clock.nowMs(), 0);
          if (returned) await this.backToQueue(helplineId, returned, 'agent-lost', 'agent-lost');
        }
        await this.settleAgentState(helplineId, agent.agentId, 'offline');
      }
    }
  }

  /**
   * The index's holds are checked against the record: a contact the index says an agent holds, that is no open offer
   * and that the record does not give to that agent (offered, connected or in wrap-up), is released. That covers any
   * path where a release was lost (a process died between the record's change and the index's), so an agent never
   * looks full while free. An open offer is never released here: the record may not have caught up with the claim.
   */
  async releaseStaleHolds(helplineId: string, agentIds: readonly string[]): Promise<Set<string>> {
    const suspects: { agentId: string; contactId: string }[] = [];
    for (const agentId of agentIds) {
      for (const held of await this.store.held(helplineId, agentId))
        if (!held.offered) suspects.push({ agentId, contactId: held.contactId });
    }
    const released = new Set<string>();
    if (suspects.length === 0) return released;
    const holding = await this.contacts.holdingOf(helplineId, [...new Set(suspects.map((s) => s.agentId))]);
    const recorded = new Set(holding.map((c) => `${c.agentId}:${c.id}`));
    for (const { agentId, contactId } of suspects) {
      if (recorded.has(`${agentId}:${contactId}`)) continue;
      // Read again: between the two reads the record may have moved on with an accept still in flight.
      const contact = await this.contacts.get(helplineId, contactId).catch(() => undefined);
      if (contact && contact.agentId === agentId && ['offered', 'connected', 'wrap-up'].includes(contact.state))
        continue;
      await this.store.release(helplineId, agentId, contactId);
      released.add(agentId);
    }
    if (released.size > 0) this.logger.warn(`Released stale holds of ${released.size} agent(s): the record shows none`);
    return released;
  }

  /**
   * Contacts that waited past their queue's maximum move to its overflow queue, keeping their first arrival. Only the
   * heads are looked at: they waited longest, so the cost does not grow with the number waiting.
   */
  async overflowLongWaits(): Promise<void> {
    const now = this.clock.nowMs();
    for (const helplineId of await this.store.activeHelplines()) {
      const all = await this.queues.list(helplineId);
      const open = all.filter((q) => q.open).map(toRoutingQueue);
      for (const source of all) {
        if (!source.maxWaitSeconds || !source.overflowQueueId) continue;
        const target = open.find((q) => q.queueId === source.overflowQueueId);
        if (!target) continue;
        for (const language of source.languages) {
          // A caller is never moved to a queue that cannot speak their language.
          if (!target.languages.includes(language)) continue;
          for (const entry of await this.store.heads(helplineId, source.id, language, 20)) {
            if (now - entry.firstArrivedAt < source.maxWaitSeconds * 1000) continue;
            // Out of the index's queue first, atomically: a contact claimed meanwhile is on offer and stays put.
            if (!(await this.store.unqueue(helplineId, entry))) continue;
            try {
              await this.contacts.move(helplineId, entry.contactId, target.queueId, 'overflow', SYSTEM);
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
            }
            await this.routeContact(helplineId, entry.contactId);
          }
        }
      }
    }
  }

  /**
   * Redis keeps nothing on disk here: after a restart the index is empty while the record still holds every waiting
   * contact. A sentinel key marks a built index; when it is missing, one process (under a short lock) rebuilds the
   * index from the rows: queued contacts at their places, offers that died with Redis back to queued, routable agents
   * with a fresh presence grace so their sockets can heartbeat again before the sweep.
   */
  async rebuildIfEmpty(): Promise<boolean> {
    const epochKey = this.keys.key('rt', 'epoch');
    if (await this.redis.exists(epochKey)) return false;
    const lock = await this.redis.set(this.keys.key('rt', 'rebuild-lock'), '1', 'PX', 30_000, 'NX');
    if (lock !== 'OK') return false;
    try {
      const agents = await this.agents.routable();
      for (const agent of agents) {
        await this.redis.set(this.presenceKey(agent.helplineId, agent.id), '1', 'PX', PRESENCE_TTL_MS);
        await this.mirrorAgent(agent.helplineId, agent);
      }
      const queuesByHelpline = new Map<string, RoutingQueueDefinition[]>();
      for (const contact of await this.contacts.waiting()) {
        let queues = queuesByHelpline.get(contact.helplineId);
        if (!queues) {
          // Closed queues too: their contacts keep their places for when they reopen.
          queues = (await this.queues.list(contact.helplineId)).map(toRoutingQueue);
          queuesByHelpline.set(contact.helplineId, queues);
        }
        const queue = queues.find((q) => q.queueId === contact.queueId);
        if (!queue) continue;
        if (contact.state === 'offered') {
          await this.contacts
            .transition(contact.helplineId, contact.id, 'agent-lost', SYSTEM, {
              reason: 'index-rebuilt',
              expectedState: 'offered',
            })
            .catch((error: unknown) => this.warn(error));
        }
        await this.store.enqueue(contact.helplineId, this.entryOf(contact, queue));
      }
      await this.redis.set(epochKey, String(this.clock.nowMs()));
      this.logger.log(`Routing index rebuilt from the record (${agents.length} agents)`);
      // Now route: every agent with room takes the best contact waiting for them.
      for (const agent of agents)
        await this.agentReady(agent.helplineId, agent.id).catch((error: unknown) => this.warn(error));
      return true;
    } finally {
      await this.redis.del(this.keys.key('rt', 'rebuild-lock'));
    }
  }

  /** Routes a waiting contact: index it and offer it to the best agent who may serve it, if one has room. */
  async routeContact(helplineId: string, contactId: string): Promise<void> {
    const contact = await this.contacts.get(helplineId, contactId);
    if (contact.state !== 'queued') return;
    const queues = await this.routingQueues(helplineId);
    const queue = queues.find((q) => q.queueId === contact.queueId);
    if (!queue) return;
    const offers = await this.router.contactWaiting(helplineId, this.entryOf(contact, queue), queue, queues);
    for (const offer of offers) await this.commitOffer(helplineId, offer);
  }

  /** The caller's place in their queue and the estimated wait (see estimateWaitMs for the definition). */
  async position(helplineId: string, contactId: string): Promise<ContactPositionView> {
    const contact = await this.contacts.get(helplineId, contactId);
    const queues = (await this.queues.list(helplineId)).map(toRoutingQueue);
    const queue = queues.find((q) => q.queueId === contact.queueId);
    const now = this.clock.nowMs();
    const ranked = {
      id: contact.id,
      priority: contact.priority,
      language: contact.language,
      channel: contact.channel,
      firstArrivedAt: contact.firstArrivedAt,
    };
    const serving = queue
      ? (await this.store.availableAgents(helplineId)).filter((a) =>
          canServe({ id: a.agentId, languages: a.languages, skills: a.skills }, ranked, queue, now),
        )
      : [];
    const base = { contactId, state: contact.state, servingAgents: serving.length };
    if (contact.state === 'offered') return { ...base, position: 0, estimatedWaitSeconds: 0 };
    if (contact.state !== 'queued') return { ...base, position: null, estimatedWaitSeconds: null };
    const position = await this.store.position(helplineId, {
      contactId,
      queueId: contact.queueId,
      language: contact.language,
    });
    if (position === undefined) return { ...base, position: null, estimatedWaitSeconds: null };
    const capacities = serving.map((a) => a.capacity[contact.channel]);
    const estimate = estimateWaitMs({
      position,
      servingAgents: serving.length,
      capacityPerAgent: capacities.length ? Math.min(...capacities) : 0,
      averageHandleMs: (await this.contacts.averageHandleMs(helplineId, contact.queueId)) ?? DEFAULT_HANDLE_MS,
    });
    // The first estimate is kept, and compared with the real wait when the caller is answered.
    if (estimate !== undefined) await this.contacts.recordQuote(helplineId, contactId, estimate);
    return { ...base, position, estimatedWaitSeconds: estimate === undefined ? null : Math.ceil(estimate / 1000) };
  }

  /** The agent can take work (available, or room freed): mirror them into the index and offer them the best contact. */
  async agentReady(helplineId: string, agentId: string): Promise<void> {
    const agent = await this.agents.getProfile(helplineId, agentId);
    await this.mirrorAgent(helplineId, agent);
    await this.releaseStaleHolds(helplineId, [agentId]);
    if (!ROUTABLE.has(agent.state)) return;
    const offer = await this.router.agentAvailable(helplineId, agentId, await this.routingQueues(helplineId));
    if (offer) await this.commitOffer(helplineId, offer);
  }

  async accept(helplineId: string, agentId: string, contactId: string): Promise<ContactView> {
    const offer = await this.store.accept(helplineId, contactId, agentId);
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
      await this.store.release(helplineId, agentId, contactId);
      await this.agentReady(helplineId, agentId).catch((failure: unknown) => this.warn(failure));
      throw error;
    }
    await this.settleAgentState(helplineId, agentId, 'busy');
    return contact;
  }

  async decline(helplineId: string, agentId: string, contactId: string): Promise<void> {
    const offer = await this.router.decline(helplineId, contactId, agentId);
    if (!offer) throw new OfferNotOpenError();
    await this.backToQueue(helplineId, offer, 'decline', 'declined');
  }

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

  /** An agent with no conversation left is in wrap-up (which then ends by itself or by their completing it). */
  private async wrapUpIfIdle(helplineId: string, agentId: string): Promise<void> {
    const held = await this.contacts.heldBy(helplineId, agentId);
    if (!held.some((c) => c.state === 'connected')) await this.settleAgentState(helplineId, agentId, 'wrap-up');
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
    await this.store.release(helplineId, agentId, contactId);
    await this.routeContact(helplineId, contactId);
    const held = await this.contacts.heldBy(helplineId, agentId);
    if (held.length === 0) await this.settleAgentState(helplineId, agentId, 'available');
    else if (!held.some((c) => c.state === 'connected')) await this.settleAgentState(helplineId, agentId, 'wrap-up');
    await this.agentReady(helplineId, agentId);
    return moved;
  }

  /**
   * A supervisor sends a waiting caller to another queue (one with free agents, say). Taken out of the index's queue
   * first: a caller on offer at that moment is refused (try again in a moment) rather than pulled from the agent.
   */
  async moveWaiting(helplineId: string, contactId: string, toQueueId: string, actor: Actor): Promise<ContactView> {
    const contact = await this.contacts.get(helplineId, contactId);
    if (contact.state !== 'queued') throw new IllegalTransitionError(contact.state, 'transfer');
    const queue = (await this.queues.list(helplineId)).find((q) => q.id === contact.queueId);
    if (queue && !(await this.store.unqueue(helplineId, this.entryOf(contact, toRoutingQueue(queue)))))
      throw new IllegalTransitionError('offered', 'transfer');
    try {
      return await this.contacts.move(helplineId, contactId, toQueueId, 'transfer', actor);
    } finally {
      await this.routeContact(helplineId, contactId);
    }
  }

  /**
   * Wrap-up that ran past the agent's wrap-up time ends by itself: the contact is completed (an unfinished note stays
   * a draft on the agent's desk) and the agent is free again, so a surge never waits on paperwork.
   */
  async endDueWrapUps(): Promise<void> {
    const now = this.clock.nowMs();
    for (const helplineId of await this.store.activeHelplines()) {
      for (const contact of await this.contacts.inState(helplineId, 'wrap-up')) {
        if (!contact.agentId) continue;
        const agent = await this.agents.getProfile(helplineId, contact.agentId).catch(() => undefined);
        if (!agent || now - contact.stateChangedAt < agent.wrapUpSeconds * 1000) continue;
        await this.finishWrapUp(helplineId, contact.agentId, contact.id, SYSTEM).catch((error: unknown) =>
          this.warn(error),
        );
      }
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
    await this.store.release(helplineId, agentId, contactId);
    if ((await this.contacts.heldBy(helplineId, agentId)).length === 0) {
      await this.agents
        .changeState(helplineId, agentId, 'available', SYSTEM)
        .catch((error: unknown) => this.warn(error));
    }
    await this.agentReady(helplineId, agentId);
    return done;
  }

  /**
   * The caller left (hung up, or the contact ended elsewhere): out of the index, and the agent is told. A caller who
   * hangs up mid-conversation leaves the agent in wrap-up with that contact, as if the agent had ended it.
   */
  async contactLeft(helplineId: string, contact: ContactView): Promise<void> {
    const offer = await this.store.remove(helplineId, contact.id);
    if (offer) {
      await this.notifyWithdrawn(offer, 'caller-left');
      await this.agentReady(helplineId, offer.agentId);
    }
    if (contact.state === 'wrap-up' && contact.agentId) await this.wrapUpIfIdle(helplineId, contact.agentId);
  }

  /** Returns lapsed offers to their queues, records them, and routes the contacts again. */
  async reapAll(): Promise<void> {
    for (const helplineId of await this.store.activeHelplines()) {
      for (const offer of await this.router.reap(helplineId)) {
        // One offer's failure (the database away a moment) must not keep the others from coming back.
        await this.backToQueue(helplineId, offer, 'offer-timeout', 'offer-timeout').catch((error: unknown) =>
          this.warn(error),
        );
        await this.agents.recordMissedOffer(helplineId, offer.agentId).catch((error: unknown) => this.warn(error));
      }
    }
  }

  private async onEvent(event: DeliveredEvent): Promise<void> {
    const payload = event.payload as { contactId?: string; agentId?: string; to?: string };
    if (event.type === 'contact.created' && payload.contactId) {
      await this.routeContact(event.helplineId, payload.contactId);
    } else if (event.type === 'agent.state-changed' && payload.agentId) {
      if (payload.to === 'available' || payload.to === 'busy') await this.agentReady(event.helplineId, payload.agentId);
      else await this.agentGone(event.helplineId, payload.agentId);
    }
  }

  /** The agent stopped taking work: out of the available set; offers they hold go back to their queues. */
  private async agentGone(helplineId: string, agentId: string): Promise<void> {
    const agent = await this.agents.getProfile(helplineId, agentId);
    await this.mirrorAgent(helplineId, agent);
  }

  /**
   * Moves the agent as routing requires after a contact changed. The contact's change is already committed and stands;
   * a concurrent change of the same agent is retried, and a move the agent's state rules out (an agent who went away
   * stays away) is logged, not thrown.
   */
  private async settleAgentState(
    helplineId: string,
    agentId: string,
    to: 'busy' | 'wrap-up' | 'available' | 'offline',
  ): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await this.agents.changeState(helplineId, agentId, to, SYSTEM);
        return;
      } catch (error) {
        if (!(error instanceof DomainError) || (error.code === 'AGENT_CHANGED_CONCURRENTLY' && attempt < 3)) {
          if (!(error instanceof DomainError)) throw error;
          continue;
        }
        this.warn(error);
        return;
      }
    }
  }

  private presenceKey(helplineId: string, agentId: string): string {
    return this.keys.key('rt', helplineId, 'presence', agentId);
  }

  private async commitOffer(helplineId: string, offer: Offer, repaired = false): Promise<void> {
    let contact: ContactView;
    try {
      contact = await this.contacts.transition(helplineId, offer.contactId, 'offer', SYSTEM, {
        agentId: offer.agentId,
        expectedState: 'queued',
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
        if (ended || (await this.contacts.get(helplineId, offer.contactId)).state === 'queued')
          return this.commitOffer(helplineId, offer, true);
      }
      if (current && (current.state === 'queued' || current.state === 'offered')) {
        // Still waiting, but this claim could not be written: give it back to the queue at its place.
        const returned = await this.store.decline(helplineId, offer.contactId, offer.agentId, this.clock.nowMs(), 0);
        if (returned && current.state === 'queued') await this.routeContact(helplineId, offer.contactId);
      } else {
        // The row moved on (the caller hung up, or an agent took it): the claim must not stand.
        await this.store.remove(helplineId, offer.contactId);
      }
      await this.agentReady(helplineId, offer.agentId);
      return;
    }
    const payload: OfferPayload = {
      contactId: contact.id,
      queueId: contact.queueId,
      channel: contact.channel,
      language: contact.language,
      priority: contact.priority,
      riskFlags: contact.riskFlags,
      deadline: offer.deadline,
    };
    await this.realtime.publish(rooms.user(offer.agentId), 'offer.created', payload);
  }

  private async backToQueue(
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
      if (!current || !['queued', 'offered', 'callback-pending'].includes(current.state))
        await this.store.remove(helplineId, offer.contactId);
    }
    await this.notifyWithdrawn(offer, reason);
    await this.routeContact(helplineId, offer.contactId);
  }

  private async notifyWithdrawn(offer: Offer, reason: string): Promise<void> {
    await this.realtime
      .publish(rooms.user(offer.agentId), 'offer.withdrawn', { contactId: offer.contactId, reason })
      .catch((error: unknown) => this.warn(error));
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
    if (contact.agentId !== agentId || !['connected', 'wrap-up'].includes(contact.state))
      throw new NotYourContactError();
    const expected = change === 'finish-wrap-up' ? 'wrap-up' : 'connected';
    if (contact.state !== expected) throw new IllegalTransitionError(contact.state, change);
    return contact;
  }

  private async mirrorAgent(helplineId: string, agent: AgentView): Promise<void> {
    await this.store.putAgent(helplineId, {
      agentId: agent.id,
      languages: agent.languages,
      skills: agent.skills,
      capacity: agent.capacity,
      available: ROUTABLE.has(agent.state),
      idleSince: agent.stateChangedAt,
      lastOfferedAt: (await this.store.agent(helplineId, agent.id))?.lastOfferedAt ?? 0,
    });
  }

  private entryOf(contact: ContactView, queue: RoutingQueueDefinition): QueuedEntry {
    const ranked = { priority: contact.priority, firstArrivedAt: contact.firstArrivedAt };
    return {
      contactId: contact.id,
      queueId: contact.queueId,
      language: contact.language,
      channel: contact.channel,
      priority: ranked.priority,
      firstArrivedAt: contact.firstArrivedAt,
      score: rankScore(ranked, queue.ageingMs),
      version: contact.version,
    };
  }

  private async routingQueues(helplineId: string): Promise<RoutingQueueDefinition[]> {
    return (await this.queues.list(helplineId)).filter((q) => q.open).map(toRoutingQueue);
  }

  private warn(error: unknown): void {
    this.logger.warn(`Routing side effect failed: ${(error as Error).message}`);
  }
}
