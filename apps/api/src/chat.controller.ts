import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CallbackReceiptView, RequestCallbackDto } from '@tuki/callbacks';
import {
  ChatConversations,
  ChatSettingsService,
  ChatUnavailableError,
  StartChatDto,
  type ChatSettings,
  type Texts,
} from '@tuki/chat';
import {
  CallerOnly,
  CurrentCaller,
  CurrentPrincipal,
  Public,
  Roles,
  type CallerPrincipal,
  type Principal,
} from '@tuki/platform';
import { IllegalTransitionError } from '@tuki/queueing';
import { ChatIntake, type ChatStatusView } from './chat-intake';
import { uuidParam } from './route-params';
import { WaitingCallers } from './waiting-callers';

/** What the public chat page needs before a chat starts: never the queues, priorities or risk codes behind answers. */
export interface ChatSetupView {
  languages: string[];
  topics: { code: string; label: Texts }[];
  triage: { id: string; question: Texts; answers: { id: string; label: Texts }[] }[];
  quickExitUrl: string;
  /** The helpline's welcome and notice, per language; null when it has none. */
  greeting: Texts | null;
  announcement: Texts | null;
}

function setupOf(settings: ChatSettings): ChatSetupView {
  return {
    languages: settings.languages,
    topics: settings.topics.map(({ code, label }) => ({ code, label })),
    triage: settings.triage.map(({ id, question, answers }) => ({
      id,
      question,
      answers: answers.map((answer) => ({ id: answer.id, label: answer.label })),
    })),
    quickExitUrl: settings.quickExitUrl,
    // Documents saved before these existed lack them.
    greeting: settings.greeting ?? null,
    announcement: settings.announcement ?? null,
  };
}

/**
 * The web chat's HTTP side: the public setup, starting a chat (anonymous, rate-limited), and what a caller holding
 * their conversation's capability may do: see where they stand, leave a number, leave. Messages go over the socket.
 */
@ApiTags('chat')
@Controller()
export class ChatController {
  constructor(
    private readonly intake: ChatIntake,
    private readonly settings: ChatSettingsService,
    private readonly conversations: ChatConversations,
    private readonly waiting: WaitingCallers,
  ) {}

  @Get('chat/:helplineId/setup')
  @Public('the chat page asks what to offer before anyone is known')
  async setup(@Param('helplineId', uuidParam) helplineId: string): Promise<ChatSetupView> {
    const settings = await this.settings.read(helplineId);
    if (!settings.enabled) throw new ChatUnavailableError('this helpline has no web chat');
    return setupOf(settings);
  }

  @Post('chat/:helplineId/conversations')
  @Public('callers start chats anonymously (rate-limited per address)')
  start(
    @Param('helplineId', uuidParam) helplineId: string,
    @Body() dto: StartChatDto,
    @Req() request: FastifyRequest,
  ): Promise<{ conversationId: string; token: string } & ChatStatusView> {
    return this.intake.start(helplineId, dto, request.ip);
  }

  @Get('chat/status')
  @ApiBearerAuth()
  @CallerOnly('a caller sees where they stand')
  status(@CurrentCaller() caller: CallerPrincipal): Promise<ChatStatusView> {
    return this.intake.status(caller);
  }

  /** Leave a number and close the page: the caller keeps their place and is called back. */
  @Post('chat/callback')
  @HttpCode(200)
  @ApiBearerAuth()
  @CallerOnly('a waiting caller leaves a number')
  async callback(
    @CurrentCaller() caller: CallerPrincipal,
    @Body() dto: RequestCallbackDto,
  ): Promise<Pick<CallbackReceiptView, 'merged'> & { promisedBy: number }> {
    const contactId = await this.contactOf(caller);
    const receipt = await this.waiting.requestCallback(caller.helplineId, contactId, dto, {
      kind: 'caller',
      id: caller.conversationId,
    });
    await this.conversations.end(caller.helplineId, caller.conversationId);
    // The caller's page learns only what it needs: when to expect the call.
    return { merged: receipt.merged, promisedBy: receipt.callback.promisedBy };
  }

  /** The caller closes the chat (or pressed quick exit): the contact ends as abandoned if nobody finished it. */
  @Post('chat/leave')
  @HttpCode(200)
  @ApiBearerAuth()
  @CallerOnly('a caller ends their own chat')
  async leave(@CurrentCaller() caller: CallerPrincipal): Promise<{ state: 'ended' }> {
    const conversation = await this.conversations.get(caller.helplineId, caller.conversationId);
    if (conversation.status === 'open' && conversation.contactId) {
      await this.waiting
        .hangUp(caller.helplineId, conversation.contactId, { kind: 'caller', id: caller.conversationId })
        .catch((error: unknown) => {
          // Already ended by the agent: leaving still succeeds. Anything else is a real failure.
          if (!(error instanceof IllegalTransitionError)) throw error;
        });
    }
    await this.conversations.end(caller.helplineId, caller.conversationId);
    return { state: 'ended' };
  }

  @Get('chat-settings')
  @ApiBearerAuth()
  @Roles('admin', 'supervisor')
  chatSettings(@CurrentPrincipal() principal: Principal): Promise<ChatSettings> {
    return this.settings.read(principal.helplineId);
  }

  @Put('chat-settings')
  @ApiBearerAuth()
  @Roles('admin')
  replaceChatSettings(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<ChatSettings> {
    return this.settings.replace(principal, body);
  }

  private async contactOf(caller: CallerPrincipal): Promise<string> {
    const conversation = await this.conversations.get(caller.helplineId, caller.conversationId);
    if (conversation.status !== 'open' || !conversation.contactId)
      throw new ChatUnavailableError('this chat has ended');
    return conversation.contactId;
  }
}
