import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, LessThanOrEqual, Not } from 'typeorm';
import type { DomainEvents, JobPayloads } from '@tuki/contracts';
import { Clock, HandlesJob, OutboxService, TransactionRunner, type JobHandler } from '@tuki/platform';
import { CallerSurrogate } from './caller-surrogate.entity';
import { CaseContact } from './case-contact.entity';
import { CasePurge } from './case-purge';
import { NoteDrafts } from './note-drafts.service';
import { ContactFactsPublisher, unansweredClassification } from './contact-facts.publisher';
import { CaseSettingsService } from './case-settings.service';
import { Case } from './case.entity';

const DAY_MS = 24 * 3600_000;
const BATCH = 50;

/** What one retention run did. */
export interface RetentionResult {
  purgedCases: number;
  destroyedSurrogates: number;
  /** Answered contacts nobody classified within a week: their facts went out as skipped (`not-classified`). */
  unclassifiedPublished: number;
  /** Note drafts untouched for the retention period, discarded with their keys. */
  discardedDrafts: number;
}

/** How long an ended, answered contact may wait for its classification before it is counted without one. */
const CLASSIFY_WITHIN_MS = 7 * DAY_MS;

/**
 * Retention for one helpline: closed cases older than the helpline's period are purged (each in its own
 * transaction, key first), and caller surrogates of closed statistics periods are destroyed. Runs as a BullMQ job;
 * running twice purges nothing twice.
 */
@Injectable()
@HandlesJob('cases.apply-retention')
export class CaseRetention implements JobHandler<JobPayloads['cases.apply-retention']> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly settings: CaseSettingsService,
    private readonly purge: CasePurge,
    private readonly facts: ContactFactsPublisher,
    private readonly clock: Clock,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly drafts: NoteDrafts,
  ) {}

  handle(payload: JobPayloads['cases.apply-retention']): Promise<RetentionResult> {
    return this.apply(payload.helplineId);
  }

  async apply(helplineId: string): Promise<RetentionResult> {
    const now = this.clock.nowMs();
    const settings = await this.settings.read(helplineId);
    const closedBefore = now - settings.retentionDays * DAY_MS;
    let purgedCases = 0;
    for (;;) {
      const due = await this.transactions.run((manager) =>
        manager.find(Case, {
          where: { helplineId, status: 'closed', closedAt: LessThan(closedBefore) },
          order: { closedAt: 'ASC' },
          take: BATCH,
        }),
      );
      for (const row of due) {
        await this.transactions.run(async (manager) => {
          // Re-read inside the transaction: a case reopened meanwhile is kept.
          const current = await manager.findOneBy(Case, { id: row.id, helplineId, closedAt: Not(IsNull()) });
          if (!current || current.status !== 'closed' || (current.closedAt ?? now) >= closedBefore) return;
          await this.purge.purge(manager, current, 'retention', { kind: 'system', id: 'retention' });
          purgedCases += 1;
        });
      }
      if (due.length < BATCH) break;
    }
    const destroyed = await this.transactions.run((manager) =>
      manager.delete(CallerSurrogate, { helplineId, periodEndsAt: LessThanOrEqual(now) }),
    );
    const unclassifiedPublished = await this.publishUnclassified(helplineId, now - CLASSIFY_WITHIN_MS);
    // A draft nobody finished within the retention period goes the way of the notes it would have become.
    const discardedDrafts = await this.drafts.discardUntouchedSince(helplineId, closedBefore);
    await this.transactions.run((manager) =>
      this.outbox.append(manager, helplineId, 'retention.applied', { endedBefore: closedBefore }),
    );
    return { purgedCases, destroyedSurrogates: destroyed.affected ?? 0, unclassifiedPublished, discardedDrafts };
  }

  /** Statistics count every contact: one left unclassified is counted as skipped, with nothing asked. */
  private async publishUnclassified(helplineId: string, endedBefore: number): Promise<number> {
    return this.transactions.run(async (manager) => {
      const rows = await manager.find(CaseContact, {
        where: { helplineId, classification: 'pending', endedAt: LessThan(endedBefore) },
        take: 500,
      });
      for (const row of rows) {
        row.skipReason = 'not-classified';
        await manager.update(CaseContact, { contactId: row.contactId }, { skipReason: row.skipReason });
        await this.facts.publish(manager, row, {
          ...unansweredClassification(row.state),
          kind: 'skipped',
          outcome: 'not-recorded',
        });
      }
      return rows.length;
    });
  }
}
