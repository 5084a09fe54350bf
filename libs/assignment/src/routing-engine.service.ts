import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Clock, EventConsumers, type DeliveredEvent } from '@tuki/platform';
import { ContactsService, RoutingQueuesService, type Actor, type ContactView } from '@tuki/queueing';
import { AgentPresence } from './agent-presence.service';
import { Conversations } from './conversations.service';
import type { ContactPositionView } from './dto/position.dto';
import { DEFAULT_HANDLE_MS, estimateWaitMs } from './estimated-wait';
import { IndexRebuild } from './index-rebuild.service';
import { OfferLifecycle } from './offer-lifecycle.service';
import type { RedisRoutingStore } from './redis-routing-store';
import { RoutingIndex } from './routing-index.service';
import { canServe } from './routing-rules';
import { sideEffectWarning, toRoutingQueue } from './routing-shared';
import { Routing } from './routing.service';
import { WaitingMoves } from './waiting-moves.service';

export const ROUTING_OPTIONS = Symbol('ROUTING_OPTIONS');
export interface RoutingOptions {
  /** Run the lease reaper here (workers, and the zero-config single process). */
  runReaper: boolean;
}

const REAP_EVERY_MS = 250;
const SWEEP_EVERY_MS = 1_000;

/**
 * Where the record (the database) and the live index (Redis) meet, and the one door the apps use: it consumes the
 * events that start routing, runs the background duties, tells a caller their place, and hands each request to the
 * provider whose job it is (Routing, OfferLifecycle, AgentPresence, Conversations, WaitingMoves, IndexRebuild).
 */
@Injectable()
export class RoutingEngine implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingEngine.name);
  private readonly warn = sideEffectWarning(this.logger);
  readonly store: RedisRoutingStore;
  private reaper?: NodeJS.Timeout;
  private reaping?: Promise<void>;
  private lastSweep = 0;

  constructor(
    private readonly index: RoutingIndex,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly consumers: EventConsumers,
    @Inject(ROUTING_OPTIONS) private readonly options: RoutingOptions,
    private readonly routing: Routing,
    private readonly offers: OfferLifecycle,
    private readonly presence: AgentPresence,
    private readonly conversations: Conversations,
    private readonly moves: WaitingMoves,
    private readonly rebuild: IndexRebuild,
  ) {
    this.store = index.store;
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
    // Closed here, after the last round: the index's connection is shared by every routing provider.
    this.index.disconnect();
  }

  /** One round of the background duties: rebuild an emptied index, reap lapsed offers, sweep lost agents. */
  async tick(): Promise<void> {
    // Each duty on its own: a failing sweep must not stop lapsed offers from coming back on time.
    const duty = (work: () => Promise<unknown>) => work().catch((error: unknown) => this.warn(error));
    await duty(() => this.rebuild.rebuildIfEmpty());
    await duty(() => this.offers.reapAll());
    if (this.clock.nowMs() - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = this.clock.nowMs();
      await duty(() => this.presence.sweepLostAgents());
      await duty(() => this.moves.overflowLongWaits());
      await duty(() => this.conversations.endDueWrapUps());
    }
  }

  /** Routes a waiting contact: index it and offer it to the best agent who may serve it, if one has room. */
  routeContact(helplineId: string, contactId: string): Promise<void> {
    return this.routing.routeContact(helplineId, contactId);
  }

  /** The agent can take work (available, or room freed): mirror them into the index and offer them the best contact. */
  agentReady(helplineId: string, agentId: string): Promise<void> {
    return this.routing.agentReady(helplineId, agentId);
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

  /** The agent's socket is alive. Sent on connect and every few seconds by the agent desktop. */
  heartbeat(helplineId: string, agentId: string): Promise<void> {
    return this.presence.heartbeat(helplineId, agentId);
  }

  accept(helplineId: string, agentId: string, contactId: string): Promise<ContactView> {
    return this.offers.accept(helplineId, agentId, contactId);
  }

  decline(helplineId: string, agentId: string, contactId: string): Promise<void> {
    return this.offers.decline(helplineId, agentId, contactId);
  }

  /** The conversation is over; the agent writes up (wrap-up) before completing. */
  endConversation(helplineId: string, agentId: string, contactId: string): Promise<ContactView> {
    return this.conversations.endConversation(helplineId, agentId, contactId);
  }

  /** Wrap-up done: the contact is completed, and the agent's capacity comes back for the next one. */
  complete(helplineId: string, agentId: string, contactId: string): Promise<ContactView> {
    return this.conversations.complete(helplineId, agentId, contactId);
  }

  /** The agent hands the caller to another queue; the agent's room comes back at once. */
  transfer(helplineId: string, agentId: string, contactId: string, toQueueId: string): Promise<ContactView> {
    return this.conversations.transfer(helplineId, agentId, contactId, toQueueId);
  }

  /** The caller left (hung up, or the contact ended elsewhere): out of the index, and the agent is told. */
  contactLeft(helplineId: string, contact: ContactView): Promise<void> {
    return this.conversations.contactLeft(helplineId, contact);
  }

  /** A supervisor sends a waiting caller to another queue; a caller on offer at that moment is refused. */
  moveWaiting(helplineId: string, contactId: string, toQueueId: string, actor: Actor): Promise<ContactView> {
    return this.moves.moveWaiting(helplineId, contactId, toQueueId, actor);
  }

  private async onEvent(event: DeliveredEvent): Promise<void> {
    const payload = event.payload as { contactId?: string; agentId?: string; to?: string };
    if (event.type === 'contact.created' && payload.contactId) {
      await this.routing.routeContact(event.helplineId, payload.contactId);
    } else if (event.type === 'agent.state-changed' && payload.agentId) {
      if (payload.to === 'available' || payload.to === 'busy')
        await this.routing.agentReady(event.helplineId, payload.agentId);
      else await this.routing.agentGone(event.helplineId, payload.agentId);
    }
  }
}
