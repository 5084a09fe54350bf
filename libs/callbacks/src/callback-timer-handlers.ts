import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvents, JobPayloads, Priority } from '@tuki/contracts';
import {
  Clock,
  HandlesJob,
  OutboxService,
  TransactionRunner,
  isOpenAt,
  nextOpenAt,
  type JobHandler,
} from '@tuki/platform';
import { ContactsService, RoutingQueuesService } from '@tuki/queueing';
import { overduePriority } from './callback-rules';
import { CallbackClosing } from './callback-closing';
import { CallbackTimers } from './callback-timers.service';
import { Callback } from './callback.entity';

type Payload<N extends keyof JobPayloads> = JobPayloads[N];

/** Reads the open callback a timer is about, inside the handler's transaction; undefined when it closed meanwhile. */
async function openCallback(manager: EntityManager, payload: { helplineId: string; callbackId: string }) {
  const row = await manager.findOneBy(Callback, { id: payload.callbackId, helplineId: payload.helplineId });
  return row?.status === 'open' ? row : undefined;
}

/**
 * The callback's not-before time came. Within the queue's opening hours it is announced due (routing then indexes it
 * at its first-arrival place); outside them it is moved to the next opening, so nobody is rung while nobody is on duty.
 */
@Injectable()
@HandlesJob('callbacks.come-due')
export class ComeDueHandler implements JobHandler<Payload<'callbacks.come-due'>> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly contacts: ContactsService,
    private readonly queues: RoutingQueuesService,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly timers: CallbackTimers,
    private readonly clock: Clock,
  ) {}

  async handle(payload: Payload<'callbacks.come-due'>): Promise<void> {
    const postponed = await this.transactions.run(async (manager) => {
      const callback = await openCallback(manager, payload);
      if (!callback || callback.openAttempt !== null) return undefined;
      const contact = await this.contacts.getWith(manager, payload.helplineId, callback.id);
      // A stale timer (the callback was rescheduled since): its own newer timer will do this.
      if (contact.state !== 'callback-pending' || contact.notBefore !== payload.notBefore) return undefined;
      const now = this.clock.nowMs();
      const hours = (await this.queues.get(payload.helplineId, contact.queueId)).openingHours;
      if (hours && !isOpenAt(hours, hours.timeZone, now)) {
        const opening = nextOpenAt(hours, hours.timeZone, now);
        // Never opening before its deadline: the deadline timer expires it.
        if (opening === undefined || opening >= callback.deadline) return undefined;
        await this.contacts.postponeWith(manager, payload.helplineId, callback.id, opening);
        await manager.update(Callback, { id: callback.id }, { nextAttemptAt: opening });
        return { callback, opening };
      }
      await this.outbox.append(manager, payload.helplineId, 'callback.due', {
        callbackId: callback.id,
        queueId: contact.queueId,
        attempt: callback.attemptsMade + 1,
      });
      return undefined;
    });
    if (postponed) await this.timers.schedule(postponed.callback, postponed.opening);
  }
}

/**
 * The promised time passed and nobody reached the caller: the callback is flagged overdue (an event for the
 * dashboard) and, while it waits, gains one priority level; the boost stops below urgent, and ordinary ageing goes on.
 */
@Injectable()
@HandlesJob('callbacks.flag-overdue')
export class FlagOverdueHandler implements JobHandler<Payload<'callbacks.flag-overdue'>> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly contacts: ContactsService,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly clock: Clock,
  ) {}

  async handle(payload: Payload<'callbacks.flag-overdue'>): Promise<void> {
    await this.transactions.run(async (manager) => {
      const callback = await openCallback(manager, payload);
      const now = this.clock.nowMs();
      if (!callback || callback.overdue) return;
      // BullMQ's delay runs on Redis' clock: a few ms early is a retry (with backoff), not a lost flag.
      if (now < callback.promisedBy) throw new TimerEarlyError();
      const priority = overduePriority(callback.basePriority as Priority, callback.promisedBy, now);
      await manager.update(Callback, { id: callback.id }, { overdue: true });
      const contact = await this.contacts.getWith(manager, payload.helplineId, callback.id);
      if (contact.priority !== priority && (contact.state === 'callback-pending' || contact.state === 'offered'))
        await this.contacts.rerankWith(manager, payload.helplineId, callback.id, { priority }, 'callback-overdue');
      await this.outbox.append(manager, payload.helplineId, 'callback.overdue', {
        callbackId: callback.id,
        queueId: contact.queueId,
        promisedBy: callback.promisedBy,
        priority,
      });
    });
  }
}

/**
 * Past its deadline, a callback nobody is dialling expires (reported, and its number shredded). One being dialled
 * now is left to its outcome, which expires it if the caller was not reached.
 */
@Injectable()
@HandlesJob('callbacks.expire-late')
export class ExpireLateHandler implements JobHandler<Payload<'callbacks.expire-late'>> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly contacts: ContactsService,
    private readonly closing: CallbackClosing,
    private readonly clock: Clock,
  ) {}

  async handle(payload: Payload<'callbacks.expire-late'>): Promise<void> {
    await this.transactions.run(async (manager) => {
      const callback = await openCallback(manager, payload);
      if (!callback || callback.openAttempt !== null) return;
      if (this.clock.nowMs() < callback.deadline) throw new TimerEarlyError();
      const contact = await this.contacts.getWith(manager, payload.helplineId, callback.id);
      if (contact.state !== 'callback-pending' && contact.state !== 'offered') return;
      await this.contacts.transitionWith(manager, payload.helplineId, callback.id, 'expire', SYSTEM, {
        reason: 'callback-deadline',
      });
      await this.closing.close(manager, callback, 'expired', { expired: 'deadline' });
    });
  }
}

const SYSTEM = { kind: 'system' as const, id: null };

class TimerEarlyError extends Error {
  constructor() {
    super('Callback timer ran before its time; BullMQ retries it');
  }
}
