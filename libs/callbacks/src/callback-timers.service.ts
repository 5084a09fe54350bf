import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { Repository } from 'typeorm';
import type { JobPayloads } from '@tuki/contracts';
import { Clock, JobsService, REDIS, RedisKeys } from '@tuki/platform';
import { Callback } from './callback.entity';

/** Also re-add every open callback's timers this often, in case an add failed while Redis was away a moment. */
export const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * A callback's three timers as BullMQ delayed jobs: come due (its not-before time), flag overdue (its promise), and
 * expire late (its deadline). The record is the database: jobs carry ids only and every handler re-reads the row, so
 * a job that runs twice, late, or after the callback moved on changes nothing. Job ids are deterministic, so adding a
 * timer again is a no-op; when Redis comes back empty, every open callback's timers are added again from the rows.
 */
@Injectable()
export class CallbackTimers {
  private readonly logger = new Logger(CallbackTimers.name);
  private lastReconcile = 0;

  constructor(
    @InjectRepository(Callback) private readonly callbacks: Repository<Callback>,
    private readonly jobs: JobsService<JobPayloads>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
  ) {}

  /**
   * The timers of one callback, its next offer at `notBefore` (null: it is not waiting for one). A `notBefore` already
   * past gets a come-due timer only when `evenIfPast` (a reconcile, which cannot know whether its announcement was
   * lost): a request that is due at once announces it in its own transaction.
   */
  async schedule(callback: Callback, notBefore: number | null, evenIfPast = false): Promise<void> {
    const now = this.clock.nowMs();
    const base = { helplineId: callback.helplineId, callbackId: callback.id };
    const delay = (at: number) => Math.max(0, at - now);
    const jobs: Parameters<JobsService<JobPayloads>['addBulk']>[0] = [
      {
        name: 'callbacks.expire-late',
        payload: base,
        options: { jobId: `callback:${callback.id}:deadline`, delayMs: delay(callback.deadline) },
      },
    ];
    if (!callback.overdue)
      jobs.push({
        name: 'callbacks.flag-overdue',
        payload: base,
        options: { jobId: `callback:${callback.id}:overdue`, delayMs: delay(callback.promisedBy) },
      });
    if (notBefore !== null && (notBefore > now || evenIfPast))
      jobs.push({
        name: 'callbacks.come-due',
        payload: { ...base, notBefore },
        options: { jobId: `callback:${callback.id}:due:${notBefore}`, delayMs: delay(notBefore) },
      });
    await this.jobs.addBulk(jobs);
  }

  /**
   * schedule(), but a failure (Redis away) is logged, not thrown: the request it follows is committed and must be
   * answered; the reconcile round adds the timers again.
   */
  async scheduleQuietly(callback: Callback, notBefore: number | null): Promise<void> {
    await this.schedule(callback, notBefore).catch((error: unknown) =>
      this.logger.warn(`Callback timers deferred to the next reconcile: ${(error as Error).message}`),
    );
  }

  /**
   * Re-adds every open callback's timers when Redis lost them (its sentinel key is gone) or the reconcile interval
   * passed. Returns how many callbacks it covered, or 0 when there was nothing to do.
   */
  async reconcileIfNeeded(): Promise<number> {
    const sentinel = this.keys.key('cb', 'timers-epoch');
    const now = this.clock.nowMs();
    const lost = !(await this.redis.exists(sentinel));
    if (!lost && now - this.lastReconcile < RECONCILE_EVERY_MS) return 0;
    this.lastReconcile = now;
    const open = await this.callbacks.find({ where: { status: 'open' }, order: { requestedAt: 'ASC' } });
    // Come-due for every waiting callback, past ones too: one that came due between the index's rebuild and this
    // reconcile is in neither (the handler re-reads the row, so an extra announcement only routes it again).
    for (const callback of open)
      await this.schedule(callback, callback.openAttempt === null ? callback.nextAttemptAt : null, true);
    // Marked only once every timer is back: if Redis drops midway, the next check (a second later) starts again.
    await this.redis.set(sentinel, String(now));
    if (lost && open.length > 0) this.logger.log(`Callback timers rebuilt from the record (${open.length} open)`);
    return open.length;
  }
}
