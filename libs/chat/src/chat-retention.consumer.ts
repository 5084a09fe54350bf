import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DomainEvents } from '@tuki/contracts';
import { EventConsumers, type DeliveredEvent } from '@tuki/platform';
import { ChatConversations } from './chat-conversations.service';

/**
 * Transcripts follow the helpline's retention period, the one case notes follow: when retention runs, chats that ended
 * before its cutoff are crypto-shredded. Running twice purges nothing more, so redelivery is harmless.
 */
@Injectable()
export class ChatRetention implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly conversations: ChatConversations,
  ) {}

  onModuleInit(): void {
    this.consumers.register('chat.retention', ['retention.applied'], (event) => this.apply(event), {
      background: true,
    });
  }

  async apply(event: DeliveredEvent): Promise<void> {
    const { endedBefore } = (event as DeliveredEvent<DomainEvents['retention.applied']>).payload;
    while ((await this.conversations.purgeEndedBefore(event.helplineId, endedBefore)) > 0) {
      // batches until none is left
    }
  }
}
