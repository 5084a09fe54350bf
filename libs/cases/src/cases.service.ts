import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvents } from '@tuki/contracts';
import { Clock, DataKeysService, OutboxService, TransactionRunner, type Principal } from '@tuki/platform';
import { caseRoleOf, tableOf, whereMayList } from './case-access';
import { CaseAccess, type OpenedCase } from './case-access.service';
import { CaseCategory } from './case-category.entity';
import { CaseContact, newCaseContact } from './case-contact.entity';
import { CaseSealer } from './case-sealer';
import {
  AGE_BANDS,
  DECLINED,
  GENDERS,
  NOT_ASKED,
  assignableCategories,
  mayMoveStatus,
  type CaseSettings,
  type CaseStatus,
} from './case-settings';
import { CaseSettingsService } from './case-settings.service';
import { CaseViews, DETAIL_FIELDS, SUMMARY_FIELDS } from './case-views';
import { Case } from './case.entity';
import {
  CaseChangedConcurrentlyError,
  ContactNotHeldError,
  IllegalCaseStatusError,
  UnknownCodeError,
} from './cases.errors';
import { isHeldBy, type ContactSnapshot } from './contact-snapshot';
import type { CaseDetailView, CaseSearchDto, CaseSummaryView, UpdateCaseDto } from './dto/case.dto';

