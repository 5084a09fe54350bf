import { Injectable, Logger } from '@nestjs/common';
import { CHANNELS } from '@tuki/contracts';
import { Clock, RedisKeys } from '@tuki/platform';
import { AgentStateSettler } from './agent-state-settler.service';
import { OfferLifecycle } from './offer-lifecycle.service';
import { RoutingIndex } from './routing-index.service';
import { PRESENCE_TTL_MS, sideEffectWarning } from './routing-shared';
import { Routing } from './routing.service';
import { StaleHolds } from './stale-holds.service';

/**
 * Whether an agent's desk is still there: each socket heartbeats a key that expires after PRESENCE_TTL_MS, and the
 * sweep takes agents whose key expired out of routing.
 */
@Injectable()
export class AgentPresence {
  private readonly warn = sideEffectWarning(new Logger(AgentPresence.name));

  constructor(
    private readonly index: RoutingIndex,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly routing: Routing,
    private readonly offers: OfferLifecycle,
    private readonly staleHolds: StaleHolds,
    private readonly agentStates: AgentStateSettler,
  ) {}

  /** The agent's socket is alive. Sent on connect and every few seconds by the agent desktop. */
  async heartbeat(helplineId: string, agentId: string): Promise<void> {
    await this.index.redis.set(this.presenceKey(helplineId, agentId), '1', 'PX', PRESENCE_TTL_MS);
  }

  /**
   * Agents available in the index whose heartbeat stopped (their browser or their api process died) go offline, and
   * the offers they hold go back to their queues at once rather than at their deadlines.
   */
  async sweepLostAgents(): Promise<void> {
    const store = this.index.store;
    for (const helplineId of await store.activeHelplines()) {
      const available = await store.availableAgents(helplineId);
      // Agents who look full are where a lost release would hurt: check them against the record (one query).
      const full = available.filter((a) => CHANNELS.some((c) => a.capacity[c] > 0 && a.load[c] >= a.capacity[c]));
      for (const agentId of await this.staleHolds.release(
        helplineId,
        full.map((a) => a.agentId),
      ))
        await this.routing.agentReady(helplineId, agentId).catch((error: unknown) => this.warn(error));
      for (const agent of available) {
        if (await this.index.redis.exists(this.presenceKey(helplineId, agent.agentId))) continue;
        // Out of the index first (no new offers), then their offers back to the queue, then the record of the agent.
        await store.putAgent(helplineId, { ...agent, available: false });
        for (const offer of await store.offersHeldBy(helplineId, agent.agentId)) {
          const returned = await store.decline(helplineId, offer.contactId, agent.agentId, this.clock.nowMs(), 0);
          if (returned) await this.offers.backToQueue(helplineId, returned, 'agent-lost', 'agent-lost');
        }
        await this.agentStates.settle(helplineId, agent.agentId, 'offline');
      }
    }
  }

  private presenceKey(helplineId: string, agentId: string): string {
    return this.keys.key('rt', helplineId, 'presence', agentId);
  }
}
