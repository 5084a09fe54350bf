import { Injectable } from '@nestjs/common';
import {
  CHAT_NAMESPACE,
  ChatConversations,
  ConversationNotFoundError,
  conversationRoom,
  type ChatMessageView,
  type NewMessage,
} from '@tuki/chat';
import { RealtimePublisher, rooms } from '@tuki/platform';
import { ContactsService } from '@tuki/queueing';

/**
 * Carries chat messages and typing between the caller's sockets (chat namespace) and the connected agent's (their
 * user room), on whichever api processes they are. A push may be lost (a Redis blip): both sides number messages and
 * ask for what they missed, so the database is the only copy that counts.
 */
@Injectable()
export class ChatRelay {
  constructor(
    private readonly conversations: ChatConversations,
    private readonly contacts: ContactsService,
    private readonly publisher: RealtimePublisher,
  ) {}

  async post(helplineId: string, conversationId: string, message: NewMessage): Promise<ChatMessageView> {
    const { message: stored, created, contactId } = await this.conversations.post(helplineId, conversationId, message);
    if (created) {
      this.publisher.emit(conversationRoom(conversationId), 'chat.message', stored, CHAT_NAMESPACE);
      const holder = await this.holderOf(helplineId, contactId);
      if (holder)
        this.publisher.emit(rooms.user(holder.agentId), 'chat.message', { ...stored, contactId: holder.contactId });
    }
    return stored;
  }

  async callerTyping(helplineId: string, conversationId: string, typing: boolean): Promise<void> {
    const { contactId } = await this.conversations.get(helplineId, conversationId);
    const holder = await this.holderOf(helplineId, contactId);
    if (holder) this.publisher.emit(rooms.user(holder.agentId), 'chat.typing', { contactId: holder.contactId, typing });
  }

  agentTyping(conversationId: string, typing: boolean): void {
    this.publisher.emit(conversationRoom(conversationId), 'chat.typing', { typing }, CHAT_NAMESPACE);
  }

  /**
   * The conversation of a chat contact the agent is connected to (or wrapping up, for reading back). Anything else,
   * including another agent's chat, is "not found".
   */
  async conversationForAgent(
    helplineId: string,
    agentId: string,
    contactId: string,
    forWriting: boolean,
  ): Promise<string> {
    const contact = await this.contacts.get(helplineId, contactId).catch(() => undefined);
    const allowed = forWriting ? ['connected'] : ['connected', 'wrap-up'];
    if (!contact || contact.agentId !== agentId || !allowed.includes(contact.state))
      throw new ConversationNotFoundError();
    const conversation = await this.conversations.byContact(helplineId, contactId);
    if (!conversation) throw new ConversationNotFoundError();
    return conversation.id;
  }

  /** The agent holding the chat's contact now (talking or wrapping up), if any. */
  private async holderOf(
    helplineId: string,
    contactId: string | null,
  ): Promise<{ agentId: string; contactId: string } | null> {
    if (!contactId) return null;
    const contact = await this.contacts.get(helplineId, contactId);
    const holding = (contact.state === 'connected' || contact.state === 'wrap-up') && contact.agentId;
    return holding ? { agentId: contact.agentId!, contactId } : null;
  }
}
