import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Principal } from '@tuki/platform';
import { CallerSurrogate } from './caller-surrogate.entity';
import { CaseAccess } from './case-access.service';
import { CaseContact } from './case-contact.entity';
import { CasePurge } from './case-purge';
import { actorOf } from './case-settings.service';
import { CaseViews, DETAIL_FIELDS, toCaseContactView } from './case-views';
import { Case } from './case.entity';
import type { CaseContactView, CaseDetailView } from './dto/case.dto';

/** Everything linked to one pseudonymous key, as given to the person who asked for it. */
export interface SubjectExport {
  cases: CaseDetailView[];
  /** Contacts with this key that belong to no case. */
  contacts: CaseContactView[];
}

/**
 * A data subject's requests (GDPR articles 15 and 17), found by the pseudonymous key of the number they give: export
 * everything linked to it, or erase it (cases purged as retention does, contacts unlinked, surrogates destroyed).
 * Admins act on them; each case touched is audited with the purpose `subject-request`.
 */
@Injectable()
export class SubjectRequests {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly access: CaseAccess,
    private readonly views: CaseViews,
    private readonly purge: CasePurge,
  ) {}

  async export(principal: Principal, callerKey: string): Promise<SubjectExport> {
    return this.transactions.run(async (manager) => {
      const rows = await manager.find(Case, {
        where: { helplineId: principal.helplineId, callerKey },
        order: { createdAt: 'ASC' },
      });
      const cases: CaseDetailView[] = [];
      for (const row of rows) {
        await this.access.record(
          manager,
          principal,
          { row, purpose: 'subject-request', purposeRef: null },
          'case.exported',
          DETAIL_FIELDS,
        );
        cases.push(await this.views.detail(manager, row, 'subject-request'));
      }
      const loose = await manager.find(CaseContact, {
        where: { helplineId: principal.helplineId, callerKey },
        order: { firstArrivedAt: 'ASC' },
      });
      return { cases, contacts: loose.filter((c) => c.caseId === null).map(toCaseContactView) };
    });
  }

  async erase(principal: Principal, callerKey: string): Promise<{ erasedCases: number; unlinkedContacts: number }> {
    const rows = await this.transactions.run((manager) =>
      manager.find(Case, { where: { helplineId: principal.helplineId, callerKey } }),
    );
    for (const row of rows) {
      await this.transactions.run((manager) => this.purge.purge(manager, row, 'subject-request', actorOf(principal)));
    }
    const unlinked = await this.transactions.run(async (manager) => {
      await manager.delete(CallerSurrogate, { helplineId: principal.helplineId, callerKey });
      const result = await manager.update(
        CaseContact,
        { helplineId: principal.helplineId, callerKey },
        { callerKey: null },
      );
      return result.affected ?? 0;
    });
    return { erasedCases: rows.length, unlinkedContacts: unlinked };
  }
}
