import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Principal, lockForTransaction } from '@tuki/platform';
import { CaseAccess } from './case-access.service';
import { CaseContact } from './case-contact.entity';
import { CaseFollowUp } from './case-follow-up.entity';
import { CaseSealer } from './case-sealer';
import { NoPhoneForFollowUpError } from './cases.errors';

/**
 * Follow-up calls from a case. The cases domain hands the app the number to ring (the one typed, or the one kept in
 * the case, whose read is audited); the app passes it straight to callbacks, and the callback's id comes back here.
 * The number is never put in an event or a job.
 */
@Injectable()
export class CaseFollowUps {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly access: CaseAccess,
    private readonly sealer: CaseSealer,
  ) {}

  /** Step 1: checks access and gives the number to ring, with the follow-up's id (the callback's idempotency key). */
  async prepare(principal: Principal, caseId: string, typed?: string): Promise<{ followUpId: string; number: string }> {
    return this.transactions.run(async (manager) => {
      const opened = await this.access.open(manager, principal, caseId);
      const { row } = opened;
      let number = typed;
      if (!number) {
        if (!row.phoneSealed) throw new NoPhoneForFollowUpError();
        number = await this.sealer.open(
          manager,
          { helplineId: row.helplineId, caseId: row.id, dataKeyId: row.dataKeyId, rowId: row.id, field: 'phone' },
          row.phoneSealed,
        );
        await this.access.record(manager, principal, opened, 'case.phone-read', ['phone']);
      }
      return { followUpId: randomUUID(), number };
    });
  }

  /** Step 2: the callback exists; the follow-up joins the case's timeline and its call will join the case. */
  async record(principal: Principal, caseId: string, followUpId: string, callbackId: string, notBefore: number) {
    return this.transactions.run(async (manager) => {
      const opened = await this.access.open(manager, principal, caseId);
      await lockForTransaction(manager, `follow-up:${callbackId}`);
      await manager
        .createQueryBuilder()
        .insert()
        .into(CaseFollowUp)
        .values({
          id: followUpId,
          helplineId: opened.row.helplineId,
          caseId: opened.row.id,
          callbackId,
          notBefore,
          createdBy: principal.userId,
          createdAt: opened.now,
        })
        .orIgnore()
        .execute();
      // The callback's contact may already be known here (its event came first): link it now.
      await manager.update(
        CaseContact,
        { contactId: callbackId, helplineId: opened.row.helplineId },
        { caseId: opened.row.id },
      );
      await this.access.markWorked(manager, opened.row.helplineId, opened.row.id, principal.userId, opened.now);
      await this.access.record(manager, principal, opened, 'case.follow-up-scheduled', ['followUps']);
      return { id: followUpId, callbackId, notBefore };
    });
  }
}
