import type { SupervisorSnapshot } from '@tuki/contracts';
import { api } from '../shared/dom';
import type { QueueSettings } from './queues-table';

/*
 * What the snapshot leaves out and the board needs: agents' display names and the queues' own settings (switched on,
 * callback threshold). Fetched over HTTP at sign-in, and again when the snapshot names an agent or a queue the page
 * has not heard of (a new colleague, a queue an admin just defined).
 */

/** The fields of GET /routing-queues the page reads. */
export interface RoutingQueueFields {
  id: string;
  open: boolean;
  callbackPolicy: { offerAfterWaitSeconds: number | null };
}

/** A new id is looked up at most this often, so an id the server cannot name does not cause a request per update. */
const LOOKUP_EVERY_MS = 3000;

export class Directory {
  readonly queues = new Map<string, QueueSettings>();
  /** agent id -> display name: the one piece of a person the dashboard shows. */
  readonly names = new Map<string, string>();
  private lastLookup = { queues: 0, names: 0 };

  constructor(
    private readonly token: () => string,
    private readonly onError: (message: string) => void,
  ) {}

  async load(): Promise<void> {
    await Promise.all([this.loadQueues(), this.loadNames()]);
  }

  /** Looks up ids in the snapshot the page cannot name yet; resolves true when anything new was learnt. */
  async catchUp(snapshot: SupervisorSnapshot, now: number): Promise<boolean> {
    const work: Promise<void>[] = [];
    if (snapshot.queues.some((q) => !this.queues.has(q.id)) && now - this.lastLookup.queues > LOOKUP_EVERY_MS) {
      this.lastLookup.queues = now;
      work.push(this.loadQueues());
    }
    if (snapshot.agents.some((a) => !this.names.has(a.agentId)) && now - this.lastLookup.names > LOOKUP_EVERY_MS) {
      this.lastLookup.names = now;
      work.push(this.loadNames());
    }
    await Promise.all(work);
    return work.length > 0;
  }

  /** The queue as a change request answered it. */
  remember(queue: RoutingQueueFields): void {
    this.queues.set(queue.id, {
      switchedOn: queue.open,
      callbackOfferAfterWaitSeconds: queue.callbackPolicy.offerAfterWaitSeconds,
    });
  }

  clear(): void {
    this.queues.clear();
    this.names.clear();
  }

  private async loadQueues(): Promise<void> {
    try {
      for (const queue of await api<RoutingQueueFields[]>('GET', '/routing-queues', this.token())) this.remember(queue);
    } catch (error) {
      this.onError(`Queue settings could not be loaded: ${(error as Error).message}`);
    }
  }

  private async loadNames(): Promise<void> {
    try {
      const users = await api<{ id: string; displayName: string }[]>('GET', '/staff/users', this.token());
      // Only the display name is kept: the list also carries logins, which the board has no use for.
      for (const user of users) this.names.set(user.id, user.displayName);
    } catch (error) {
      this.onError(`Agent names could not be loaded: ${(error as Error).message}`);
    }
  }
}
