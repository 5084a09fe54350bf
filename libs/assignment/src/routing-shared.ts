import type { Logger } from '@nestjs/common';
import type { CareSettings } from '@tuki/agents';
import type { ContactView, RoutingQueueView } from '@tuki/queueing';
import type { RoutingQueueDefinition } from './router';
import { isHighRisk, rankScore, type CareRules } from './routing-rules';
import type { QueuedEntry } from './routing-store';

/** An agent whose socket sent no heartbeat for this long is lost: offline, their offers back to the queue. */
export const PRESENCE_TTL_MS = 10_000;
/** Agents' sockets send a heartbeat this often (the agent desktop and tests use it). */
export const HEARTBEAT_EVERY_MS = 3_000;
/** An agent who declined or let an offer lapse is not offered that contact again for this long. */
export const COOLDOWN_MS = 60_000;
/** Agent states in which routing may offer: busy agents may still have room on another chat. */
export const ROUTABLE = new Set(['available', 'busy']);
/** The actor of every change routing makes on its own (offers, lapses, lost agents, overflow). */
export const SYSTEM = { kind: 'system' as const, id: null };

/** A routing queue's record as the routing core reads it (times in milliseconds). */
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

/** A contact's record as the index holds it in its queue (no personal data). */
export function entryOf(contact: ContactView, queue: RoutingQueueDefinition): QueuedEntry {
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
    highRisk: isHighRisk(contact),
  };
}

/** A helpline's care settings as the routing core applies them (times in milliseconds). */
export function toCareRules(settings: CareSettings): CareRules {
  return { highRiskCap: settings.highRiskCap, capOverrideAfterMs: settings.capOverrideAfterSeconds * 1000 };
}

/** Logs a side effect that failed after the change it followed was committed: that change stands, so no throw. */
export function sideEffectWarning(logger: Logger): (error: unknown) => void {
  return (error) => logger.warn(`Routing side effect failed: ${(error as Error).message}`);
}
