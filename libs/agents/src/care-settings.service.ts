import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog, Clock, TransactionRunner, saveSettingsDocument, type Principal } from '@tuki/platform';
import { CareSettingsRow } from './care-settings.entity';
import { DEFAULT_CARE_SETTINGS, type CareSettings } from './care-settings';

/**
 * Each helpline's counsellor-care settings: the defaults until an admin saves their own. Read from the database on
 * every use (one row by primary key), as the other settings are, so a change takes effect on every process at once.
 */
@Injectable()
export class CareSettingsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async get(manager: EntityManager, helplineId: string): Promise<CareSettings> {
    const row = await manager.findOneBy(CareSettingsRow, { helplineId });
    // Over the defaults: a field added later takes its default for settings saved before it existed.
    return row
      ? { ...DEFAULT_CARE_SETTINGS, ...(JSON.parse(row.document) as Partial<CareSettings>) }
      : DEFAULT_CARE_SETTINGS;
  }

  read(helplineId: string): Promise<CareSettings> {
    return this.transactions.run((manager) => this.get(manager, helplineId));
  }

  /** Replaces the settings as a whole (validated by CareSettingsDto at the edge), audited. */
  async replace(principal: Principal, input: CareSettings): Promise<CareSettings> {
    // Field by field: only the known fields are stored, whatever else the object carries.
    const settings: CareSettings = {
      highRiskCap: input.highRiskCap,
      pauseAfterHighRiskSeconds: input.pauseAfterHighRiskSeconds,
      capOverrideAfterSeconds: input.capOverrideAfterSeconds,
    };
    return this.transactions.run((manager) =>
      saveSettingsDocument(
        manager,
        this.audit,
        CareSettingsRow,
        { principal, kind: 'care-settings', nowMs: this.clock.nowMs() },
        settings,
      ),
    );
  }
}
