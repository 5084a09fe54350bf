import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Not, type EntityManager } from 'typeorm';
import type { DomainEvents } from '@tuki/contracts';
import { Clock, OutboxService, TransactionRunner, type Principal } from '@tuki/platform';
import { CaseAccess } from './case-access.service';
import { CaseContact } from './case-contact.entity';
import { CaseGrants } from './case-grants.service';
import { CaseSealer } from './case-sealer';
import { CaseSettingsService } from './case-settings.service';
import { Case } from './case.entity';
import { normaliseCodeWord, CasesService } from './cases.service';
import { CodeWordTriesExhaustedError, ContactNotHeldError } from './cases.errors';
import { isHeldBy, type ContactSnapshot } from './contact-snapshot';
import type { ConfirmRepeatCallerDto, RepeatCallerResultView } from './dto/case.dto';
import { RepeatConfirmation } from './repeat-confirmation.entity';

const digest = (word: string) => createHash('sha256').update(word, 'utf8').digest();

/**
 * A possible repeat caller becomes a confirmed one only by their own word: the code word they chose, or their
 * explicit consent, asked by the agent connected with them. Every attempt is recorded; on a match the contact joins
 * the earlier case and the agent gets time-limited, audited access to it. Until then nobody learns more than the
 * count on the offer: on a victim line the phone may be in an abuser's hands.
 */
@Injectable()
export class RepeatCallers {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly cases: CasesService,
    private readonly access: CaseAccess,
    private readonly grants: CaseGrants,
    private readonly settings: CaseSettingsService,
    private readonly sealer: CaseSealer,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly clock: Clock,
  ) {}

  async confirm(
    principal: Principal,
    contact: ContactSnapshot,
    dto: ConfirmRepeatCallerDto,
  ): Promise<RepeatCallerResultView> {
    if (!isHeldBy(contact, principal.userId)) throw new ContactNotHeldError();
    return this.transactions.run(async (manager) => {
      const known = await this.cases.rememberContact(manager, principal.helplineId, contact);
      const settings = await this.settings.get(manager, principal.helplineId);
      const candidates = contact.callerKey
        ? await manager.find(Case, {
            where: {
              helplineId: principal.helplineId,
              callerKey: contact.callerKey,
              ...(known.caseId ? { id: Not(known.caseId) } : {}),
            },
            order: { updatedAt: 'DESC' },
            take: 20,
          })
        : [];
      let match: Case | undefined;
      if (dto.method === 'code-word') {
        const misses = await manager.countBy(RepeatConfirmation, {
          helplineId: principal.helplineId,
          contactId: contact.contactId,
          result: 'no-match',
        });
        if (misses >= settings.codeWordTries) throw new CodeWordTriesExhaustedError();
        match = await this.byCodeWord(manager, candidates, dto.codeWord ?? '');
      } else {
        match = candidates[0];
      }
      const result = match ? 'confirmed' : dto.method === 'code-word' && candidates.length > 0 ? 'no-match' : 'no-case';
      // A code word that matches no case is a miss whether or not a case exists: the answer does not tell which.
      const recorded = result === 'no-case' && dto.method === 'code-word' ? 'no-match' : result;
      const confirmation = manager.create(RepeatConfirmation, {
        id: randomUUID(),
        helplineId: principal.helplineId,
        contactId: contact.contactId,
        caseId: match?.id ?? null,
        method: dto.method,
        result: recorded,
        agentId: principal.userId,
        at: this.clock.nowMs(),
      });
      await manager.insert(RepeatConfirmation, confirmation);
      if (!match) return { confirmed: false, caseId: null, reference: null, accessUntil: null };

      await manager.update(CaseContact, { contactId: contact.contactId }, { caseId: match.id });
      const grant = await this.grants.forRepeatCaller(manager, match, principal.userId);
      await this.access.record(
        manager,
        principal,
        { row: match, purpose: 'repeat-caller', purposeRef: confirmation.id },
        'case.repeat-caller-confirmed',
        ['contacts', 'access'],
      );
      await this.outbox.append(manager, principal.helplineId, 'case.contact-linked', {
        caseId: match.id,
        contactId: contact.contactId,
        how: 'repeat-caller',
      });
      return { confirmed: true, caseId: match.id, reference: match.reference, accessUntil: grant.expiresAt };
    });
  }

  private async byCodeWord(manager: EntityManager, candidates: Case[], word: string): Promise<Case | undefined> {
    const given = digest(normaliseCodeWord(word));
    for (const row of candidates) {
      if (!row.codeWordSealed) continue;
      const stored = await this.sealer.open(
        manager,
        { helplineId: row.helplineId, caseId: row.id, dataKeyId: row.dataKeyId, rowId: row.id, field: 'codeWord' },
        row.codeWordSealed,
      );
      if (timingSafeEqual(digest(stored), given)) return row;
    }
    return undefined;
  }
}
