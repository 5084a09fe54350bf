import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLog, Clock, DomainError, TransactionRunner, type Principal } from '@tuki/platform';
import { DEFAULT_SURGE_THRESHOLDS, type SurgeThresholds } from '../surge-level';
import type { SurgeThresholdsDto } from '../dto/surge-thresholds.dto';
import { MetricContext } from './metric-context';
import { SurgeThresholdsRow } from './surge-thresholds.entity';

const CACHE_MS = 5_000;

export class InvalidSurgeThresholdsError extends DomainError {
  readonly code = 'INVALID_SURGE_THRESHOLDS';
  readonly kind = 'invalid' as const;
  /** `problems`: one "field: problem" each, for a form to show beside its field. */
  constructor(why: string, problems: string[] = []) {
    super(`Invalid surge thresholds: ${why}`, { details: { problems } });
  }
}

export class SurgeQueueNotFoundError extends DomainError {
  readonly code = 'ROUTING_QUEUE_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('No such routing queue in this helpline');
  }
}

/** Each queue's surge thresholds: set by supervisors, audited, read by the surge watch (cached a few seconds). */
@Injectable()
export class SurgeThresholdsService {
  private readonly cache = new Map<string, { at: number; rows: Promise<Map<string, SurgeThresholds>> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly context: MetricContext,
    private readonly clock: Clock,
  ) {}

  /** The thresholds of a queue: its own, or the defaults. */
  async of(helplineId: string, queueId: string): Promise<SurgeThresholds> {
    const now = this.clock.nowMs();
    let cached = this.cache.get(helplineId);
    if (!cached || now - cached.at >= CACHE_MS) {
      const rows = this.dataSource
        .getRepository(SurgeThresholdsRow)
        .findBy({ helplineId })
        .then(
          (found) =>
            new Map(found.map((r) => [r.queueId, { elevated: r.elevated, surge: r.surge, critical: r.critical }])),
        );
      cached = { at: now, rows };
      this.cache.set(helplineId, cached);
      rows.catch(() => this.cache.delete(helplineId));
    }
    return (await cached.rows).get(queueId) ?? { ...DEFAULT_SURGE_THRESHOLDS };
  }

  /** A queue's thresholds as a supervisor asks for them: a queue of another helpline does not exist. */
  async get(helplineId: string, queueId: string): Promise<SurgeThresholds> {
    await this.assertQueue(helplineId, queueId);
    return this.of(helplineId, queueId);
  }

  async set(principal: Principal, queueId: string, dto: SurgeThresholdsDto): Promise<SurgeThresholds> {
    if (!(dto.elevated < dto.surge && dto.surge < dto.critical)) {
      const problems = [
        ...(dto.surge <= dto.elevated ? ['surge: must be above elevated'] : []),
        ...(dto.critical <= dto.surge ? ['critical: must be above surge'] : []),
      ];
      throw new InvalidSurgeThresholdsError('elevated must be below surge, and surge below critical', problems);
    }
    await this.assertQueue(principal.helplineId, queueId);
    const thresholds = { elevated: dto.elevated, surge: dto.surge, critical: dto.critical };
    await this.transactions.run(async (manager) => {
      await manager.getRepository(SurgeThresholdsRow).upsert(
        {
          helplineId: principal.helplineId,
          queueId,
          ...thresholds,
          updatedAt: this.clock.nowMs(),
          updatedBy: principal.userId,
        },
        ['helplineId', 'queueId'],
      );
      await this.audit.append(manager, principal.helplineId, [
        {
          actor: { kind: 'staff', id: principal.userId, roles: [...principal.roles] },
          action: 'surge-thresholds.set',
          subjectType: 'routing-queue',
          subjectId: queueId,
          fields: Object.keys(thresholds),
          purpose: 'supervision',
        },
      ]);
    });
    this.cache.delete(principal.helplineId);
    return thresholds;
  }

  private async assertQueue(helplineId: string, queueId: string): Promise<void> {
    const queues = await this.context.queuesOf(helplineId);
    if (!queues.some((q) => q.id === queueId)) throw new SurgeQueueNotFoundError();
  }
}
