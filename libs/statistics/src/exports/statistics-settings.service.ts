import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog, Clock, TransactionRunner, saveSettingsDocument, type Principal } from '@tuki/platform';
import { InvalidStatisticsSettingsError, StatisticsGrainFixedError } from '../statistics.errors';
import { StatisticsExport, StatisticsSettingsRow } from './statistics-entities';
import { DEFAULT_STATISTICS_SETTINGS, statisticsSettingsSchema, type StatisticsSettings } from './statistics-settings';

@Injectable()
export class StatisticsSettingsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async get(manager: EntityManager, helplineId: string): Promise<StatisticsSettings> {
    const row = await manager.findOneBy(StatisticsSettingsRow, { helplineId });
    return row ? (JSON.parse(row.document) as StatisticsSettings) : DEFAULT_STATISTICS_SETTINGS;
  }

  read(helplineId: string): Promise<StatisticsSettings> {
    return this.transactions.run((manager) => this.get(manager, helplineId));
  }

  /** Replaces the settings as a whole, validated; the grain only while no export exists. Audited. */
  async replace(principal: Principal, input: unknown): Promise<StatisticsSettings> {
    const parsed = statisticsSettingsSchema.safeParse(input);
    if (!parsed.success) {
      throw new InvalidStatisticsSettingsError(
        parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`),
      );
    }
    return this.transactions.run(async (manager) => {
      const current = await this.get(manager, principal.helplineId);
      if (
        current.grain !== parsed.data.grain &&
        (await manager.existsBy(StatisticsExport, { helplineId: principal.helplineId }))
      ) {
        throw new StatisticsGrainFixedError();
      }
      return saveSettingsDocument(
        manager,
        this.audit,
        StatisticsSettingsRow,
        { principal, kind: 'statistics-settings', nowMs: this.clock.nowMs() },
        parsed.data,
      );
    });
  }
}
