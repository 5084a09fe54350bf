import type { DomainEvents } from '@tuki/contracts';
import { OVERALL_SCOPE, counterField, languageScope, queueScope, type CounterName } from './counters';

/** The events the live metrics fold in. */
export const METRIC_EVENT_TYPES = [
  'contact.created',
  'contact.state-changed',
  'contact.moved',
  'contact.rank-changed',
  'callback.requested',
  'callback.due',
  'callback.overdue',
  'callback.attempt-started',
  'callback.attempt-ended',
  'callback.completed',
  'callback.cancelled',
  'callback.expired',
  'agent.state-changed',
  'agent.help-requested',
  'agent.help-acknowledged',
  // No figures of their own: a queue defined or changed shows on the dashboards at once.
  'routing-queue.changed',
  'routing-queue.calendar-changed',
] as const satisfies readonly (keyof DomainEvents)[];
export type MetricEventType = (typeof METRIC_EVENT_TYPES)[number];

/** An event as the live metrics see it: its payload, when it happened and its outbox order. */
export interface MetricEvent<T extends MetricEventType = MetricEventType> {
  id: string;
  type: T;
  payload: DomainEvents[T];
  occurredAt: number;
  seq: number;
}

/**
 * What one event changes: fields of one entity (a contact, a callback or an agent), each kept only if no later event
 * (by outbox seq) set it already; and counter increments (`<scope>|<counter>`), summed into the minute and the day of
 * the event.
 */
export interface MetricEffect {
  entity?: { kind: EntityKind; id: string; fields: Record<string, string> };
  counters: Record<string, number>;
}
export type EntityKind = 'contact' | 'callback' | 'agent' | 'help';

/** What the effects need to know beyond the event: each queue's target answer time. */
export interface EffectContext {
  targetAnswerSecondsOf(queueId: string): number;
}

const WAITING_FROM = new Set(['queued', 'offered']);
const OFFER_COUNTERS: Partial<Record<string, CounterName>> = {
  offer: 'offersMade',
  accept: 'offersAccepted',
  decline: 'offersDeclined',
  'offer-timeout': 'offersTimedOut',
};

/**
 * The effect of one event. Pure: the same event gives the same effect wherever and whenever it is delivered, so a
 * replay of the stored events rebuilds what the live deliveries built.
 */
