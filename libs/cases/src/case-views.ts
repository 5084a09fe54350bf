import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { CaseCategory } from './case-category.entity';
import { CaseContact } from './case-contact.entity';
import { CaseFollowUp } from './case-follow-up.entity';
import { CaseNote } from './case-note.entity';
import { CaseReferral } from './case-referral.entity';
import { CaseSealer } from './case-sealer';
import type { Case } from './case.entity';
import type { CaseContactView, CaseDetailView, CaseSummaryView, TimelineEntryView } from './dto/case.dto';

/** The fields a full read of a case shows: named in its audit entry. */
export const DETAIL_FIELDS = [
  'status',
  'riskLevel',
  'categories',
  'summary',
  'facts',
  'notes',
  'contacts',
  'referrals',
  'followUps',
];
/** The fields a list or search shows of each case. */
export const SUMMARY_FIELDS = ['reference', 'status', 'riskLevel', 'categories', 'dates'];

export function toCaseContactView(row: CaseContact): CaseContactView {
  return {
    contactId: row.contactId,
    channel: row.channel,
    queueId: row.queueId,
    language: row.language,
    firstArrivedAt: row.firstArrivedAt,
    answeredAt: row.answeredAt,
    endedAt: row.endedAt,
    state: row.state,
    classification: row.classification,
    categories: JSON.parse(row.categories) as string[],
    outcome: row.outcome,
  };
}

/** Builds what staff see of a case, opening its sealed fields with the case's data key. */
@Injectable()
export class CaseViews {
  constructor(private readonly sealer: CaseSealer) {}

  async categoriesOf(manager: EntityManager, caseIds: string[]): Promise<Map<string, string[]>> {
    const byCase = new Map<string, string[]>(caseIds.map((id) => [id, []]));
    if (caseIds.length === 0) return byCase;
    const rows = await manager.find(CaseCategory, { where: { caseId: In(caseIds) }, order: { code: 'ASC' } });
    for (const row of rows) byCase.get(row.caseId)?.push(row.code);
    return byCase;
  }

  summary(row: Case, categories: string[], mayOpen: boolean): CaseSummaryView {
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      riskLevel: row.riskLevel,
      categories,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      closedAt: row.closedAt,
      mayOpen,
    };
  }

  async detail(manager: EntityManager, row: Case, access: string): Promise<CaseDetailView> {
    const where = { helplineId: row.helplineId, caseId: row.id };
    // One after another: the queries share the transaction's one connection.
    const categories = await this.categoriesOf(manager, [row.id]);
    const notes = await manager.find(CaseNote, { where, order: { createdAt: 'ASC', id: 'ASC' } });
    const contacts = await manager.find(CaseContact, { where, order: { firstArrivedAt: 'ASC' } });
    const referrals = await manager.find(CaseReferral, { where, order: { createdAt: 'ASC' } });
    const followUps = await manager.find(CaseFollowUp, { where, order: { createdAt: 'ASC' } });
    const place = (rowId: string, field: string) => ({
      helplineId: row.helplineId,
      caseId: row.id,
      dataKeyId: row.dataKeyId,
      rowId,
      field,
    });
    const noteViews = [];
    for (const note of notes) {
      noteViews.push({
        id: note.id,
        authorId: note.authorId,
        contactId: note.contactId,
        body: await this.sealer.open(manager, place(note.id, 'body'), note.bodySealed),
        createdAt: note.createdAt,
      });
    }
    const phone = row.phoneSealed ? await this.sealer.open(manager, place(row.id, 'phone'), row.phoneSealed) : null;
    const timeline: TimelineEntryView[] = [
      ...contacts.map((c) => ({ kind: 'contact', at: c.firstArrivedAt, id: c.contactId })),
      ...notes.map((n) => ({ kind: 'note', at: n.createdAt, id: n.id })),
      ...referrals.map((r) => ({ kind: 'referral', at: r.createdAt, id: r.id })),
      ...followUps.map((f) => ({ kind: 'follow-up', at: f.createdAt, id: f.id })),
    ].sort((a, b) => a.at - b.at || a.kind.localeCompare(b.kind));
    return {
      ...this.summary(row, categories.get(row.id) ?? [], true),
      version: row.version,
      summary: row.summarySealed ? await this.sealer.open(manager, place(row.id, 'summary'), row.summarySealed) : null,
      hasCodeWord: row.codeWordSealed !== null,
      phoneMasked: phone ? `${'•'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}` : null,
      ageBand: row.ageBand,
      gender: row.gender,
      region: row.region,
      notes: noteViews,
      contacts: contacts.map(toCaseContactView),
      referrals: referrals.map((r) => ({ id: r.id, code: r.code, contactId: r.contactId, createdAt: r.createdAt })),
      followUps: followUps.map((f) => ({ id: f.id, callbackId: f.callbackId, notBefore: f.notBefore })),
      timeline,
      access,
    };
  }
}
