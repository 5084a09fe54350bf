import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvents } from '@tuki/contracts';
import { EventConsumers, RealtimePublisher, type DeliveredEvent } from '@tuki/platform';
import { ChatConversation } from './chat-conversation.entity';
import { ChatConversations } from './chat-conversations.service';
import { CHAT_NAMESPACE, callerStateOf, conversationRoom } from './chat-rooms';

/**
 * Tells a waiting caller's page at once when an agent joins or the contact ends (the page also asks every few seconds,
 * so a lost push only delays it), and closes the conversation when its contact ends.
 */
@Injectable()
export class ChatContactEvents implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly conversations: ChatConversations,
    private readonly publisher: RealtimePublisher,
  ) {}

  onModuleInit(): void {
    this.consumers.register(
      'chat.contacts',
      ['contact.state-changed'],
      (event, manager) => this.apply(event, manager),
      {
        accepts: (payload) => {
          const to = (payload as Partial<DomainEvents['contact.state-changed']>).to;
          return to !== 'offered' && to !== 'queued';
        },
      },
    );
  }

  private async apply(event: DeliveredEvent, manager: EntityManager): Promise<void> {
    const { contactId, to } = (event as DeliveredEvent<DomainEvents['contact.state-changed']>).payload;
    const conversation = await manager.findOneBy(ChatConversation, { helplineId: event.helplineId, contactId });
    if (!conversation) return;
    const state = callerStateOf(to);
    if (state === 'ended') await this.conversations.endWith(manager, event.helplineId, conversation.id);
    this.publisher.emit(conversationRoom(conversation.id), 'chat.state', { state }, CHAT_NAMESPACE);
  }
}
