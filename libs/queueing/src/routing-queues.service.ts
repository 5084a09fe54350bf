import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import {
  AuditLog,
  Clock,
  OutboxService,
  TransactionRunner,
  operatorActor,
  validateOpeningCalendar,
  type AuditActor,
} from '@tuki/platform';
import { DEFAULT_CALLBACK_POLICY, type CallbackPolicy } from './callback-policy';
import type { DomainEvents, QueueDirectory, QueueSummary, Strategy } from '@tuki/contracts';
import type { AdjustRoutingQueueDto, DefineRoutingQueueDto, RoutingQueueView } from './dto/routing-queue.dto';
import { RoutingQueue } from './routing-queue.entity';
import { InvalidQueueDefinitionError, RoutingQueueNotFoundError } from './queueing.errors';

export const ROUTING_QUEUE_DEFAULTS = {
  strategy: 'longest-idle' as Strategy,
  targetAnswerPercent: 80,
  targetAnswerSeconds: 60,
  offerTimeoutSeconds: 20,
  ageingSeconds: 600,
  voiceBlocksChat: true,
};

const SKILL_NAME = /^[a-z0-9-]{1,40}$/;

type Widening = RoutingQueueView['widening'];

export function toRoutingQueueView(queue: RoutingQueue): RoutingQueueView {
  return {
    id: queue.id,
    name: queue.name,
    languages: JSON.parse(queue.languages) as string[],
    requiredSkills: JSON.parse(queue.requiredSkills) as Record<string, number>,
    strategy: queue.strategy as Strategy,
    targetAnswerPercent: queue.targetAnswerPercent,
    targetAnswerSeconds: queue.targetAnswerSeconds,
    maxWaitSeconds: queue.maxWaitSeconds,
    overflowQueueId: queue.overflowQueueId,
    offerTimeoutSeconds: queue.offerTimeoutSeconds,
    ageingSeconds: queue.ageingSeconds,
    widening: JSON.parse(queue.widening) as Widening,
    voiceBlocksChat: queue.voiceBlocksChat,
    open: queue.isOpen,
    openingHours: queue.openingHours ? (JSON.parse(queue.openingHours) as RoutingQueueView['openingHours']) : null,
    callbackPolicy: {
      ...DEFAULT_CALLBACK_POLICY,
      ...(queue.callbackPolicy ? (JSON.parse(queue.callbackPolicy) as Partial<CallbackPolicy>) : {}),
    },
  };
}

/** Names of the fields a request set (the audit records names, never values). */
function fieldsOf(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}

/**
 * Admins define routing queues; supervisors open and close them and adjust thresholds while they run. Every change
 * is audited in its own transaction (who, when, which fields) and announced as `routing-queue.changed`. Nothing is
 * cached: routing reads the definitions from the record at each decision, so a change counts on every process at once.
 */
