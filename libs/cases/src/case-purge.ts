import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvents } from '@tuki/contracts';
import { AuditLog, DataKeysService, OutboxService, type AuditRecord } from '@tuki/platform';
import { CaseCategory } from './case-category.entity';
import { CaseContact } from './case-contact.entity';
import { CaseFollowUp } from './case-follow-up.entity';
import { CaseGrant } from './case-grant.entity';
import { CaseNote } from './case-note.entity';
import { CaseParticipant } from './case-participant.entity';
import { CaseReferral } from './case-referral.entity';
import { Case } from './case.entity';
import { RepeatConfirmation } from './repeat-confirmation.entity';

/**
 * Destroys one case for good, in the caller's transaction: first its data key (crypto-shredding: every copy of its
 * sealed fields anywhere, a backup or a stolen dump, is unreadable from then on), then its rows. Its contacts'
 * anonymous facts were published already and stay in statistics; the audit keeps that the case existed (ids only).
 */
@Injectable()
export class CasePurge {
  constructor(
    private readonly dataKeys: DataKeysService,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxService<DomainEvents>,
  ) {}

  async purge(
    manager: EntityManager,
    row: Case,
    reason: 'retention' | 'subject-request',
    actor: AuditRecord['actor'],
  ): Promise<void> {
    const scope = { helplineId: row.helplineId, caseId: row.id };
    await this.dataKeys.shred(manager, row.helplineId, row.dataKeyId);
    for (const entity of [CaseNote, CaseCategory, CaseGrant, CaseReferral, CaseFollowUp, CaseParticipant])
      await manager.delete(entity, scope);
    await manager.delete(RepeatConfirmation, scope);
    // The contacts' read-model rows stay, anonymous: unlinked from the case and the pseudonym. Deleting them would let
    // a late contact event write them again, pseudonym and all.
    await manager.update(CaseContact, scope, { caseId: null, callerKey: null });
    await manager.delete(Case, { id: row.id, helplineId: row.helplineId });
    await this.audit.append(manager, row.helplineId, [
      { actor, action: 'case.purged', subjectType: 'case', subjectId: row.id, fields: ['all'], purpose: reason },
    ]);
    await this.outbox.append(manager, row.helplineId, 'case.purged', { caseId: row.id, reason });
  }
}
