import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import type { DomainEvents } from '@tuki/contracts';
import { Clock, DomainError, OutboxService, TransactionRunner } from '@tuki/platform';
import { HelpRequest } from './help-request.entity';

export class HelpRequestNotFoundError extends DomainError {
  readonly code = 'HELP_REQUEST_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('No such open help request in this helpline');
  }
}

export interface HelpRequestView {
  id: string;
  agentId: string;
  contactId: string | null;
  requestedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
}

const view = (row: HelpRequest): HelpRequestView => ({
  id: row.id,
  agentId: row.agentId,
  contactId: row.contactId,
  requestedAt: row.requestedAt,
  acknowledgedAt: row.acknowledgedAt,
  acknowledgedBy: row.acknowledgedBy,
});

/**
 * "Ask for help": an agent in a hard contact calls a supervisor, who sees it at once on the dashboard and answers
 * that they are coming. A second press while a request is open returns the same request (a nervous double click
 * must not raise two alarms).
 */
@Injectable()
export class HelpRequestsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly clock: Clock,
  ) {}

  async request(helplineId: string, agentId: string, contactId: string | null): Promise<HelpRequestView> {
    return this.transactions.run(async (manager) => {
      const open = await manager.findOneBy(HelpRequest, { helplineId, agentId, acknowledgedAt: IsNull() });
      if (open) return view(open);
      const row: HelpRequest = {
        id: randomUUID(),
        helplineId,
        agentId,
        contactId,
        requestedAt: this.clock.nowMs(),
        acknowledgedAt: null,
        acknowledgedBy: null,
      };
      await manager.insert(HelpRequest, row);
      await this.outbox.append(manager, helplineId, 'agent.help-requested', {
        requestId: row.id,
        agentId,
        contactId,
        requestedAt: row.requestedAt,
      });
      return view(row);
    });
  }

  /** A supervisor answers: they are coming. Answering one already answered changes nothing. */
  async acknowledge(helplineId: string, requestId: string, supervisorId: string): Promise<HelpRequestView> {
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(HelpRequest, { helplineId, id: requestId });
      if (!row) throw new HelpRequestNotFoundError();
      if (row.acknowledgedAt !== null) return view(row);
      row.acknowledgedAt = this.clock.nowMs();
      row.acknowledgedBy = supervisorId;
      await manager.update(
        HelpRequest,
        { id: row.id },
        { acknowledgedAt: row.acknowledgedAt, acknowledgedBy: supervisorId },
      );
      await this.outbox.append(manager, helplineId, 'agent.help-acknowledged', {
        requestId: row.id,
        agentId: row.agentId,
        acknowledgedBy: supervisorId,
      });
      return view(row);
    });
  }

  /** The open requests of a helpline, oldest first. */
  async open(helplineId: string): Promise<HelpRequestView[]> {
    return this.transactions.run(async (manager) =>
      (
        await manager.find(HelpRequest, {
          where: { helplineId, acknowledgedAt: IsNull() },
          order: { requestedAt: 'ASC' },
        })
      ).map(view),
    );
  }
}
