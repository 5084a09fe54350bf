import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LessThan, type EntityManager } from 'typeorm';
import { AuditLog, Clock, DataKeysService, DomainError, TransactionRunner, type Principal } from '@tuki/platform';
import { CaseContact } from './case-contact.entity';
import { CaseSealer, type SealedPlace } from './case-sealer';
import { actorOf } from './case-settings.service';
import { CaseWork } from './case-work.service';
import type { CompleteNoteDraftDto, SaveNoteDraftDto, SkipNoteDraftDto } from './dto/note-draft.dto';
import { NoteDraft } from './note-draft.entity';

export class NoteDraftNotFoundError extends DomainError {
  readonly code = 'NOTE_DRAFT_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('No note draft of yours for this contact');
  }
}

/** A contact the agent has not worked answers as if it did not exist. */
export class ContactNotWorkedError extends DomainError {
  readonly code = 'CONTACT_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Contact not found');
  }
}

export interface NoteDraftView {
  contactId: string;
  caseId: string | null;
  body: string;
  updatedAt: number;
}

/** What the agent's desk lists: drafts not yet a note nor skipped. Never the text. */
export type UnfinishedDraft = Omit<NoteDraftView, 'body'>;

const place = (draft: Pick<NoteDraft, 'helplineId' | 'dataKeyId' | 'id'>): SealedPlace => ({
  helplineId: draft.helplineId,
  caseId: 'draft',
  dataKeyId: draft.dataKeyId,
  rowId: draft.id,
  field: 'body',
});

/**
 * Note drafts: the agent's unfinished notes, saved to the server as they type (never to the browser's storage). Each
 * draft has a data key of its own, shredded when the draft becomes a note or is skipped. Only its author reads it,
 * and every read is audited like a note's.
 */
@Injectable()
export class NoteDrafts {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly sealer: CaseSealer,
    private readonly dataKeys: DataKeysService,
    private readonly audit: AuditLog,
    private readonly work: CaseWork,
    private readonly clock: Clock,
  ) {}

  async save(principal: Principal, contactId: string, dto: SaveNoteDraftDto): Promise<UnfinishedDraft> {
    return this.transactions.run(async (manager) => {
      await this.assertWorked(manager, principal, contactId);
      const now = this.clock.nowMs();
      const existing = await this.mine(manager, principal, contactId);
      const draft: NoteDraft = existing ?? {
        id: randomUUID(),
        helplineId: principal.helplineId,
        agentId: principal.userId,
        contactId,
        caseId: null,
        dataKeyId: (await this.dataKeys.create(manager, principal.helplineId)).id,
        bodySealed: '',
        updatedAt: now,
      };
      draft.caseId = dto.caseId ?? draft.caseId;
      draft.bodySealed = await this.sealer.seal(manager, place(draft), dto.body);
      draft.updatedAt = now;
      await manager.getRepository(NoteDraft).save(draft);
      return { contactId, caseId: draft.caseId, updatedAt: now };
    });
  }

  async get(principal: Principal, contactId: string): Promise<NoteDraftView> {
    return this.transactions.run(async (manager) => {
      const draft = await this.mine(manager, principal, contactId);
      if (!draft) throw new NoteDraftNotFoundError();
      const body = await this.sealer.open(manager, place(draft), draft.bodySealed);
      await this.record(manager, principal, contactId, 'note-draft.read', null);
      return { contactId, caseId: draft.caseId, body, updatedAt: draft.updatedAt };
    });
  }

  /** The agent's unfinished drafts, oldest first. */
  async desk(principal: Principal): Promise<UnfinishedDraft[]> {
    const drafts = await this.transactions.run((manager) =>
      manager.find(NoteDraft, {
        where: { helplineId: principal.helplineId, agentId: principal.userId },
        order: { updatedAt: 'ASC' },
      }),
    );
    return drafts.map((d) => ({ contactId: d.contactId, caseId: d.caseId, updatedAt: d.updatedAt }));
  }

  /** The draft becomes a note of the case (the case's access rules apply), and the draft and its key go. */
  async complete(principal: Principal, contactId: string, dto: CompleteNoteDraftDto) {
    return this.transactions.run(async (manager) => {
      const draft = await this.mine(manager, principal, contactId);
      if (!draft) throw new NoteDraftNotFoundError();
      const body = await this.sealer.open(manager, place(draft), draft.bodySealed);
      const note = await this.work.addNoteWith(manager, principal, dto.caseId, { body, contactId });
      await this.discard(manager, draft);
      return note;
    });
  }

  /** The agent leaves the contact without a note, saying why (a code): the draft and its key go. */
  async skip(principal: Principal, contactId: string, dto: SkipNoteDraftDto): Promise<void> {
    await this.transactions.run(async (manager) => {
      const draft = await this.mine(manager, principal, contactId);
      if (!draft) throw new NoteDraftNotFoundError();
      await this.discard(manager, draft);
      await this.record(manager, principal, contactId, 'note-draft.skipped', dto.reason);
    });
  }

  /** Retention: drafts left untouched since `before` go, with their keys. Returns how many. */
  async discardUntouchedSince(helplineId: string, before: number): Promise<number> {
    return this.transactions.run(async (manager) => {
      const stale = await manager.find(NoteDraft, { where: { helplineId, updatedAt: LessThan(before) }, take: 500 });
      for (const draft of stale) await this.discard(manager, draft);
      return stale.length;
    });
  }

  private async discard(manager: EntityManager, draft: NoteDraft): Promise<void> {
    await manager.delete(NoteDraft, { id: draft.id });
    await this.dataKeys.shred(manager, draft.helplineId, draft.dataKeyId);
  }

  private mine(manager: EntityManager, principal: Principal, contactId: string): Promise<NoteDraft | null> {
    return manager.findOneBy(NoteDraft, { helplineId: principal.helplineId, agentId: principal.userId, contactId });
  }

  /** The agent holds or held the contact (the cases' own read model of contacts knows who did). */
  private async assertWorked(manager: EntityManager, principal: Principal, contactId: string): Promise<void> {
    const contact = await manager.findOneBy(CaseContact, { helplineId: principal.helplineId, contactId });
    if (!contact || !(JSON.parse(contact.agentIds) as string[]).includes(principal.userId)) {
      throw new ContactNotWorkedError();
    }
  }

  private async record(
    manager: EntityManager,
    principal: Principal,
    contactId: string,
    action: string,
    reason: string | null,
  ): Promise<void> {
    await this.audit.append(manager, principal.helplineId, [
      {
        actor: actorOf(principal),
        action,
        subjectType: 'contact',
        subjectId: contactId,
        fields: ['noteDraft'],
        purpose: 'own-draft',
        purposeRef: reason,
      },
    ]);
  }
}