export function effectOf(event: MetricEvent, context: EffectContext): MetricEffect {
  const counters: Record<string, number> = {};
  const count = (scopes: string[], name: CounterName, by = 1) => {
    for (const scope of scopes) counters[counterField(scope, name)] = (counters[counterField(scope, name)] ?? 0) + by;
  };
  switch (event.type) {
    case 'contact.created': {
      const p = event.payload as DomainEvents['contact.created'];
      count(scopesOf(p.queueId, p.language), 'arrivals');
      const state = p.channel === 'callback' ? 'callback-pending' : 'queued';
      return {
        entity: {
          kind: 'contact',
          id: p.contactId,
          fields: { q: p.queueId, l: p.language, ch: p.channel, fa: String(p.firstArrivedAt), s: state },
        },
        counters,
      };
    }
    case 'contact.state-changed': {
      const p = event.payload as DomainEvents['contact.state-changed'];
      const scopes = scopesOf(p.queueId, p.language);
      const offerCounter = OFFER_COUNTERS[p.change];
      if (offerCounter) count(scopes, offerCounter);
      const live = p.channel !== 'callback';
      const wait = p.waitMs ?? 0;
      const withinTarget = wait <= context.targetAnswerSecondsOf(p.queueId) * 1000;
      if (live && p.to === 'connected' && p.from === 'offered') {
        count(scopes, 'answered');
        count(scopes, 'answeredWaitMs', wait);
        if (withinTarget) count(scopes, 'answeredWithinTarget');
        if (p.quoteErrorMs !== null) {
          count(scopes, 'estimates');
          count(scopes, 'estimateErrorMs', p.quoteErrorMs);
          count(scopes, 'estimateAbsErrorMs', Math.abs(p.quoteErrorMs));
        }
      }
      if (live && p.to === 'abandoned' && WAITING_FROM.has(p.from)) {
        if (p.reason === 'short-abandon') {
          count(scopes, 'shortAbandons');
        } else {
          count(scopes, 'abandoned');
          count(scopes, 'abandonedWaitMs', wait);
          if (withinTarget) count(scopes, 'abandonedWithinTarget');
        }
      }
      if (p.from === 'connected') count(scopes, 'talkMs', p.inStateMs ?? 0);
      if (p.from === 'wrap-up') count(scopes, 'wrapMs', p.inStateMs ?? 0);
      if (p.change === 'finish-wrap-up') count(scopes, 'handled');
      return {
        entity: { kind: 'contact', id: p.contactId, fields: { s: p.to, q: p.queueId, l: p.language, ch: p.channel } },
        counters,
      };
    }
    case 'contact.moved': {
      const p = event.payload as DomainEvents['contact.moved'];
      return { entity: { kind: 'contact', id: p.contactId, fields: { q: p.toQueueId } }, counters };
    }
    case 'contact.rank-changed': {
      const p = event.payload as DomainEvents['contact.rank-changed'];
      return {
        entity: { kind: 'contact', id: p.contactId, fields: { q: p.queueId, fa: String(p.firstArrivedAt) } },
        counters,
      };
    }
    case 'callback.requested': {
      const p = event.payload as DomainEvents['callback.requested'];
      // A merged request joins an open callback: no new callback, and its place and promise stay the earlier ones.
      if (p.merged) return { counters };
      count([OVERALL_SCOPE, queueScope(p.queueId)], 'callbacksRequested');
      return callback(p.callbackId, { q: p.queueId, st: 'pending', pb: String(p.promisedBy) }, counters);
    }
    case 'callback.due': {
      const p = event.payload as DomainEvents['callback.due'];
      return callback(p.callbackId, { q: p.queueId, st: 'due' }, counters);
    }
    case 'callback.overdue': {
      const p = event.payload as DomainEvents['callback.overdue'];
      return callback(p.callbackId, { q: p.queueId, od: '1', pb: String(p.promisedBy) }, counters);
    }
    case 'callback.attempt-started': {
      const p = event.payload as DomainEvents['callback.attempt-started'];
      return callback(p.callbackId, { q: p.queueId, st: 'calling' }, counters);
    }
    case 'callback.attempt-ended': {
      const p = event.payload as DomainEvents['callback.attempt-ended'];
      // Not reached and trying again later: pending until it is due again. The last attempt's closing event follows.
      return p.nextAttemptAt === null
        ? { counters }
        : callback(p.callbackId, { q: p.queueId, st: 'pending' }, counters);
    }
    case 'callback.completed':
    case 'callback.cancelled':
    case 'callback.expired': {
      const p = event.payload as DomainEvents['callback.completed'];
      if (event.type === 'callback.completed') count([OVERALL_SCOPE, queueScope(p.queueId)], 'callbacksCompleted');
      if (event.type === 'callback.expired') count([OVERALL_SCOPE, queueScope(p.queueId)], 'callbacksExpired');
      return callback(p.callbackId, { q: p.queueId, st: 'closed' }, counters);
    }
    case 'agent.help-requested': {
      const p = event.payload as DomainEvents['agent.help-requested'];
      return {
        entity: {
          kind: 'help',
          id: p.requestId,
          fields: { st: 'open', ag: p.agentId, c: p.contactId ?? '', at: String(p.requestedAt) },
        },
        counters,
      };
    }
    case 'agent.help-acknowledged': {
      const p = event.payload as DomainEvents['agent.help-acknowledged'];
      return { entity: { kind: 'help', id: p.requestId, fields: { st: 'acknowledged', ag: p.agentId } }, counters };
    }
    case 'routing-queue.changed':
    case 'routing-queue.calendar-changed':
      return { counters };
    case 'agent.state-changed': {
      const p = event.payload as DomainEvents['agent.state-changed'];
      return {
        entity: {
          kind: 'agent',
          id: p.agentId,
          fields: { s: p.to, ar: p.reason ?? '', ls: (p.languages ?? []).join(','), since: String(event.occurredAt) },
        },
        counters,
      };
    }
  }
}

/** Events stored before they carried the language count overall and per queue only. */
function scopesOf(queueId: string, language: string | undefined): string[] {
  return language
    ? [OVERALL_SCOPE, queueScope(queueId), languageScope(language)]
    : [OVERALL_SCOPE, queueScope(queueId)];
}

function callback(id: string, fields: Record<string, string>, counters: Record<string, number>): MetricEffect {
  return { entity: { kind: 'callback', id, fields }, counters };
}
