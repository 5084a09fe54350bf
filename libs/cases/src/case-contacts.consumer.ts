import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvents } from '@tuki/contracts';
import { EventConsumers, type DeliveredEvent, lockForTransaction } from '@tuki/platform';
import { CaseContact, newCaseContact } from './case-contact.entity';
import { CaseFollowUp } from './case-follow-up.entity';
import { CaseParticipant } from './case-participant.entity';
import { ContactFactsPublisher, unansweredClassification } from './contact-facts.publisher';

const FINAL = new Set(['completed', 'abandoned', 'expired', 'merged']);

/** Thrown so the delivery is retried: events of one contact may arrive out of order. */
class ContactNotYetKnownError extends Error {}

/**
 * Keeps the cases domain's read model of contacts from contact events (a transactional consumer: the row and the
 * processed-event mark commit together, so each event counts once). Publishes the facts of contacts nobody answered.
 */
@Injectable()
export class CaseContactsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly facts: ContactFactsPublisher,
  ) {}

  onModuleInit(): void {
    this.consumers.register(
      'cases.contacts',
      ['contact.created', 'contact.state-changed', 'contact.moved'],
      (event, manager) => this.apply(event, manager),
      {
        background: true,
        // Offers, declines and lapses change nothing here: only answers and ends do (about half the events).
        accepts: (payload) => {
          const to = (payload as Partial<DomainEvents['contact.state-changed']>).to;
          return to === undefined || to === 'connected' || FINAL.has(to);
        },
      },
    );
  }

  async apply(event: DeliveredEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case 'contact.created':
        return this.created(event as DeliveredEvent<DomainEvents['contact.created']>, manager);
      case 'contact.state-changed':
        return this.stateChanged(event as DeliveredEvent<DomainEvents['contact.state-changed']>, manager);
      case 'contact.moved': {
        const { contactId, toQueueId } = (event as DeliveredEvent<DomainEvents['contact.moved']>).payload;
        await manager.update(CaseContact, { contactId, helplineId: event.helplineId }, { queueId: toQueueId });
        return;
      }
    }
  }

  private async created(event: DeliveredEvent<DomainEvents['contact.created']>, manager: EntityManager) {
    const p = event.payload;
    // A follow-up's callback belongs to its case from the start. Its follow-up row may be committing right now:
    // the lock lets one of the two transactions see the other (see CaseFollowUps.record).
    await lockForTransaction(manager, `follow-up:${p.contactId}`);
    const followUp = await manager.findOneBy(CaseFollowUp, { helplineId: event.helplineId, callbackId: p.contactId });
    await manager
      .createQueryBuilder()
      .insert()
      .into(CaseContact)
      .values(
        newCaseContact({
          contactId: p.contactId,
          helplineId: event.helplineId,
          caseId: followUp?.caseId ?? null,
          queueId: p.queueId,
          channel: p.channel,
          language: p.language,
          callerKey: p.callerKey ?? null,
          firstArrivedAt: p.firstArrivedAt,
          waitMs: null,
          state: 'queued',
          agentId: null,
        }),
      )
      // An agent may have opened a case from the contact before this event came: that row stands.
      .orIgnore()
      .execute();
  }

  private async stateChanged(event: DeliveredEvent<DomainEvents['contact.state-changed']>, manager: EntityManager) {
    const p = event.payload;
    const row = await manager.findOneBy(CaseContact, { contactId: p.contactId, helplineId: event.helplineId });
    if (!row) throw new ContactNotYetKnownError(`contact.created of this contact not applied yet`);
    // Only the columns events own: a case link or classification written meanwhile by a request must stand.
    const changes: Partial<CaseContact> = { state: p.to, queueId: p.queueId };
    if (p.to === 'connected' && p.agentId) {
      changes.answeredAt = row.answeredAt ?? event.occurredAt;
      changes.waitMs = p.waitMs;
      changes.agentIds = JSON.stringify([...new Set(JSON.parse(row.agentIds) as string[]).add(p.agentId)]);
      if (row.caseId) await this.touchParticipant(manager, row, p.agentId, event.occurredAt);
    } else if (row.answeredAt === null && p.waitMs !== null) {
      changes.waitMs = p.waitMs;
    }
    if (FINAL.has(p.to)) changes.endedAt = event.occurredAt;
    await manager.update(CaseContact, { contactId: row.contactId }, changes);
    Object.assign(row, changes);
    // Nobody answered: there is nothing to classify, so its facts go out now. A merged request is counted in the
    // callback it joined.
    if (row.classification === 'pending' && row.answeredAt === null && FINAL.has(p.to)) {
      if (p.to === 'merged')
        await manager.update(CaseContact, { contactId: row.contactId }, { classification: 'merged' });
      else await this.facts.publish(manager, row, unansweredClassification(p.to));
    }
  }

  private async touchParticipant(manager: EntityManager, row: CaseContact, userId: string, at: number) {
    await manager
      .getRepository(CaseParticipant)
      .upsert({ caseId: row.caseId!, userId, helplineId: row.helplineId, lastWorkedAt: at }, ['caseId', 'userId']);
  }
}