// Crockford's base32 without I, L, O, U: a case number read over the phone is not misheard.
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newReference(): string {
  const chars = Array.from({ length: 8 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** The search's filters after the app turned a typed number into its pseudonymous key. */
export type CaseQuery = Omit<CaseSearchDto, 'phone'> & { callerKey?: string };

/**
 * Cases: opened from a contact by the agent who answered it, read and changed only through CaseAccess, every read
 * and write audited in its own transaction. Free text and identifiers are sealed; search never decrypts anything.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly access: CaseAccess,
    private readonly settings: CaseSettingsService,
    private readonly views: CaseViews,
    private readonly sealer: CaseSealer,
    private readonly dataKeys: DataKeysService,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly clock: Clock,
  ) {}

  /**
   * The case of the contact the agent is talking to: the one it is already linked to, or a new one. A possible
   * repeat caller's earlier case is not linked here: that waits for the caller's confirmation.
   */
  async openForContact(principal: Principal, contact: ContactSnapshot): Promise<CaseDetailView> {
    if (!isHeldBy(contact, principal.userId)) throw new ContactNotHeldError();
    return this.transactions.run(async (manager) => {
      const known = await this.rememberContact(manager, principal.helplineId, contact);
      if (known.caseId) return this.readWith(manager, principal, known.caseId);
      const now = this.clock.nowMs();
      const key = await this.dataKeys.create(manager, principal.helplineId);
      key.plain.fill(0);
      const row = manager.create(Case, {
        id: randomUUID(),
        helplineId: principal.helplineId,
        reference: await this.freeReference(manager, principal.helplineId),
        status: 'open',
        riskLevel: 'none',
        callerKey: contact.callerKey,
        dataKeyId: key.id,
        summarySealed: null,
        codeWordSealed: null,
        phoneSealed: null,
        ageBand: NOT_ASKED,
        gender: NOT_ASKED,
        region: NOT_ASKED,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        version: 1,
      });
      await manager.insert(Case, row);
      await manager.update(CaseContact, { contactId: contact.contactId }, { caseId: row.id });
      await this.access.markWorked(manager, row.helplineId, row.id, principal.userId, now);
      await this.access.record(manager, principal, { row, purpose: 'participant', purposeRef: null }, 'case.created', [
        'status',
        'contacts',
      ]);
      await this.outbox.append(manager, row.helplineId, 'case.contact-linked', {
        caseId: row.id,
        contactId: contact.contactId,
        how: 'new-case',
      });
      return this.views.detail(manager, row, 'participant');
    });
  }

  /** A full read: every sealed field opened, and the read audited with why the asker may. */
  get(principal: Principal, caseId: string): Promise<CaseDetailView> {
    return this.transactions.run((manager) => this.readWith(manager, principal, caseId));
  }

  async update(principal: Principal, caseId: string, dto: UpdateCaseDto): Promise<CaseDetailView> {
    return this.transactions.run(async (manager) => {
      const opened = await this.access.open(manager, principal, caseId);
      const { row, settings, now } = opened;
      const previousStatus = row.status;
      if (dto.version !== undefined && dto.version !== row.version) throw new CaseChangedConcurrentlyError();
      const changes: Partial<Case> = {};
      const fields: string[] = [];
      const place = (field: string) => ({
        helplineId: row.helplineId,
        caseId: row.id,
        dataKeyId: row.dataKeyId,
        rowId: row.id,
        field,
      });
      if (dto.status !== undefined && dto.status !== row.status) {
        if (!mayMoveStatus(settings, row.status as CaseStatus, dto.status))
          throw new IllegalCaseStatusError(row.status, dto.status);
        changes.status = dto.status;
        changes.closedAt = dto.status === 'closed' ? now : null;
        fields.push('status');
      }
      if (dto.riskLevel !== undefined) {
        changes.riskLevel = dto.riskLevel;
        fields.push('riskLevel');
      }
      for (const [field, allowed] of factLists(settings)) {
        const value = dto[field];
        if (value === undefined) continue;
        if (!allowed.has(value)) throw new UnknownCodeError(field, value);
        changes[field] = value;
        fields.push(field);
      }
      for (const field of ['summary', 'codeWord', 'phone'] as const) {
        const value = dto[field];
        if (value === undefined) continue;
        const text = field === 'codeWord' && value !== null ? normaliseCodeWord(value) : value;
        changes[`${field}Sealed`] = text === null ? null : await this.sealer.seal(manager, place(field), text);
        fields.push(field);
      }
      if (dto.categories !== undefined) {
        const allowed = assignableCategories(settings);
        const unknown = dto.categories.find((code) => !allowed.has(code));
        if (unknown) throw new UnknownCodeError('categories', unknown);
        await manager.delete(CaseCategory, { caseId: row.id, helplineId: row.helplineId });
        const codes = [...new Set(dto.categories)];
        if (codes.length > 0)
          await manager.insert(
            CaseCategory,
            codes.map((code) => ({ caseId: row.id, code, helplineId: row.helplineId })),
          );
        fields.push('categories');
      }
      const result = await manager.update(
        Case,
        { id: row.id, version: row.version },
        { ...changes, updatedAt: now, version: row.version + 1 },
      );
      if (!result.affected) throw new CaseChangedConcurrentlyError();
      const updated = Object.assign(row, changes, { updatedAt: now, version: row.version + 1 });
      await this.access.markWorked(manager, row.helplineId, row.id, principal.userId, now);
      await this.access.record(manager, principal, opened, 'case.updated', fields);
      if (changes.status) {
        await this.outbox.append(manager, row.helplineId, 'case.status-changed', {
          caseId: row.id,
          from: previousStatus,
          to: changes.status,
        });
      }
      await this.access.record(manager, principal, opened, 'case.read', DETAIL_FIELDS);
      return this.views.detail(manager, updated, opened.purpose);
    });
  }

  /**
   * Lists and searches cases without decrypting anything: by case number, pseudonymous key, category, status and
   * creation date. The access rule is part of the query, so a forbidden case is never among the rows; each case
   * shown is audited as listed.
   */
  async search(principal: Principal, filter: CaseQuery): Promise<CaseSummaryView[]> {
    if (caseRoleOf(principal) === 'none') return [];
    return this.transactions.run(async (manager) => {
      const settings = await this.settings.get(manager, principal.helplineId);
      const now = this.clock.nowMs();
      let query = manager
        .getRepository(Case)
        .createQueryBuilder('c')
        .where('c.helplineId = :helplineId', { helplineId: principal.helplineId });
      if (filter.reference)
        query = query.andWhere('c.reference = :reference', { reference: filter.reference.toUpperCase() });
      if (filter.callerKey) query = query.andWhere('c.callerKey = :callerKey', { callerKey: filter.callerKey });
      if (filter.status) query = query.andWhere('c.status = :status', { status: filter.status });
      if (filter.from !== undefined) query = query.andWhere('c.createdAt >= :from', { from: filter.from });
      if (filter.to !== undefined) query = query.andWhere('c.createdAt < :to', { to: filter.to });
      if (filter.category) {
        query = query.andWhere(
          `EXISTS (SELECT 1 FROM ${tableOf(query, CaseCategory)} cc WHERE cc.case_id = c.id AND cc.code = :category)`,
          { category: filter.category },
        );
      }
      query = whereMayList(query, principal, settings, now)
        .orderBy('c.updatedAt', 'DESC')
        .addOrderBy('c.id', 'ASC')
        .take(filter.limit ?? 50);
      const rows = await query.getMany();
      const categories = await this.views.categoriesOf(
        manager,
        rows.map((r) => r.id),
      );
      const views: CaseSummaryView[] = [];
      const listed = [];
      for (const row of rows) {
        const why = await this.access.reasonToOpen(manager, principal, row, settings, now);
        views.push(this.views.summary(row, categories.get(row.id) ?? [], why !== null));
        listed.push({ row, purpose: why?.purpose ?? 'supervision', purposeRef: why?.purposeRef ?? null });
      }
      await this.access.recordAll(manager, principal, listed, 'case.listed', SUMMARY_FIELDS);
      return views;
    });
  }

  private async readWith(manager: EntityManager, principal: Principal, caseId: string): Promise<CaseDetailView> {
    const opened: OpenedCase = await this.access.open(manager, principal, caseId);
    const view = await this.views.detail(manager, opened.row, opened.purpose);
    // Last in the transaction: the append locks the helpline's audit head until commit, so other reads wait less.
    await this.access.record(manager, principal, opened, 'case.read', DETAIL_FIELDS);
    return view;
  }

  /** Puts the contact into this domain's read model now (its events may come later) and returns the stored row. */
  async rememberContact(manager: EntityManager, helplineId: string, contact: ContactSnapshot): Promise<CaseContact> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(CaseContact)
      .values(newCaseContact({ ...contact, helplineId, caseId: null }))
      .orIgnore()
      .execute();
    return (await manager.findOneBy(CaseContact, { contactId: contact.contactId, helplineId }))!;
  }

  private async freeReference(manager: EntityManager, helplineId: string): Promise<string> {
    for (;;) {
      const reference = newReference();
      if (!(await manager.existsBy(Case, { helplineId, reference }))) return reference;
    }
  }
}

/** The coarse facts and the values each may take. */
function factLists(settings: CaseSettings): ['ageBand' | 'gender' | 'region', Set<string>][] {
  const withUnknowns = (values: readonly string[]) => new Set([NOT_ASKED, DECLINED, ...values]);
  return [
    ['ageBand', withUnknowns(AGE_BANDS)],
    ['gender', withUnknowns(GENDERS)],
    ['region', withUnknowns(settings.regions)],
  ];
}

/** A code word is compared without regard to case, surrounding spaces or Unicode form. */
export function normaliseCodeWord(word: string): string {
  return word.normalize('NFC').trim().toLocaleLowerCase('fi');
}
