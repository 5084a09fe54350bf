import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { ChatContactEvents } from './chat-contact-events.consumer';
import { ChatConversation } from './chat-conversation.entity';
import { ChatConversations } from './chat-conversations.service';
import { ChatRetention } from './chat-retention.consumer';
import { ChatMessage } from './chat-message.entity';
import { ChatSettingsRow } from './chat-settings.entity';
import { ChatSettingsService } from './chat-settings.service';
import { CreateChat1764900000000 } from './migrations/1764900000000-CreateChat';

/**
 * Web chat: anonymous conversations with numbered, sealed messages, and each helpline's chat settings. It knows
 * nothing of queueing: the api hands a chat to routing as a contact of channel `chat`.
 */
@Module({
  imports: [DatabaseModule.forFeature([ChatConversation, ChatMessage, ChatSettingsRow], [CreateChat1764900000000])],
  providers: [ChatConversations, ChatSettingsService, ChatContactEvents, ChatRetention],
  exports: [ChatConversations, ChatSettingsService],
})
export class ChatModule {}
