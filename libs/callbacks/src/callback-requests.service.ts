import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { DomainEvents, Priority } from '@tuki/contracts';
import { Clock, DataKeysService, KeyedHasher, OutboxService, TransactionRunner, encryptField } from '@tuki/platform';
import { ContactsService, IdempotencyConflictError, RoutingQueuesService, type Actor } from '@tuki/queueing';
import { callbackDeadline, firstAttemptAt, promiseTime, resolveWindow } from './callback-rules';
import { NUMBER_HASH_PURPOSE, toE164 } from './callback-number';
import { toCallbackView } from './callback-views';
import { CallbackTimers } from './callback-timers.service';
import { Callback, type CallbackSource } from './callback.entity';
import { CallbackRequestKey } from './callback-request.entity';
import { CallbackClosing } from './callback-closing';
import {
  CallbackAttemptConflictError,
  CallbackChangedConcurrentlyError,
  CallbackNotFoundError,
  CallbacksDisabledError,
  CallbackWindowUnreachableError,
} from './callbacks.errors';
import type { CallbackReceiptView, CallbackView, CreateCallbackDto, RequestCallbackDto } from './dto/callback.dto';

/** Where a request comes from, and what it needs from the rest of the system. */
export interface CallbackRequestContext {
  actor: Actor;
  source: CallbackSource;
  /** The helpline's zone: "17:00" in a window is local time there. */
  timeZone: string;
  /** The routing core's estimate of the wait at this place, for the promise; undefined when nobody is on duty. */
  estimatedWaitMs?: number;
}

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && /unique|duplicate/i.test((error as Error).message);

/**
 * Taking callback requests. The number is normalised to E.164 and from then on exists only sealed under the
 * callback's own data key; lookups use its keyed hash. A second request for a number with an open callback merges
 * into it and the earlier place wins. The database decides which request is first: two processes inserting the same
 * number race on a partial unique index, and the loser merges.
 */
