import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog, Clock, TransactionRunner, saveSettingsDocument, type Principal } from '@tuki/platform';
import { CaseSettingsRow } from './case-settings.entity';
import { DEFAULT_CASE_SETTINGS, caseSettingsSchema, type CaseSettings } from './case-settings';
import { InvalidCaseSettingsError } from './cases.errors';

/**
 * Each helpline's case settings: the defaults until an admin saves their own. Read from the database on every use
 * (one indexed row), so a change takes effect on every process at once.
 */
@Injectable()
export class CaseSettingsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async get(manager: EntityManager, helplineId: string): Promise<CaseSettings> {
    const row = await manager.findOneBy(CaseSettingsRow, { helplineId });
    return row ? (JSON.parse(row.document) as CaseSettings) : DEFAULT_CASE_SETTINGS;
  }

  read(helplineId: string): Promise<CaseSettings> {
    return this.transactions.run((manager) => this.get(manager, helplineId));
  }

  /** Replaces the settings as a whole, validated; every problem is named at once. */
  async replace(principal: Principal, input: unknown): Promise<CaseSettings> {
    const parsed = caseSettingsSchema.safeParse(input);
    if (!parsed.success) {
      throw new InvalidCaseSettingsError(
        parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`),
      );
    }
    return this.transactions.run((manager) =>
      saveSettingsDocument(
        manager,
        this.audit,
        CaseSettingsRow,
        { principal, kind: 'case-settings', nowMs: this.clock.nowMs() },
        parsed.data,
      ),
    );
  }
}

/** The audit's actor for a signed-in staff member. */
export function actorOf(principal: Principal) {
  return { kind: 'staff' as const, id: principal.userId, roles: [...principal.roles] };
}
