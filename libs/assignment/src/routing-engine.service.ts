import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Clock, EventConsumers, isOpenAt, type DeliveredEvent } from '@tuki/platform';
import {
  ContactsService,
  RoutingQueuesService,
  isOfferable,
  shouldOfferCallback,
  type Actor,
  type ContactView,
  type RoutingQueueView,
} from '@tuki/queueing';
import { AgentPresence } from './agent-presence.service';
import { Conversations } from './conversations.service';
import type { ContactPositionView } from './dto/position.dto';
import { DEFAULT_HANDLE_MS, estimateWaitMs } from './estimated-wait';
import { IndexRebuild } from './index-rebuild.service';
import { OfferLifecycle } from './offer-lifecycle.service';
import type { RedisRoutingStore } from './redis-routing-store';
import { RoutingIndex } from './routing-index.service';
import { canServe } from './routing-rules';
import { ROUTABLE, sideEffectWarning, toRoutingQueue } from './routing-shared';
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
    this.consumers.registerIdempotent(
      'assignment.routing',
      [
        'contact.created',
        'contact.rank-changed',
        'callback.due',
        'callback.expired',
        'callback.cancelled',
        'agent.state-changed',
        'routing-queue.changed',
      ],
      (event) => this.onEvent(event),
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

  /**
   * One round of the background duties: rebuild an emptied index, reap lapsed offers, sweep lost agents (and, each
   * second, overflow, due wrap-ups and agents at their care cap whose held-back high-risk callers waited long enough).
   */
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
      await duty(() => this.routing.offerToAgentsAtCap());
    }
  }

  /** Routes a waiting contact: index it and offer it to the best agent who may serve it, if one has room. */
  routeContact(helplineId: string, contactId: string): Promise<void> {
    return this.routing.routeContact(helplineId, contactId);
  }

  /**
   * The agent's state changed in the record: the index learns at once (the event does it again, idempotently), so an
   * agent who stepped away is not offered a contact in the moment before the event is delivered.
   */
  async agentStateChanged(helplineId: string, agentId: string, state: string): Promise<void> {
    if (ROUTABLE.has(state)) await this.routing.agentReady(helplineId, agentId);
    else await this.routing.agentGone(helplineId, agentId);
  }

  /** The agent can take work (available, or room freed): mirror them into the index and offer them the best contact. */
  agentReady(helplineId: string, agentId: string): Promise<void> {
    return this.routing.agentReady(helplineId, agentId);
  }

  /** The caller's place in their queue and the estimated wait (see estimateWaitMs for the definition). */
  async position(helplineId: string, contactId: string): Promise<ContactPositionView> {
    const contact = await this.contacts.get(helplineId, contactId);
    const now = this.clock.nowMs();
    const { serving, estimate, queue } = await this.estimate(helplineId, contact, async () =>
      this.store.position(helplineId, { contactId, queueId: contact.queueId, language: contact.language }),
    );
    const base = { contactId, state: contact.state, servingAgents: serving, offerCallback: false };
    if (contact.state === 'offered') return { ...base, position: 0, estimatedWaitSeconds: 0 };
    if (!isOfferable(contact, now) || estimate.position === undefined)
      return { ...base, position: null, estimatedWaitSeconds: null };
    // The first estimate is kept, and compared with the real wait when the caller is answered.
    if (estimate.ms !== undefined) await this.contacts.recordQuote(helplineId, contactId, estimate.ms);
    const estimatedWaitSeconds = estimate.ms === undefined ? null : Math.ceil(estimate.ms / 1000);
    const hours = queue?.openingHours ?? null;
    const offerCallback =
      contact.state === 'queued' &&
      queue !== undefined &&
      shouldOfferCallback(queue.callbackPolicy, estimatedWaitSeconds, !hours || isOpenAt(hours, hours.timeZone, now));
    return { ...base, position: estimate.position, estimatedWaitSeconds, offerCallback };
  }

  /**
   * The estimated wait of someone joining the back of a queue now (a callback asked for on a web form, say), or
   * undefined when nobody who could answer is on duty.
   */
  async estimateAtBack(
    helplineId: string,
    contact: Pick<ContactView, 'queueId' | 'language' | 'channel' | 'priority'>,
  ): Promise<number | undefined> {
    const waiting = () => this.store.waitingCount(helplineId, contact.queueId, contact.language);
    const { estimate } = await this.estimate(
      helplineId,
      { ...contact, id: '', firstArrivedAt: this.clock.nowMs() },
      async () => (await waiting()) + 1,
    );
    return estimate.ms;
  }

  private async estimate(
    helplineId: string,
    contact: Pick<ContactView, 'id' | 'queueId' | 'language' | 'channel' | 'priority' | 'firstArrivedAt'>,
    positionOf: () => Promise<number | undefined>,
  ): Promise<{ serving: number; estimate: { position?: number; ms?: number }; queue?: RoutingQueueView }> {
    const view = (await this.queues.list(helplineId)).find((q) => q.id === contact.queueId);
    const queue = view && toRoutingQueue(view);
    const now = this.clock.nowMs();
    const serving = queue
      ? (await this.store.availableAgents(helplineId)).filter((a) =>
          canServe({ id: a.agentId, languages: a.languages, skills: a.skills }, contact, queue, now),
        )
      : [];
    const position = await positionOf();
    if (position === undefined) return { serving: serving.length, estimate: {}, queue: view };
    const capacities = serving.map((a) => a.capacity[contact.channel]);
    const ms = estimateWaitMs({
      position,
      servingAgents: serving.length,
      capacityPerAgent: capacities.length ? Math.min(...capacities) : 0,
      averageHandleMs: (await this.contacts.averageHandleMs(helplineId, contact.queueId)) ?? DEFAULT_HANDLE_MS,
    });
    return { serving: serving.length, estimate: { position, ms }, queue: view };
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

  /**
   * The agent no longer holds a contact that did not end in a conversation (a callback not reached): their room comes
   * back, and the contact is routed again when it comes due.
   */
  handBack(helplineId: string, agentId: string, contactId: string): Promise<void> {
    return this.conversations.handBack(helplineId, agentId, contactId);
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
    const payload = event.payload as { contactId?: string; callbackId?: string; agentId?: string; to?: string };
    // A callback's id is its contact's id.
    const contactId = payload.contactId ?? payload.callbackId;
    if (
      (event.type === 'contact.created' || event.type === 'contact.rank-changed' || event.type === 'callback.due') &&
      contactId
    ) {
      // Indexes it at its (new) place, or takes a callback not yet due out of the index.
      await this.routing.routeContact(event.helplineId, contactId);
    } else if ((event.type === 'callback.expired' || event.type === 'callback.cancelled') && contactId) {
      await this.conversations.contactLeft(event.helplineId, await this.contacts.get(event.helplineId, contactId));
    } else if (event.type === 'agent.state-changed' && payload.agentId && payload.to) {
      await this.agentStateChanged(event.helplineId, payload.agentId, payload.to);
    } else if (event.type === 'routing-queue.changed') {
      // A queue opened, widened its steps or eased its skills: agents free now may take callers they could not.
      await this.routing.offerToAvailableAgents(event.helplineId);
    }
  }
}