@Injectable()
export class CallbackRequests {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly hasher: KeyedHasher,
    private readonly dataKeys: DataKeysService,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly timers: CallbackTimers,
    private readonly closing: CallbackClosing,
    private readonly clock: Clock,
  ) {}

  /**
   * A waiting caller asks to be called back: their contact becomes the callback and keeps its first arrival. Asking
   * again for the same contact answers as the first time did.
   */
  async requestForContact(
    helplineId: string,
    contactId: string,
    dto: RequestCallbackDto,
    context: CallbackRequestContext,
  ): Promise<CallbackReceiptView> {
    const contact = await this.contacts.get(helplineId, contactId);
    return this.take(helplineId, dto, context, contact.queueId, `contact:${contactId}`, {
      contactId,
      firstArrivedAt: contact.firstArrivedAt,
    });
  }

  /** A callback with no waiting contact behind it (web form, chat, an agent for a caller). */
  async create(helplineId: string, dto: CreateCallbackDto, context: CallbackRequestContext) {
    return this.take(helplineId, dto, context, dto.queueId, `request:${dto.idempotencyKey}`, {
      fresh: { idempotencyKey: dto.idempotencyKey, language: dto.language, topic: dto.topic, priority: dto.priority },
    });
  }

  /**
   * A follow-up call an agent scheduled from a case: the app passes the number (from the case, or typed by the agent)
   * straight here, and the case keeps only the callback's id. Deduplicated and ranked like any callback.
   */
  async scheduleFollowUp(
    helplineId: string,
    dto: Omit<CreateCallbackDto, 'source'>,
    context: Omit<CallbackRequestContext, 'source'>,
  ): Promise<CallbackReceiptView> {
    return this.create(helplineId, dto, { ...context, source: 'follow-up' });
  }

  private async take(
    helplineId: string,
    dto: RequestCallbackDto,
    context: CallbackRequestContext,
    queueId: string,
    requestKey: string,
    from:
      | { contactId: string; firstArrivedAt: number }
      | { fresh: { idempotencyKey: string; language: string; topic?: string; priority?: Priority } },
  ): Promise<CallbackReceiptView> {
    const number = toE164(dto.number);
    const numberHash = this.hasher.hash(NUMBER_HASH_PURPOSE, `${helplineId}|${number}`);
    const now = this.clock.nowMs();
    const window = resolveWindow(dto.window, context.timeZone, now);
    const queue = await this.queues.get(helplineId, queueId);
    if (!queue.callbackPolicy.enabled) throw new CallbacksDisabledError();
    const calendar = queue.openingHours;
    const zone = calendar?.timeZone ?? context.timeZone;
    const deadline = callbackDeadline(now, window, queue.callbackPolicy, calendar, zone);
    const notBefore = firstAttemptAt({ now, window, deadline, policy: queue.callbackPolicy, calendar, timeZone: zone });
    if (notBefore === undefined) throw new CallbackWindowUnreachableError();
    const promisedBy = promiseTime({
      earliest: notBefore,
      estimatedWaitMs: context.estimatedWaitMs,
      deadline,
      policy: queue.callbackPolicy,
      calendar,
      timeZone: zone,
    });
    const attempt = async (manager: EntityManager): Promise<{ receipt: CallbackReceiptView; row?: Callback }> => {
      const seen = await manager.findOneBy(CallbackRequestKey, { helplineId, requestKey });
      if (seen) return { receipt: await this.answerAgain(manager, seen, numberHash) };
      const open = await manager.findOneBy(Callback, { helplineId, numberHash, status: 'open' });
      if (open) {
        const receipt = await this.merge(manager, open, context, from);
        await this.remember(manager, helplineId, requestKey, open.id, true);
        return { receipt };
      }
      const contact =
        'contactId' in from
          ? await this.contacts.transitionWith(manager, helplineId, from.contactId, 'request-callback', context.actor, {
              expectedState: 'queued',
              notBefore,
            })
          : await this.contacts.createCallbackWith(
              manager,
              helplineId,
              context.actor,
              { queueId, ...from.fresh },
              notBefore,
            );
      const key = await this.dataKeys.create(manager, helplineId);
      const sealed = encryptField(key.plain, number, { recordId: contact.id, field: 'number' });
      key.plain.fill(0);
      const row = manager.create(Callback, {
        id: contact.id,
        helplineId,
        queueId: contact.queueId,
        source: context.source,
        status: 'open',
        numberHash,
        numberSealed: sealed.toString('base64'),
        dataKeyId: key.id,
        requestedAt: now,
        windowStart: window.start,
        windowEnd: window.end,
        promisedBy,
        deadline,
        basePriority: contact.priority,
        overdue: false,
        attemptsMade: 0,
        openAttempt: null,
        nextAttemptAt: notBefore,
        mergedRequests: 0,
        closedAt: null,
        version: 1,
      });
      await manager.insert(Callback, row);
      await this.remember(manager, helplineId, requestKey, row.id, false);
      await this.outbox.append(manager, helplineId, 'callback.requested', {
        callbackId: row.id,
        queueId: row.queueId,
        source: row.source,
        merged: false,
        promisedBy,
        notBefore,
        deadline,
      });
      if (notBefore <= now)
        await this.outbox.append(manager, helplineId, 'callback.due', {
          callbackId: row.id,
          queueId: row.queueId,
          attempt: 1,
        });
      return { receipt: { callback: toCallbackView(row), merged: false }, row };
    };
    const result = await this.withRaceRetries(() => this.transactions.run(attempt));
    if (result.row) await this.timers.scheduleQuietly(result.row, notBefore);
    return result.receipt;
  }

  /**
   * Another process inserted the same number's callback, or the same request, at the same moment: a unique index
   * refused ours, and the next try finds theirs (to merge into, or to answer with). Never more than a few rounds.
   */
  private async withRaceRetries<T>(work: () => Promise<T>): Promise<T> {
    for (let round = 1; ; round++) {
      try {
        return await work();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (round >= 3) throw new CallbackChangedConcurrentlyError();
      }
    }
  }

  /** A request seen before gets its first answer (the callback as it is now); the same key for another number is a conflict. */
  private async answerAgain(
    manager: EntityManager,
    seen: CallbackRequestKey,
    numberHash: string,
  ): Promise<CallbackReceiptView> {
    const callback = await manager.findOneByOrFail(Callback, { id: seen.callbackId, helplineId: seen.helplineId });
    // A closed callback no longer knows its number's hash: the replay is answered as it stands.
    if (callback.status === 'open' && callback.numberHash !== numberHash) throw new IdempotencyConflictError();
    return { callback: toCallbackView(callback), merged: seen.merged };
  }

  private async remember(
    manager: EntityManager,
    helplineId: string,
    requestKey: string,
    callbackId: string,
    merged: boolean,
  ): Promise<void> {
    await manager.insert(CallbackRequestKey, {
      helplineId,
      requestKey,
      callbackId,
      merged,
      requestedAt: this.clock.nowMs(),
    });
  }

  /**
   * The number already has an open callback: this request joins it. A live caller's contact ends (`merged`) and, if
   * they arrived before the callback's contact, the callback takes their earlier place.
   */
  private async merge(
    manager: EntityManager,
    open: Callback,
    context: CallbackRequestContext,
    from: { contactId: string; firstArrivedAt: number } | { fresh: unknown },
  ): Promise<CallbackReceiptView> {
    if ('contactId' in from) {
      await this.contacts.transitionWith(manager, open.helplineId, from.contactId, 'merge-callback', context.actor, {
        expectedState: 'queued',
        reason: 'merged-into-callback',
      });
      const current = await this.contacts.getWith(manager, open.helplineId, open.id);
      if (from.firstArrivedAt < current.firstArrivedAt && current.state !== 'connected')
        await this.contacts.rerankWith(
          manager,
          open.helplineId,
          open.id,
          { firstArrivedAt: from.firstArrivedAt },
          'merged-earlier-request',
        );
    }
    // A counter, not a versioned change: fifty requests merging at once must all succeed.
    await manager.increment(Callback, { id: open.id }, 'mergedRequests', 1);
    open.mergedRequests += 1;
    await this.outbox.append(manager, open.helplineId, 'callback.requested', {
      callbackId: open.id,
      queueId: open.queueId,
      source: context.source,
      merged: true,
      promisedBy: open.promisedBy,
      notBefore: open.nextAttemptAt ?? open.windowStart,
      deadline: open.deadline,
    });
    return { callback: toCallbackView(open), merged: true };
  }

  /**
   * Withdraws a callback nobody is ringing yet (the caller through their channel, or a supervisor): its contact ends
   * `abandoned` and its number is shredded. One being dialled now cannot be withdrawn; its outcome closes it.
   */
  async cancel(
    helplineId: string,
    callbackId: string,
    actor: Actor,
    by: 'caller' | 'supervisor',
  ): Promise<CallbackView> {
    return this.transactions.run(async (manager) => {
      const callback = await manager.findOneBy(Callback, { id: callbackId, helplineId });
      if (!callback) throw new CallbackNotFoundError();
      const contact = await this.contacts.getWith(manager, helplineId, callbackId);
      if (callback.status !== 'open' || callback.openAttempt !== null || contact.state === 'connected')
        throw new CallbackAttemptConflictError('Only a callback that is waiting can be cancelled');
      await this.contacts.transitionWith(manager, helplineId, callbackId, 'abandon', actor, {
        reason: `callback-cancelled-by-${by}`,
      });
      await this.closing.close(manager, callback, 'cancelled', { cancelledBy: by });
      return toCallbackView(callback);
    });
  }
}
