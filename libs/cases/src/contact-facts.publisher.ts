import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  HELPLINE_DIRECTORY,
  isRehearsalLanguage,
  type ContactFacts,
  type DomainEvents,
  type HelplineDirectory,
} from '@tuki/contracts';
import { OutboxService } from '@tuki/platform';
import { CallerSurrogate } from './caller-surrogate.entity';
import { CaseContact } from './case-contact.entity';
import { NOT_ASKED } from './case-settings';
import { statisticsPeriodsOf, waitBandOf } from './statistics-periods';

/** What a classification adds to the contact's own facts. */
export interface Classification {
  kind: 'recorded' | 'skipped' | 'unanswered';
  categories: string[];
  referrals: string[];
  outcome: string;
  ageBand: string;
  gender: string;
  region: string;
}

/**
 * Publishes the anonymous facts of one ended contact (`contact-facts.recorded`), once. Nothing in the event points
 * back: no contact, case or caller id, the day instead of the time, a band instead of the wait, and per-period
 * random caller surrogates whose mapping is destroyed when the period closes.
 */
@Injectable()
export class ContactFactsPublisher {
  constructor(
    private readonly outbox: OutboxService<DomainEvents>,
    @Inject(HELPLINE_DIRECTORY) private readonly helplines: HelplineDirectory,
  ) {}

  async publish(manager: EntityManager, contact: CaseContact, classification: Classification): Promise<void> {
    await manager.update(CaseContact, { contactId: contact.contactId }, { classification: classification.kind });
    // A drill's callers are rehearsal, not people who sought help: NGOs' numbers must not count them.
    if (isRehearsalLanguage(contact.language)) return;
    const timeZone = await this.helplines.timeZoneOf(contact.helplineId);
    const periods = statisticsPeriodsOf(contact.firstArrivedAt, timeZone);
    const facts: ContactFacts = {
      day: periods.day,
      isoWeek: periods.isoWeek,
      month: periods.month,
      channel: contact.channel,
      queueId: contact.queueId,
      language: contact.language,
      categories: [...classification.categories].sort(),
      referrals: [...new Set(classification.referrals)].sort(),
      ageBand: classification.ageBand,
      gender: classification.gender,
      region: classification.region,
      outcome: classification.outcome,
      waitBand: waitBandOf(contact.channel, contact.waitMs),
      answered: contact.answeredAt !== null,
      abandoned: contact.answeredAt === null && contact.state === 'abandoned',
      callback: contact.channel === 'callback',
      classification: classification.kind,
      weekSurrogate: await this.surrogate(manager, contact, periods.isoWeek, periods.weekEndsAt),
      monthSurrogate: await this.surrogate(manager, contact, periods.month, periods.monthEndsAt),
    };
    await this.outbox.append(manager, contact.helplineId, 'contact-facts.recorded', facts);
  }

  /**
   * The caller's stand-in for one period. An unknown caller (no caller key) gets a fresh one each time: counted as
   * a different person, never joined with anyone. A period that already closed has no mapping left, so a late
   * classification counts its caller as new (an overcount, never a link).
   */
  private async surrogate(manager: EntityManager, contact: CaseContact, period: string, endsAt: number) {
    if (!contact.callerKey) return randomUUID();
    const key = { helplineId: contact.helplineId, period, callerKey: contact.callerKey };
    const existing = await manager.findOneBy(CallerSurrogate, key);
    if (existing) return existing.surrogate;
    const surrogate = randomUUID();
    await manager
      .createQueryBuilder()
      .insert()
      .into(CallerSurrogate)
      .values({ ...key, surrogate, periodEndsAt: endsAt })
      .orIgnore()
      .execute();
    // Another transaction may have inserted first: the stored one wins.
    return (await manager.findOneBy(CallerSurrogate, key))?.surrogate ?? surrogate;
  }
}

/** The facts of a contact nobody answered: nothing was asked. */
export function unansweredClassification(state: string): Classification {
  return {
    kind: 'unanswered',
    categories: [],
    referrals: [],
    outcome: state === 'expired' ? 'callback-expired' : 'abandoned',
    ageBand: NOT_ASKED,
    gender: NOT_ASKED,
    region: NOT_ASKED,
  };
}