@Injectable()
export class RoutingQueuesService implements QueueDirectory {
  constructor(
    @InjectRepository(RoutingQueue) private readonly queues: Repository<RoutingQueue>,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * `timeZone`: the helpline's, which the queue's opening hours are local to. `by`: who defines it, for the audit
   * (an admin's request; an operator's command or a seed when nobody is signed in).
   */
  async define(
    helplineId: string,
    dto: DefineRoutingQueueDto,
    timeZone: string,
    by: AuditActor = operatorActor('direct'),
  ): Promise<RoutingQueueView> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.nowMs();
      const queue = manager.create(RoutingQueue, {
        id: randomUUID(),
        helplineId,
        isOpen: true,
        createdAt: now,
        updatedAt: now,
        ...(await this.validated(manager, helplineId, dto, timeZone)),
      });
      await manager.insert(RoutingQueue, queue);
      await this.outbox.append(manager, helplineId, 'routing-queue.changed', { queueId: queue.id });
      await this.record(manager, helplineId, by, 'routing-queue.defined', queue.id, fieldsOf(dto), 'administration');
      const view = toRoutingQueueView(queue);
      await this.publishCalendar(manager, helplineId, view, timeZone);
      return view;
    });
  }

  /** Replaces the whole definition (admins). Waiting contacts keep their place. */
  async redefine(
    helplineId: string,
    id: string,
    dto: DefineRoutingQueueDto,
    timeZone: string,
    by: AuditActor = operatorActor('direct'),
  ): Promise<RoutingQueueView> {
    return this.change(helplineId, id, async (manager, queue) => {
      const changed = Object.assign(queue, await this.validated(manager, helplineId, dto, timeZone, id));
      await this.publishCalendar(manager, helplineId, toRoutingQueueView(changed), timeZone);
      await this.record(manager, helplineId, by, 'routing-queue.redefined', id, fieldsOf(dto), 'administration');
      return changed;
    });
  }

  /** Open or close, and thresholds (supervisors, at run time). */
  async adjust(
    helplineId: string,
    id: string,
    dto: AdjustRoutingQueueDto,
    by: AuditActor = operatorActor('direct'),
  ): Promise<RoutingQueueView> {
    return this.change(helplineId, id, async (manager, queue) => {
      const fields = fieldsOf(dto);
      const action =
        fields.length === 1 && dto.open !== undefined
          ? dto.open
            ? 'routing-queue.opened'
            : 'routing-queue.closed'
          : 'routing-queue.adjusted';
      await this.record(manager, helplineId, by, action, id, fields, 'supervision');
      if (dto.open !== undefined) queue.isOpen = dto.open;
      if (dto.targetAnswerPercent !== undefined) queue.targetAnswerPercent = dto.targetAnswerPercent;
      if (dto.targetAnswerSeconds !== undefined) queue.targetAnswerSeconds = dto.targetAnswerSeconds;
      if (dto.offerTimeoutSeconds !== undefined) queue.offerTimeoutSeconds = dto.offerTimeoutSeconds;
      if (dto.callbackOfferAfterWaitSeconds !== undefined) {
        const policy = toRoutingQueueView(queue).callbackPolicy;
        queue.callbackPolicy = JSON.stringify({ ...policy, offerAfterWaitSeconds: dto.callbackOfferAfterWaitSeconds });
      }
      if (dto.maxWaitSeconds !== undefined) {
        if (!queue.overflowQueueId) throw new InvalidQueueDefinitionError('maxWaitSeconds: needs an overflow queue');
        queue.maxWaitSeconds = dto.maxWaitSeconds;
      }
      return queue;
    });
  }

  /** The queues as other domains may know them (QUEUE_DIRECTORY): names, languages, targets, opening hours. */
  async queuesOf(helplineId: string): Promise<QueueSummary[]> {
    return (await this.queues.find({ where: { helplineId }, order: { name: 'ASC' } })).map((queue) => {
      const calendar = queue.openingHours
        ? (JSON.parse(queue.openingHours) as { timeZone: string } & NonNullable<QueueSummary['openingHours']>)
        : null;
      return {
        id: queue.id,
        name: queue.name,
        languages: JSON.parse(queue.languages) as string[],
        targetAnswerSeconds: queue.targetAnswerSeconds,
        targetAnswerPercent: queue.targetAnswerPercent,
        isOpen: queue.isOpen,
        timeZone: calendar?.timeZone ?? 'UTC',
        openingHours: calendar ? { weekly: calendar.weekly, closures: calendar.closures } : null,
      };
    });
  }

  async list(helplineId: string): Promise<RoutingQueueView[]> {
    return (await this.queues.find({ where: { helplineId }, order: { name: 'ASC' } })).map(toRoutingQueueView);
  }

  async get(helplineId: string, id: string): Promise<RoutingQueueView> {
    const queue = await this.queues.findOneBy({ id, helplineId });
    if (!queue) throw new RoutingQueueNotFoundError();
    return toRoutingQueueView(queue);
  }

  private async change(
    helplineId: string,
    id: string,
    apply: (manager: EntityManager, queue: RoutingQueue) => Promise<RoutingQueue>,
  ): Promise<RoutingQueueView> {
    return this.transactions.run(async (manager) => {
      const queue = await manager.findOneBy(RoutingQueue, { id, helplineId });
      if (!queue) throw new RoutingQueueNotFoundError();
      const changed = await apply(manager, queue);
      changed.updatedAt = this.clock.nowMs();
      await manager.save(RoutingQueue, changed);
      await this.outbox.append(manager, helplineId, 'routing-queue.changed', { queueId: id });
      return toRoutingQueueView(changed);
    });
  }

  private async validated(
    manager: EntityManager,
    helplineId: string,
    dto: DefineRoutingQueueDto,
    timeZone: string,
    selfId?: string,
  ): Promise<Omit<RoutingQueue, 'id' | 'helplineId' | 'isOpen' | 'createdAt' | 'updatedAt'>> {
    const calendar = dto.openingHours
      ? { weekly: { ...dto.openingHours.weekly }, closures: dto.openingHours.closures ?? [] }
      : null;
    // Every problem at once, each "field: problem", so the admin page can show each beside its field.
    const problems: string[] = [];
    if (calendar) {
      // The last line may be "… and N more problems", which names no field.
      const named = (problem: string) => (/^[a-z]/i.test(problem) ? `openingHours.${problem}` : problem);
      problems.push(...validateOpeningCalendar(calendar).map(named));
    }
    const skills = Object.entries(dto.requiredSkills);
    if (skills.some(([skill]) => !SKILL_NAME.test(skill)))
      problems.push('requiredSkills: skill names are lower-case codes');
    if (skills.some(([, level]) => !Number.isInteger(level) || level < 0 || level > 10)) {
      problems.push('requiredSkills: levels are whole numbers 0-10');
    }
    if (dto.maxWaitSeconds !== undefined && dto.overflowQueueId === undefined) {
      problems.push('overflowQueueId: needed with maxWaitSeconds (where long waits go)');
    }
    if (dto.overflowQueueId !== undefined && dto.maxWaitSeconds === undefined) {
      problems.push('maxWaitSeconds: needed with overflowQueueId (when callers overflow)');
    }
    if (dto.overflowQueueId !== undefined) {
      if (dto.overflowQueueId === selfId) problems.push('overflowQueueId: a queue cannot overflow to itself');
      else if (!(await manager.existsBy(RoutingQueue, { id: dto.overflowQueueId, helplineId }))) {
        problems.push('overflowQueueId: no such routing queue');
      }
    }
    const widening = (dto.widening ?? []).map((step) => ({
      afterSeconds: step.afterSeconds,
      relaxBy: step.relaxBy === 'any' ? ('any' as const) : Number(step.relaxBy),
    }));
    widening.forEach((step, i) => {
      if (i > 0 && step.afterSeconds <= widening[i - 1].afterSeconds) {
        problems.push(`widening[${i}].afterSeconds: steps must come in order of afterSeconds`);
      }
    });
    if (problems.length > 0) throw new InvalidQueueDefinitionError(problems.join('; '), { details: { problems } });
    return {
      name: dto.name,
      languages: JSON.stringify(dto.languages),
      requiredSkills: JSON.stringify(dto.requiredSkills),
      strategy: dto.strategy ?? ROUTING_QUEUE_DEFAULTS.strategy,
      targetAnswerPercent: dto.targetAnswerPercent ?? ROUTING_QUEUE_DEFAULTS.targetAnswerPercent,
      targetAnswerSeconds: dto.targetAnswerSeconds ?? ROUTING_QUEUE_DEFAULTS.targetAnswerSeconds,
      maxWaitSeconds: dto.maxWaitSeconds ?? null,
      overflowQueueId: dto.overflowQueueId ?? null,
      offerTimeoutSeconds: dto.offerTimeoutSeconds ?? ROUTING_QUEUE_DEFAULTS.offerTimeoutSeconds,
      ageingSeconds: dto.ageingSeconds ?? ROUTING_QUEUE_DEFAULTS.ageingSeconds,
      widening: JSON.stringify(widening),
      voiceBlocksChat: dto.voiceBlocksChat ?? ROUTING_QUEUE_DEFAULTS.voiceBlocksChat,
      openingHours: calendar ? JSON.stringify({ timeZone, ...calendar }) : null,
      callbackPolicy: JSON.stringify({ ...DEFAULT_CALLBACK_POLICY, ...dto.callbackPolicy }),
    };
  }

  private record(
    manager: EntityManager,
    helplineId: string,
    actor: AuditActor,
    action: string,
    queueId: string,
    fields: string[],
    purpose: string,
  ): Promise<void> {
    return this.audit.append(manager, helplineId, [
      { actor, action, subjectType: 'routing-queue', subjectId: queueId, fields, purpose },
    ]);
  }

  /** Other domains (callback promises, staffing) plan with a queue's hours: they learn them from this event. */
  private async publishCalendar(
    manager: EntityManager,
    helplineId: string,
    queue: RoutingQueueView,
    timeZone: string,
  ): Promise<void> {
    const hours = queue.openingHours;
    await this.outbox.append(manager, helplineId, 'routing-queue.calendar-changed', {
      queueId: queue.id,
      timeZone: hours?.timeZone ?? timeZone,
      openingHours: hours ? { weekly: hours.weekly, closures: hours.closures } : null,
    });
  }
}
