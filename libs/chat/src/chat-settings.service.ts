import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, TransactionRunner, saveSettingsDocument, type Principal } from '@tuki/platform';
import { ChatSettingsRow } from './chat-settings.entity';
import { DEFAULT_CHAT_SETTINGS, chatSettingsSchema, type ChatSettings } from './chat-settings';
import { InvalidChatSettingsError } from './chat.errors';

/** Each helpline's chat settings: the defaults until an admin saves their own; read on every use, so every process
 * sees a change at once. */
@Injectable()
export class ChatSettingsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  read(helplineId: string): Promise<ChatSettings> {
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(ChatSettingsRow, { helplineId });
      return row ? (JSON.parse(row.document) as ChatSettings) : DEFAULT_CHAT_SETTINGS;
    });
  }

  /** Replaces the settings as a whole, validated; every problem is named at once. */
  async replace(principal: Principal, input: unknown): Promise<ChatSettings> {
    const parsed = chatSettingsSchema.safeParse(input);
    if (!parsed.success) {
      throw new InvalidChatSettingsError(
        parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`),
      );
    }
    return this.transactions.run((manager) =>
      saveSettingsDocument(
        manager,
        this.audit,
        ChatSettingsRow,
        { principal, kind: 'chat-settings', nowMs: this.clock.nowMs() },
        parsed.data,
      ),
    );
  }
}
