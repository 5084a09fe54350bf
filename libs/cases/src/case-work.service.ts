import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner, type Principal } from '@tuki/platform';
import { CaseAccess, type OpenedCase } from './case-access.service';
import { CaseContact } from './case-contact.entity';
import { CaseNote } from './case-note.entity';
import { CaseReferral } from './case-referral.entity';
import { CaseSealer } from './case-sealer';
import { assignableCategories } from './case-settings';
import { AlreadyClassifiedError, ContactNotInCaseError, UnknownCodeError } from './cases.errors';
import { ContactFactsPublisher } from './contact-facts.publisher';
import type {
  CaseContactView,
  CaseNoteView,
  ClassifyContactDto,
  CreateNoteDto,
  CreateReferralDto,
  SkipClassificationDto,
} from './dto/case.dto';
import { NOT_ASKED } from './case-settings';
import { toCaseContactView } from './case-views';

/**
 * The work done in a case: notes (sealed, append-only), referrals from the directory, and each contact's
 * classification, which publishes that contact's anonymous facts once.
 */
@Injectable()
export class CaseWork {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly access: CaseAccess,
    private readonly sealer: CaseSealer,
    private readonly facts: ContactFactsPublisher,
  ) {}

  async addNote(principal: Principal, caseId: string, dto: CreateNoteDto): Promise<CaseNoteView> {
    return this.transactions.run((manager) => this.addNoteWith(manager, principal, caseId, dto));
  }

  /** addNote() inside the caller's transaction (a draft becomes the note and goes, together). */
  async addNoteWith(
    manager: EntityManager,
    principal: Principal,
    caseId: string,
    dto: CreateNoteDto,
  ): Promise<CaseNoteView> {
    {
      const opened = await this.access.open(manager, principal, caseId);
      if (dto.contactId) await this.contactOf(manager, opened, dto.contactId);
      const id = randomUUID();
      const { row, now } = opened;
      const bodySealed = await this.sealer.seal(
        manager,
        { helplineId: row.helplineId, caseId: row.id, dataKeyId: row.dataKeyId, rowId: id, field: 'body' },
        dto.body,
      );
      await manager.insert(CaseNote, {
        id,
        helplineId: row.helplineId,
        caseId: row.id,
        contactId: dto.contactId ?? null,
        authorId: principal.userId,
        bodySealed,
        createdAt: now,
      });
      await this.touch(manager, opened, principal);
      await this.access.record(manager, principal, opened, 'case.note-created', ['notes']);
      return { id, authorId: principal.userId, contactId: dto.contactId ?? null, body: dto.body, createdAt: now };
    }
  }

  async addReferral(principal: Principal, caseId: string, dto: CreateReferralDto) {
    return this.transactions.run(async (manager) => {
      const opened = await this.access.open(manager, principal, caseId);
      if (!opened.settings.referrals.some((r) => r.code === dto.code)) throw new UnknownCodeError('code', dto.code);
      if (dto.contactId) await this.contactOf(manager, opened, dto.contactId);
      const referral = {
        id: randomUUID(),
        helplineId: opened.row.helplineId,
        caseId: opened.row.id,
        code: dto.code,
        contactId: dto.contactId ?? null,
        createdBy: principal.userId,
        createdAt: opened.now,
      };
      await manager.insert(CaseReferral, referral);
      await this.touch(manager, opened, principal);
      await this.access.record(manager, principal, opened, 'case.referral-added', ['referrals']);
      return { id: referral.id, code: referral.code, contactId: referral.contactId, createdAt: referral.createdAt };
    });
  }

  /** The contact's categories and outcome; its facts (with the case's coarse facts as they are now) go out once. */
  async classify(principal: Principal, caseId: string, contactId: string, dto: ClassifyContactDto) {
    return this.transactions.run(async (manager) => {
      const opened = await this.access.open(manager, principal, caseId);
      const contact = await this.pendingContact(manager, opened, contactId);
      const allowed = assignableCategories(opened.settings);
      const unknown = dto.categories.find((code) => !allowed.has(code));
      if (unknown) throw new UnknownCodeError('categories', unknown);
      if (!opened.settings.outcomes.some((o) => o.code === dto.outcome))
        throw new UnknownCodeError('outcome', dto.outcome);
      const categories = [...new Set(dto.categories)];
      contact.categories = JSON.stringify(categories);
      contact.outcome = dto.outcome;
      await manager.update(CaseContact, { contactId }, { categories: contact.categories, outcome: contact.outcome });
      const referrals = await manager.findBy(CaseReferral, { caseId: opened.row.id, contactId });
      await this.facts.publish(manager, contact, {
        kind: 'recorded',
        categories,
        referrals: referrals.map((r) => r.code),
        outcome: dto.outcome,
        ageBand: opened.row.ageBand,
        gender: opened.row.gender,
        region: opened.row.region,
      });
      contact.classification = 'recorded';
      await this.touch(manager, opened, principal);
      await this.access.record(manager, principal, opened, 'case.contact-classified', ['contacts']);
      return toCaseContactView(contact);
    });
  }

  /** No classification (the caller declined, no time...): the facts still count the contact, with nothing asked. */
  async skip(
    principal: Principal,
    caseId: string,
    contactId: string,
    dto: SkipClassificationDto,
  ): Promise<CaseContactView> {
    return this.transactions.run(async (manager) => {
      const opened = await this.access.open(manager, principal, caseId);
      const contact = await this.pendingContact(manager, opened, contactId);
      contact.skipReason = dto.reason;
      await manager.update(CaseContact, { contactId }, { skipReason: dto.reason });
      await this.facts.publish(manager, contact, {
        kind: 'skipped',
        categories: [],
        referrals: [],
        outcome: 'not-recorded',
        ageBand: NOT_ASKED,
        gender: NOT_ASKED,
        region: NOT_ASKED,
      });
      contact.classification = 'skipped';
      await this.touch(manager, opened, principal);
      await this.access.record(manager, principal, opened, 'case.contact-classification-skipped', ['contacts']);
      return toCaseContactView(contact);
    });
  }

  private async contactOf(manager: EntityManager, opened: OpenedCase, contactId: string): Promise<CaseContact> {
    const contact = await manager.findOneBy(CaseContact, {
      contactId,
      helplineId: opened.row.helplineId,
      caseId: opened.row.id,
    });
    if (!contact) throw new ContactNotInCaseError();
    return contact;
  }

  private async pendingContact(manager: EntityManager, opened: OpenedCase, contactId: string) {
    const contact = await this.contactOf(manager, opened, contactId);
    if (contact.classification !== 'pending') throw new AlreadyClassifiedError();
    return contact;
  }

  private async touch(manager: EntityManager, opened: OpenedCase, principal: Principal) {
    await this.access.markWorked(manager, opened.row.helplineId, opened.row.id, principal.userId, opened.now);
  }
}
