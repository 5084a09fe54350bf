import { Injectable, Logger } from '@nestjs/common';
import { AgentsService } from '@tuki/agents';
import { Clock, RedisKeys } from '@tuki/platform';
import { ContactsService, RoutingQueuesService } from '@tuki/queueing';
import { AgentPresence } from './agent-presence.service';
import type { RoutingQueueDefinition } from './router';
import { RoutingIndex } from './routing-index.service';
import { SYSTEM, entryOf, sideEffectWarning, toRoutingQueue } from './routing-shared';
import { Routing } from './routing.service';

/**
 * Redis keeps nothing on disk here: after a restart the index is empty while the record still holds every waiting
 * contact. A sentinel key marks a built index; when it is missing, one process (under a short lock) rebuilds the
 * index from the rows: queued contacts and due callbacks at their places, offers that died with Redis back to queued, routable agents
 * with a fresh presence grace so their sockets can heartbeat again before the sweep.
 */
@Injectable()
export class IndexRebuild {
  private readonly logger = new Logger(IndexRebuild.name);
  private readonly warn = sideEffectWarning(this.logger);

  constructor(
    private readonly index: RoutingIndex,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly agents: AgentsService,
    private readonly routing: Routing,
    private readonly presence: AgentPresence,
  ) {}

  /** Rebuilds the index if it is empty and no other process is at it; true when this call rebuilt it. */
  async rebuildIfEmpty(): Promise<boolean> {
    const redis = this.index.redis;
    const epochKey = this.keys.key('rt', 'epoch');
    if (await redis.exists(epochKey)) return false;
    const lock = await redis.set(this.keys.key('rt', 'rebuild-lock'), '1', 'PX', 30_000, 'NX');
    if (lock !== 'OK') return false;
    try {
      const agents = await this.agents.routable();
      for (const agent of agents) {
        // The fresh presence grace: the same key a heartbeat sets.
        await this.presence.heartbeat(agent.helplineId, agent.id);
        await this.routing.mirrorAgent(agent.helplineId, agent);
      }
      const queuesByHelpline = new Map<string, RoutingQueueDefinition[]>();
      for (const contact of await this.contacts.waiting(this.clock.nowMs())) {
        let queues = queuesByHelpline.get(contact.helplineId);
        if (!queues) {
          // Closed queues too: their contacts keep their places for when they reopen.
          queues = (await this.queues.list(contact.helplineId)).map(toRoutingQueue);
          queuesByHelpline.set(contact.helplineId, queues);
        }
        const queue = queues.find((q) => q.queueId === contact.queueId);
        if (!queue) continue;
        if (contact.state === 'offered') {
          // An offer the index holds was made live, after this process found the index unbuilt (a fresh Redis
          // looks like an emptied one): it stands. Only offers the index has lost go back to the queue.
          const held = contact.agentId ? await this.index.store.offersHeldBy(contact.helplineId, contact.agentId) : [];
          if (held.some((offer) => offer.contactId === contact.id)) continue;
          await this.contacts
            .transition(contact.helplineId, contact.id, 'agent-lost', SYSTEM, {
              reason: 'index-rebuilt',
              expectedState: 'offered',
            })
            .catch((error: unknown) => this.warn(error));
        }
        await this.index.store.enqueue(contact.helplineId, entryOf(contact, queue));
      }
      await redis.set(epochKey, String(this.clock.nowMs()));
      this.logger.log(`Routing index rebuilt from the record (${agents.length} agents)`);
      // Now route: every agent with room takes the best contact waiting for them.
      for (const agent of agents)
        await this.routing.agentReady(agent.helplineId, agent.id).catch((error: unknown) => this.warn(error));
      return true;
    } finally {
      await redis.del(this.keys.key('rt', 'rebuild-lock'));
    }
  }
}
