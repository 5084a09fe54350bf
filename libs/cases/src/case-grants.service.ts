import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { Clock, TransactionRunner, type Principal } from '@tuki/platform';
import { CaseAccess } from './case-access.service';
import { CaseGrant, type GrantKind } from './case-grant.entity';
import { CaseSealer } from './case-sealer';
import { CaseSettingsService } from './case-settings.service';
import { Case } from './case.entity';
import { CaseNotFoundError, GrantNotFoundError, OwnBreakGlassReviewError } from './cases.errors';
import type { BreakGlassView } from './dto/case.dto';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Access to cases beyond one's own work: a supervisor gives an agent a case, a confirmed repeat caller's case opens
 * for the answering agent, and a supervisor breaks the glass with a reason that another supervisor or an admin
 * reviews.
 */
@Injectable()
export class CaseGrants {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly access: CaseAccess,
    private readonly settings: CaseSettingsService,
    private readonly sealer: CaseSealer,
    private readonly clock: Clock,
  ) {}

  /** A supervisor gives a case to a staff member for some days (default: the agent access period). */
  async give(principal: Principal, caseId: string, userId: string, days?: number) {
    return this.transactions.run(async (manager) => {
      const row = await this.caseOf(manager, principal.helplineId, caseId);
      const settings = await this.settings.get(manager, principal.helplineId);
      const grant = await this.insert(
        manager,
        row,
        userId,
        'assigned',
        principal.userId,
        (days ?? settings.agentAccessDays) * DAY_MS,
      );
      await this.access.record(
        manager,
        principal,
        { row, purpose: 'supervision', purposeRef: grant.id },
        'case.access-given',
        ['access'],
      );
      return { id: grant.id, userId, expiresAt: grant.expiresAt };
    });
  }

  /** The answering agent of a confirmed repeat caller, for the helpline's repeat-caller period. */
  async forRepeatCaller(manager: EntityManager, row: Case, agentId: string): Promise<CaseGrant> {
    const settings = await this.settings.get(manager, row.helplineId);
    return this.insert(manager, row, agentId, 'repeat-caller', agentId, settings.repeatGrantHours * HOUR_MS);
  }

  /**
   * A supervisor opens a case they have no part in. The reason is sealed under the case's key (it may say what the
   * case is about) and the opening waits, flagged, for the review of another supervisor or an admin.
   */
  async breakGlass(principal: Principal, caseId: string, reason: string) {
    return this.transactions.run(async (manager) => {
      const row = await this.caseOf(manager, principal.helplineId, caseId);
      const settings = await this.settings.get(manager, principal.helplineId);
      const id = randomUUID();
      const reasonSealed = await this.sealer.seal(manager, this.reasonPlace(row, id), reason);
      const grant = await this.insert(
        manager,
        row,
        principal.userId,
        'break-glass',
        principal.userId,
        settings.breakGlassMinutes * 60_000,
        { id, reasonSealed },
      );
      await this.access.record(
        manager,
        principal,
        { row, purpose: 'break-glass', purposeRef: grant.id },
        'case.break-glass',
        ['access', 'reason'],
      );
      return { id: grant.id, caseId, expiresAt: grant.expiresAt };
    });
  }

  /** Break-glass openings for review (supervisors and admins), newest first; reading each reason is itself audited. */
  async breakGlassOpenings(principal: Principal, onlyUnreviewed: boolean): Promise<BreakGlassView[]> {
    return this.transactions.run(async (manager) => {
      const grants = await manager.find(CaseGrant, {
        where: {
          helplineId: principal.helplineId,
          kind: 'break-glass',
          ...(onlyUnreviewed ? { reviewedAt: IsNull() } : {}),
        },
        order: { createdAt: 'DESC' },
        take: 200,
      });
      const views: BreakGlassView[] = [];
      for (const grant of grants) {
        const row = await manager.findOneBy(Case, { id: grant.caseId, helplineId: grant.helplineId });
        const reason =
          row && grant.reasonSealed
            ? await this.sealer.open(manager, this.reasonPlace(row, grant.id), grant.reasonSealed)
            : null;
        if (row) {
          await this.access.record(
            manager,
            principal,
            { row, purpose: 'break-glass-review', purposeRef: grant.id },
            'case.break-glass-read',
            ['reason'],
          );
        }
        views.push({
          id: grant.id,
          caseId: grant.caseId,
          userId: grant.userId,
          createdAt: grant.createdAt,
          expiresAt: grant.expiresAt,
          reason,
          reviewedAt: grant.reviewedAt,
          reviewedBy: grant.reviewedBy,
        });
      }
      return views;
    });
  }

  async review(principal: Principal, grantId: string) {
    return this.transactions.run(async (manager) => {
      const grant = await manager.findOneBy(CaseGrant, {
        id: grantId,
        helplineId: principal.helplineId,
        kind: 'break-glass',
      });
      if (!grant) throw new GrantNotFoundError();
      // Four eyes: whoever broke the glass does not sign off their own opening.
      if (grant.userId === principal.userId) throw new OwnBreakGlassReviewError();
      if (grant.reviewedAt === null) {
        grant.reviewedAt = this.clock.nowMs();
        grant.reviewedBy = principal.userId;
        await manager.save(grant);
        const row = await manager.findOneBy(Case, { id: grant.caseId, helplineId: grant.helplineId });
        if (row) {
          await this.access.record(
            manager,
            principal,
            { row, purpose: 'break-glass-review', purposeRef: grant.id },
            'case.break-glass-reviewed',
            ['access'],
          );
        }
      }
      return { id: grant.id, reviewedAt: grant.reviewedAt, reviewedBy: grant.reviewedBy };
    });
  }

  private async caseOf(manager: EntityManager, helplineId: string, caseId: string): Promise<Case> {
    const row = await manager.findOneBy(Case, { id: caseId, helplineId });
    if (!row) throw new CaseNotFoundError();
    return row;
  }

  private reasonPlace(row: Case, grantId: string) {
    return { helplineId: row.helplineId, caseId: row.id, dataKeyId: row.dataKeyId, rowId: grantId, field: 'reason' };
  }

  private async insert(
    manager: EntityManager,
    row: Case,
    userId: string,
    kind: GrantKind,
    grantedBy: string,
    forMs: number,
    extra: { id?: string; reasonSealed?: string } = {},
  ): Promise<CaseGrant> {
    const now = this.clock.nowMs();
    const grant = manager.create(CaseGrant, {
      id: extra.id ?? randomUUID(),
      helplineId: row.helplineId,
      caseId: row.id,
      userId,
      kind,
      grantedBy,
      reasonSealed: extra.reasonSealed ?? null,
      createdAt: now,
      expiresAt: now + forMs,
      reviewedAt: null,
      reviewedBy: null,
    });
    await manager.insert(CaseGrant, grant);
    return grant;
  }
}
