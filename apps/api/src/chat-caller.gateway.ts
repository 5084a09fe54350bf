import { Logger } from '@nestjs/common';
import { MessageBody, SubscribeMessage, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  CHAT_NAMESPACE,
  ChatConversations,
  ChatTypingDto,
  SendChatMessageDto,
  SyncChatDto,
  conversationRoom,
  type ChatMessageView,
} from '@tuki/chat';
import { CallerOnly, CallerTokens, CurrentCaller, type CallerPrincipal, GuardedGateway } from '@tuki/platform';
import { ChatIntake, type ChatStatusView } from './chat-intake';
import { ChatRelay } from './chat-relay';

/**
 * The caller's side of a web chat, in a namespace of its own: the handshake takes the conversation's capability (never
 * a staff token) and joins that conversation's room and nothing else.
 */
@GuardedGateway({ namespace: CHAT_NAMESPACE })
export class ChatCallerGateway implements OnGatewayInit {
  private readonly logger = new Logger(ChatCallerGateway.name);

  constructor(
    private readonly tokens: CallerTokens,
    private readonly conversations: ChatConversations,
    private readonly relay: ChatRelay,
    private readonly intake: ChatIntake,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket: Socket, next: (error?: Error) => void) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('UNAUTHENTICATED'));
      let caller: CallerPrincipal;
      try {
        caller = this.tokens.verify(token);
      } catch {
        return next(new Error('UNAUTHENTICATED'));
      }
      this.conversations
        .get(caller.helplineId, caller.conversationId)
        .then(() => {
          (socket.data as { caller: CallerPrincipal }).caller = caller;
          void socket.join(conversationRoom(caller.conversationId));
          next();
        })
        .catch((error: unknown) => {
          this.logger.debug(`Chat handshake refused: ${(error as Error).message}`);
          next(new Error('UNAUTHENTICATED'));
        });
    });
  }

  @SubscribeMessage('chat.send')
  @CallerOnly('the caller writes in their own chat')
  async send(
    @CurrentCaller() caller: CallerPrincipal,
    @MessageBody() dto: SendChatMessageDto,
  ): Promise<{ seq: number }> {
    const message = await this.relay.post(caller.helplineId, caller.conversationId, {
      sender: 'caller',
      clientId: dto.clientId,
      text: dto.text,
    });
    return { seq: message.seq };
  }

  @SubscribeMessage('chat.sync')
  @CallerOnly('the caller reads their own chat back after a reconnect')
  async sync(
    @CurrentCaller() caller: CallerPrincipal,
    @MessageBody() dto: SyncChatDto,
  ): Promise<{ messages: ChatMessageView[] }> {
    return { messages: await this.conversations.since(caller.helplineId, caller.conversationId, dto.afterSeq) };
  }

  @SubscribeMessage('chat.typing')
  @CallerOnly('the caller shows they are typing')
  async typing(@CurrentCaller() caller: CallerPrincipal, @MessageBody() dto: ChatTypingDto): Promise<{ ok: true }> {
    await this.relay.callerTyping(caller.helplineId, caller.conversationId, dto.typing);
    return { ok: true };
  }

  @SubscribeMessage('chat.status')
  @CallerOnly('the caller sees their place and wait')
  status(@CurrentCaller() caller: CallerPrincipal): Promise<ChatStatusView> {
    return this.intake.status(caller);
  }
}
