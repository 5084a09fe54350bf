import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactFacts } from '@tuki/contracts';
import { EventConsumers, TransactionRunner, type DeliveredEvent } from '@tuki/platform';
import { ContactFact } from './contact-fact.entity';

/** Counts over the facts of one period, for reports and tests; the disclosure-controlled exports come later. */
export interface FactCounts {
  contacts: number;
  answered: number;
  abandoned: number;
  callbacks: number;
  /** Distinct caller surrogates of the period's grain. */
  callers: number;
}

/**
 * The contact-facts read model: one row per `contact-facts.recorded` event (a transactional consumer, so a
 * redelivered event is counted once). Nothing here is ever updated or deleted by case purges.
 */
@Injectable()
export class ContactFactsService implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly transactions: TransactionRunner,
  ) {}

  onModuleInit(): void {
    this.consumers.register(
      'statistics.contact-facts',
      ['contact-facts.recorded'],
      (event, manager) => this.record(event as DeliveredEvent<ContactFacts>, manager),
      { background: true },
    );
  }

  private async record(event: DeliveredEvent<ContactFacts>, manager: EntityManager): Promise<void> {
    const f = event.payload;
    await manager.insert(ContactFact, {
      id: randomUUID(),
      helplineId: event.helplineId,
      day: f.day,
      isoWeek: f.isoWeek,
      month: f.month,
      channel: f.channel,
      queueId: f.queueId,
      language: f.language,
      categories: JSON.stringify(f.categories),
      referrals: JSON.stringify(f.referrals),
      ageBand: f.ageBand,
      gender: f.gender,
      region: f.region,
      outcome: f.outcome,
      waitBand: f.waitBand,
      answered: f.answered,
      abandoned: f.abandoned,
      callback: f.callback,
      classification: f.classification,
      weekSurrogate: f.weekSurrogate,
      monthSurrogate: f.monthSurrogate,
    });
  }

  /** Totals for one ISO week (`2026-W49`) or month (`2026-12`). */
  async counts(helplineId: string, period: { isoWeek: string } | { month: string }): Promise<FactCounts> {
    return this.transactions.run(async (manager) => {
      const rows = await manager.findBy(ContactFact, { helplineId, ...period });
      const surrogate =
        'isoWeek' in period ? (r: ContactFact) => r.weekSurrogate : (r: ContactFact) => r.monthSurrogate;
      return {
        contacts: rows.length,
        answered: rows.filter((r) => r.answered).length,
        abandoned: rows.filter((r) => r.abandoned).length,
        callbacks: rows.filter((r) => r.callback).length,
        callers: new Set(rows.map(surrogate)).size,
      };
    });
  }

  /** The rows of one period as stored (what an export job will read). */
  rows(helplineId: string, period: { isoWeek: string } | { month: string }): Promise<ContactFact[]> {
    return this.transactions.run((manager) => manager.findBy(ContactFact, { helplineId, ...period }));
  }
}
