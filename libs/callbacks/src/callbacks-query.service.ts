import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CallbackAttempt } from './callback-attempt.entity';
import { toAttemptView, toCallbackView } from './callback-views';
import { Callback, type CallbackStatus } from './callback.entity';
import { CallbackNotFoundError } from './callbacks.errors';
import type { CallbackDetailView, CallbackView } from './dto/callback.dto';

/** What supervisors see of callbacks: states, promises and attempts, never a number. */
@Injectable()
export class CallbacksQuery {
  constructor(
    @InjectRepository(Callback) private readonly callbacks: Repository<Callback>,
    @InjectRepository(CallbackAttempt) private readonly attempts: Repository<CallbackAttempt>,
  ) {}

  /** Open callbacks oldest request first; closed ones newest first. At most 500. */
  async list(helplineId: string, status: CallbackStatus): Promise<CallbackView[]> {
    const rows = await this.callbacks.find({
      where: { helplineId, status },
      order: status === 'open' ? { requestedAt: 'ASC' } : { closedAt: 'DESC' },
      take: 500,
    });
    return rows.map(toCallbackView);
  }

  async get(helplineId: string, callbackId: string): Promise<CallbackDetailView> {
    const row = await this.callbacks.findOneBy({ id: callbackId, helplineId });
    if (!row) throw new CallbackNotFoundError();
    const attempts = await this.attempts.find({ where: { callbackId, helplineId }, order: { attemptNo: 'ASC' } });
    return { ...toCallbackView(row), attempts: attempts.map(toAttemptView) };
  }
}
