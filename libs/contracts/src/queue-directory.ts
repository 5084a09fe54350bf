import type { DomainEvents } from './domain-events';

/** What other domains may know of a routing queue's definition without importing queueing. */
export interface QueueSummary {
  id: string;
  name: string;
  languages: string[];
  targetAnswerSeconds: number;
  targetAnswerPercent: number;
  /** Switched on by a supervisor (opening hours apart). */
  isOpen: boolean;
  timeZone: string;
  openingHours: DomainEvents['routing-queue.calendar-changed']['openingHours'];
}

/**
 * The routing queues of a helpline, for domains that report on them (metrics). Implemented by queueing's
 * RoutingQueuesService and wired in the apps.
 */
export interface QueueDirectory {
  queuesOf(helplineId: string): Promise<QueueSummary[]>;
}

/** The injection token of the deployment's queue directory. */
export const QUEUE_DIRECTORY = Symbol('QUEUE_DIRECTORY');
