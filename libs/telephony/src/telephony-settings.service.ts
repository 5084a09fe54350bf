import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, TransactionRunner, saveSettingsDocument, type Principal } from '@tuki/platform';
import { TelephonySettingsRow } from './telephony-settings.entity';
import { DEFAULT_TELEPHONY_SETTINGS, telephonySettingsSchema, type TelephonySettings } from './telephony-settings';
import { InvalidTelephonySettingsError } from './telephony.errors';

/**
 * Each helpline's telephony settings: the defaults until an admin saves their own; read on every call, so every
 * process sees a change at once.
 */
@Injectable()
export class TelephonySettingsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  read(helplineId: string): Promise<TelephonySettings> {
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(TelephonySettingsRow, { helplineId });
      return row ? (JSON.parse(row.document) as TelephonySettings) : DEFAULT_TELEPHONY_SETTINGS;
    });
  }

  /** Validates a whole settings document, naming every problem at once. */
  parse(input: unknown): TelephonySettings {
    const parsed = telephonySettingsSchema.safeParse(input);
    if (!parsed.success) {
      throw new InvalidTelephonySettingsError(
        parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`),
      );
    }
    return parsed.data;
  }

  /** Replaces the settings as a whole (validated here again: the caller may have skipped `parse`). */
  async replace(principal: Principal, input: unknown): Promise<TelephonySettings> {
    const settings = this.parse(input);
    return this.transactions.run((manager) =>
      saveSettingsDocument(
        manager,
        this.audit,
        TelephonySettingsRow,
        { principal, kind: 'telephony-settings', nowMs: this.clock.nowMs() },
        settings,
      ),
    );
  }
}
