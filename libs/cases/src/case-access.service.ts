import { Injectable } from '@nestjs/common';
import { MoreThan, type EntityManager } from 'typeorm';
import { AuditLog, Clock, type AuditRecord, type Principal } from '@tuki/platform';
import { caseRoleOf } from './case-access';
import { CaseGrant } from './case-grant.entity';
import { CaseParticipant } from './case-participant.entity';
import type { CaseSettings } from './case-settings';
import { CaseSettingsService, actorOf } from './case-settings.service';
import { Case } from './case.entity';
import { BreakGlassRequiredError, CaseNotFoundError } from './cases.errors';

const DAY_MS = 24 * 3600_000;

/** A case the asker may open, why they may, and the helpline's settings it was judged by. */
export interface OpenedCase {
  row: Case;
  settings: CaseSettings;
  /** participant, or the kind of the grant (assigned, repeat-caller, break-glass). */
  purpose: string;
  /** The grant's id when the access comes from one. */
  purposeRef: string | null;
  now: number;
}

/**
 * The one gate in front of every read and write of one case, and the audit of it. Agents who may not open a case
 * are told it does not exist; supervisors are told to break the glass.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly settings: CaseSettingsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async open(manager: EntityManager, principal: Principal, caseId: string): Promise<OpenedCase> {
    const role = caseRoleOf(principal);
    if (role === 'none') throw new CaseNotFoundError();
    const row = await manager.findOneBy(Case, { id: caseId, helplineId: principal.helplineId });
    if (!row) throw new CaseNotFoundError();
    const settings = await this.settings.get(manager, principal.helplineId);
    const now = this.clock.nowMs();
    const why = await this.reasonToOpen(manager, principal, row, settings, now);
    if (!why) throw role === 'supervisor' ? new BreakGlassRequiredError() : new CaseNotFoundError();
    return { row, settings, now, ...why };
  }

  /** Why this principal may open this case now, or null. */
  async reasonToOpen(
    manager: EntityManager,
    principal: Principal,
    row: Case,
    settings: CaseSettings,
    now: number,
  ): Promise<{ purpose: string; purposeRef: string | null } | null> {
    const participant = await manager.findOneBy(CaseParticipant, {
      caseId: row.id,
      userId: principal.userId,
      helplineId: row.helplineId,
      lastWorkedAt: MoreThan(now - settings.agentAccessDays * DAY_MS),
    });
    if (participant) return { purpose: 'participant', purposeRef: null };
    const grant = await manager.findOne(CaseGrant, {
      where: { caseId: row.id, userId: principal.userId, helplineId: row.helplineId, expiresAt: MoreThan(now) },
      order: { expiresAt: 'DESC' },
    });
    return grant ? { purpose: grant.kind, purposeRef: grant.id } : null;
  }

  /** Working on a case (writing, answering its contact) keeps it open to the worker for the access period. */
  async markWorked(manager: EntityManager, helplineId: string, caseId: string, userId: string, at: number) {
    await manager
      .getRepository(CaseParticipant)
      .upsert({ caseId, userId, helplineId, lastWorkedAt: at }, ['caseId', 'userId']);
  }

  /** Appends who did what to which fields of the case, and why, in the same transaction as the read or write. */
  async record(
    manager: EntityManager,
    principal: Principal,
    opened: Pick<OpenedCase, 'row' | 'purpose' | 'purposeRef'>,
    action: string,
    fields: string[],
  ): Promise<void> {
    await this.recordAll(manager, principal, [opened], action, fields);
  }

  /** record() for several cases at once (a list): one append, one turn of the helpline's chain lock. */
  async recordAll(
    manager: EntityManager,
    principal: Principal,
    opened: Pick<OpenedCase, 'row' | 'purpose' | 'purposeRef'>[],
    action: string,
    fields: string[],
  ): Promise<void> {
    await this.audit.append(
      manager,
      principal.helplineId,
      opened.map((one): AuditRecord => ({
        actor: actorOf(principal),
        action,
        subjectType: 'case',
        subjectId: one.row.id,
        fields,
        purpose: one.purpose,
        purposeRef: one.purposeRef,
      })),
    );
  }
}
