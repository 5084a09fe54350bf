import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DataKeysService, OutboxService } from '@tuki/platform';
import type { DomainEvents } from '@tuki/contracts';
import { Callback, type CallbackStatus } from './callback.entity';
import { CallbackChangedConcurrentlyError } from './callbacks.errors';

/**
 * Closes a callback for good, in the caller's transaction: its number is crypto-shredded (the data key destroyed, the
 * sealed number and its hash cleared), so a later theft of the database, or of a backup taken after this commit,
 * finds nothing to dial. A completed callback also frees the number for a new request.
 */
@Injectable()
export class CallbackClosing {
  constructor(
    private readonly dataKeys: DataKeysService,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly clock: Clock,
  ) {}

  async close(
    manager: EntityManager,
    callback: Callback,
    status: Exclude<CallbackStatus, 'open'>,
    why: { expired?: DomainEvents['callback.expired']['reason']; cancelledBy?: 'caller' | 'supervisor' } = {},
  ): Promise<void> {
    const now = this.clock.nowMs();
    await this.dataKeys.shred(manager, callback.helplineId, callback.dataKeyId);
    const changes: Partial<Callback> = {
      status,
      closedAt: now,
      numberSealed: null,
      numberHash: null,
      openAttempt: null,
      nextAttemptAt: null,
      version: callback.version + 1,
    };
    const result = await manager.update(Callback, { id: callback.id, version: callback.version }, changes);
    if (!result.affected) throw new CallbackChangedConcurrentlyError();
    Object.assign(callback, changes);
    if (status === 'completed') {
      await this.outbox.append(manager, callback.helplineId, 'callback.completed', {
        callbackId: callback.id,
        queueId: callback.queueId,
        attempts: callback.attemptsMade,
        timeToCallbackMs: now - callback.requestedAt,
      });
    } else if (status === 'cancelled') {
      await this.outbox.append(manager, callback.helplineId, 'callback.cancelled', {
        callbackId: callback.id,
        queueId: callback.queueId,
        attempts: callback.attemptsMade,
        by: why.cancelledBy ?? 'caller',
      });
    } else {
      await this.outbox.append(manager, callback.helplineId, 'callback.expired', {
        callbackId: callback.id,
        queueId: callback.queueId,
        attempts: callback.attemptsMade,
        reason: why.expired ?? 'attempts',
      });
    }
  }
}
