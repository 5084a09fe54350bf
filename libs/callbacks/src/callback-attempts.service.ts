import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DIALLER, type Dialler, type DomainEvents } from '@tuki/contracts';
import { Clock, DataKeysService, OutboxService, TransactionRunner, decryptField } from '@tuki/platform';
import { ContactsService, RoutingQueuesService, type ContactView } from '@tuki/queueing';
import { retryAt } from './callback-rules';
import { CallbackAttempt, type CallbackOutcome } from './callback-attempt.entity';
import { CallbackClosing } from './callback-closing';
import { CallbackTimers } from './callback-timers.service';
import { toCallbackView } from './callback-views';
import { Callback } from './callback.entity';
import {
  CallbackAttemptConflictError,
  CallbackChangedConcurrentlyError,
  CallbackNotFoundError,
} from './callbacks.errors';
import type { CallbackView, DialView } from './dto/callback.dto';

/** What an outcome did: the callback, and its contact (still connected when reached; else waiting or expired). */
export interface OutcomeResult {
  callback: CallbackView;
  contact: ContactView;
  /** Not reached: the agent no longer holds the contact and is free for the next one. */
  released: boolean;
  /** The attempt's agent. */
  agentId: string;
}

/**
 * Dialling. The agent who accepted a callback's offer starts its next attempt; (callback, attempt number) is the
 * attempt's primary key, so it is started once only. Only that agent, only while the attempt is open, gets the
 * number (in manual mode; a provider dialler never shows it). The outcome closes the attempt: reached completes the
 * callback and shreds the number; not reached schedules the next attempt or expires it.
 */
