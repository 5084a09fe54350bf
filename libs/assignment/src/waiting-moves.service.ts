import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@tuki/platform';
import {
  ContactsService,
  IllegalTransitionError,
  RoutingQueuesService,
  type Actor,
  type ContactView,
} from '@tuki/queueing';
import { RoutingIndex } from './routing-index.service';
import { SYSTEM, entryOf, toRoutingQueue } from './routing-shared';
import { Routing } from './routing.service';

/**
 * A waiting caller moves to another queue, keeping their first arrival: a supervisor sends them, or they waited past
 * their queue's maximum and overflow. Either way they leave the index's queue first, atomically, so a caller on offer
 * at that moment stays with their agent.
 */
@Injectable()
export class WaitingMoves {
  constructor(
    private readonly index: RoutingIndex,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly routing: Routing,
  ) {}

  /**
   * A supervisor sends a waiting caller to another queue (one with free agents, say). Taken out of the index's queue
   * first: a caller on offer at that moment is refused (try again in a moment) rather than pulled from the agent.
   */
  async moveWaiting(helplineId: string, contactId: string, toQueueId: string, actor: Actor): Promise<ContactView> {
    const contact = await this.contacts.get(helplineId, contactId);
    if (contact.state !== 'queued') throw new IllegalTransitionError(contact.state, 'transfer');
    const queue = (await this.queues.list(helplineId)).find((q) => q.id === contact.queueId);
    if (queue && !(await this.index.store.unqueue(helplineId, entryOf(contact, toRoutingQueue(queue)))))
      throw new IllegalTransitionError('offered', 'transfer');
    try {
      return await this.contacts.move(helplineId, contactId, toQueueId, 'transfer', actor);
    } finally {
      await this.routing.routeContact(helplineId, contactId);
    }
  }

  /**
   * Contacts that waited past their queue's maximum move to its overflow queue, keeping their first arrival. Only the
   * heads are looked at: they waited longest, so the cost does not grow with the number waiting.
   */
  async overflowLongWaits(): Promise<void> {
    const now = this.clock.nowMs();
    const store = this.index.store;
    for (const helplineId of await store.activeHelplines()) {
      const all = await this.queues.list(helplineId);
      const open = all.filter((q) => q.open).map(toRoutingQueue);
      for (const source of all) {
        if (!source.maxWaitSeconds || !source.overflowQueueId) continue;
        const target = open.find((q) => q.queueId === source.overflowQueueId);
        if (!target) continue;
        for (const language of source.languages) {
          // A caller is never moved to a queue that cannot speak their language.
          if (!target.languages.includes(language)) continue;
          for (const entry of await store.heads(helplineId, source.id, language, 20)) {
            if (now - entry.firstArrivedAt < source.maxWaitSeconds * 1000) continue;
            // Out of the index's queue first, atomically: a contact claimed meanwhile is on offer and stays put.
            if (!(await store.unqueue(helplineId, entry))) continue;
            try {
              await this.contacts.move(helplineId, entry.contactId, target.queueId, 'overflow', SYSTEM);
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
            }
            await this.routing.routeContact(helplineId, entry.contactId);
          }
        }
      }
    }
  }
}
