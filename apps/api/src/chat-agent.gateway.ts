import { MessageBody, SubscribeMessage } from '@nestjs/websockets';
import {
  AgentChatMessageDto,
  AgentChatSyncDto,
  AgentChatTypingDto,
  ChatConversations,
  type ChatMessageView,
} from '@tuki/chat';
import { CurrentPrincipal, Roles, type Principal, GuardedGateway } from '@tuki/platform';
import { ChatRelay } from './chat-relay';

/** The agent's side of web chats, on the staff namespace: only the agent holding a chat contact may use it. */
@GuardedGateway()
export class ChatAgentGateway {
  constructor(
    private readonly relay: ChatRelay,
    private readonly conversations: ChatConversations,
  ) {}

  @SubscribeMessage('chat.send')
  @Roles('agent')
  async send(
    @CurrentPrincipal() principal: Principal,
    @MessageBody() dto: AgentChatMessageDto,
  ): Promise<{ seq: number }> {
    const conversationId = await this.relay.conversationForAgent(
      principal.helplineId,
      principal.userId,
      dto.contactId,
      true,
    );
    const message = await this.relay.post(principal.helplineId, conversationId, {
      sender: 'agent',
      agentId: principal.userId,
      clientId: dto.clientId,
      text: dto.text,
    });
    return { seq: message.seq };
  }

  @SubscribeMessage('chat.sync')
  @Roles('agent')
  async sync(
    @CurrentPrincipal() principal: Principal,
    @MessageBody() dto: AgentChatSyncDto,
  ): Promise<{ messages: ChatMessageView[] }> {
    const conversationId = await this.relay.conversationForAgent(
      principal.helplineId,
      principal.userId,
      dto.contactId,
      false,
    );
    return { messages: await this.conversations.since(principal.helplineId, conversationId, dto.afterSeq) };
  }

  @SubscribeMessage('chat.typing')
  @Roles('agent')
  async typing(
    @CurrentPrincipal() principal: Principal,
    @MessageBody() dto: AgentChatTypingDto,
  ): Promise<{ ok: true }> {
    const conversationId = await this.relay.conversationForAgent(
      principal.helplineId,
      principal.userId,
      dto.contactId,
      true,
    );
    this.relay.agentTyping(conversationId, dto.typing);
    return { ok: true };
  }
}