@Injectable()
export class CallbackAttempts {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly dataKeys: DataKeysService,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly closing: CallbackClosing,
    private readonly timers: CallbackTimers,
    private readonly clock: Clock,
    @Inject(DIALLER) private readonly dialler: Dialler,
  ) {}

  /** Starts the next attempt (or, for the same agent, answers with the one already open: a reload is not a redial). */
  async start(helplineId: string, agentId: string, callbackId: string): Promise<DialView> {
    const { attemptNo, number } = await this.transactions.run(async (manager) => {
      const callback = await this.dialling(manager, helplineId, agentId, callbackId);
      let attempt = callback.openAttempt;
      if (attempt === null) {
        attempt = callback.attemptsMade + 1;
        await manager.insert(CallbackAttempt, {
          callbackId,
          attemptNo: attempt,
          helplineId,
          agentId,
          dialMode: this.dialler.mode,
          startedAt: this.clock.nowMs(),
          endedAt: null,
          outcome: null,
          numberReads: 0,
        });
        const changed = await manager.update(
          Callback,
          { id: callbackId, version: callback.version },
          { openAttempt: attempt, version: callback.version + 1 },
        );
        if (!changed.affected) throw new CallbackChangedConcurrentlyError();
        await this.outbox.append(manager, helplineId, 'callback.attempt-started', {
          callbackId,
          queueId: callback.queueId,
          attempt,
          agentId,
        });
      } else {
        const open = await manager.findOneBy(CallbackAttempt, { callbackId, attemptNo: attempt });
        if (open?.agentId !== agentId) throw new CallbackNotFoundError();
      }
      // Read (and counted as read) in both modes: the agent sees it in manual mode; in provider mode only the
      // provider's request carries it, and the view never shows it.
      const number = await this.readNumber(manager, callback, attempt);
      return { attemptNo: attempt, number };
    });
    const dialled = await this.dialler.dial({ helplineId, callbackId, attempt: attemptNo, agentId, number });
    return dialled.mode === 'manual'
      ? { callbackId, attempt: attemptNo, mode: 'manual', number: dialled.number }
      : { callbackId, attempt: attemptNo, mode: 'provider', callId: dialled.callId };
  }

  /**
   * Records how the attempt went: by its agent, by a supervisor for an attempt its agent left open (their desk went
   * away mid-call), so no callback is stuck with an attempt nobody will finish, or by the provider's dialler that
   * placed the call and saw how it ended. `timeZone`: the helpline's, for a queue without opening hours of its own.
   */
  async recordOutcome(
    helplineId: string,
    by: { agentId: string } | { supervisorId: string } | { dialler: string },
    callbackId: string,
    attemptNo: number,
    outcome: CallbackOutcome,
    timeZone: string,
  ): Promise<OutcomeResult> {
    const result = await this.transactions.run(async (manager) => {
      const attempt = await manager.findOneBy(CallbackAttempt, { callbackId, attemptNo, helplineId });
      if (!attempt || ('agentId' in by && attempt.agentId !== by.agentId)) throw new CallbackNotFoundError();
      const agentId = attempt.agentId;
      const callback = await this.dialling(manager, helplineId, agentId, callbackId);
      if (callback.openAttempt !== attemptNo || attempt.outcome !== null)
        throw new CallbackAttemptConflictError(`Attempt ${attemptNo} is not open`);
      const now = this.clock.nowMs();
      await manager.update(CallbackAttempt, { callbackId, attemptNo }, { outcome, endedAt: now });
      const changed = await manager.update(
        Callback,
        { id: callbackId, version: callback.version },
        { openAttempt: null, attemptsMade: attemptNo, version: callback.version + 1 },
      );
      if (!changed.affected) throw new CallbackChangedConcurrentlyError();
      Object.assign(callback, { openAttempt: null, attemptsMade: attemptNo, version: callback.version + 1 });
      const actor =
        'agentId' in by
          ? { kind: 'agent' as const, id: agentId }
          : 'supervisorId' in by
            ? { kind: 'supervisor' as const, id: by.supervisorId }
            : { kind: 'system' as const, id: by.dialler };
      let next: number | undefined;
      let contact: ContactView;
      if (outcome === 'reached') {
        // The conversation goes on as any other; the number is no longer needed.
        contact = await this.contacts.getWith(manager, helplineId, callbackId);
        await this.closing.close(manager, callback, 'completed');
      } else {
        const queue = await this.queues.get(helplineId, callback.queueId);
        const hours = queue.openingHours;
        // A wrong number is never rung again: it belongs to someone else.
        next =
          outcome === 'wrong-number'
            ? undefined
            : retryAt({
                attemptsMade: attemptNo,
                lastAttemptEndedAt: now,
                deadline: callback.deadline,
                policy: queue.callbackPolicy,
                calendar: hours,
                timeZone: hours?.timeZone ?? timeZone,
              });
        if (next !== undefined) {
          contact = await this.contacts.transitionWith(manager, helplineId, callbackId, 'callback-retry', actor, {
            expectedState: 'connected',
            expectedAgentId: agentId,
            notBefore: next,
            reason: outcome,
          });
          await manager.update(Callback, { id: callbackId }, { nextAttemptAt: next });
          callback.nextAttemptAt = next;
        } else {
          contact = await this.contacts.transitionWith(manager, helplineId, callbackId, 'expire', actor, {
            expectedState: 'connected',
            expectedAgentId: agentId,
            reason: outcome,
          });
          const reason =
            outcome === 'wrong-number' ? 'wrong-number' : now >= callback.deadline ? 'deadline' : 'attempts';
          await this.closing.close(manager, callback, 'expired', { expired: reason });
        }
      }
      await this.outbox.append(manager, helplineId, 'callback.attempt-ended', {
        callbackId,
        queueId: callback.queueId,
        attempt: attemptNo,
        agentId,
        outcome,
        nextAttemptAt: next ?? null,
      });
      return { callback, contact, next, agentId };
    });
    if (result.next !== undefined) await this.timers.scheduleQuietly(result.callback, result.next);
    return {
      callback: toCallbackView(result.callback),
      contact: result.contact,
      released: outcome !== 'reached',
      agentId: result.agentId,
    };
  }

  /** Whether a contact's callback still needs an outcome before its conversation may end. */
  async outcomePending(helplineId: string, contactId: string): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const callback = await manager.findOneBy(Callback, { id: contactId, helplineId });
      return callback?.status === 'open';
    });
  }

  /** The open callback this agent is connected to (accepted its offer), or not found. */
  private async dialling(manager: EntityManager, helplineId: string, agentId: string, callbackId: string) {
    const callback = await manager.findOneBy(Callback, { id: callbackId, helplineId });
    if (!callback || callback.status !== 'open') throw new CallbackNotFoundError();
    const contact = await this.contacts.getWith(manager, helplineId, callbackId);
    if (contact.state !== 'connected' || contact.agentId !== agentId) throw new CallbackNotFoundError();
    return callback;
  }

  private async readNumber(manager: EntityManager, callback: Callback, attemptNo: number): Promise<string> {
    if (!callback.numberSealed) throw new CallbackNotFoundError();
    const key = await this.dataKeys.open(manager, callback.helplineId, callback.dataKeyId);
    await manager.increment(CallbackAttempt, { callbackId: callback.id, attemptNo }, 'numberReads', 1);
    return decryptField(key, Buffer.from(callback.numberSealed, 'base64'), { recordId: callback.id, field: 'number' });
  }
}
