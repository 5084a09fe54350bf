// The public door of @tuki/chat: conversations, their messages, chat settings and triage as pure functions.
export * from './chat.errors';
export * from './chat-settings';
export { ChatModule } from './chat.module';
export { ChatConversations, type ChatMessageView, type NewMessage } from './chat-conversations.service';
export { ChatSettingsService } from './chat-settings.service';
export { CHAT_SENDERS, type ChatSender } from './chat-message.entity';
export type { ConversationStatus } from './chat-conversation.entity';
export * from './dto/chat.dto';
export * from './chat-rooms';
