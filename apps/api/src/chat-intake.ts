import { Injectable, Logger } from '@nestjs/common';
import { RoutingEngine } from '@tuki/assignment';
import {
  ChatConversations,
  ChatSettingsService,
  ChatUnavailableError,
  InvalidChatRequestError,
  callerStateOf,
  evaluateTriage,
  queueFor,
  type CallerChatState,
  type StartChatDto,
} from '@tuki/chat';
import { CallerTokens, RateLimiter, type CallerPrincipal } from '@tuki/platform';
import { ContactsService } from '@tuki/queueing';
import { CallerGate } from './caller-gate';

/** How long a caller's page may use its capability: longer than any chat, short enough to be worthless later. */
const CALLER_TOKEN_TTL_SECONDS = 12 * 60 * 60;
/** New chats per helpline and address (a keyed hash of it) per 10 minutes: a person retrying is fine, a script is not. */
const CHATS_PER_ADDRESS = { what: 'chats started from this address', limit: 5, windowMs: 10 * 60_000 };

export interface ChatStatusView {
  state: CallerChatState;
  /** 1-based place in the queue while waiting. */
  position: number | null;
  estimatedWaitSeconds: number | null;
  /** Offer the caller to leave a number: the wait is long, or nobody on duty can answer now. */
  offerCallback: boolean;
  /** The number of the last message, so a page knows whether it missed one. */
  lastSeq: number;
}

/**
 * Starts web chats: the helpline's settings and the caller's triage answers make a contact of channel `chat` in the
 * right queue with the right priority, routed at once; the page gets a capability for its own conversation only.
 */
@Injectable()
export class ChatIntake {
  private readonly logger = new Logger(ChatIntake.name);

  constructor(
    private readonly settings: ChatSettingsService,
    private readonly conversations: ChatConversations,
    private readonly contacts: ContactsService,
    private readonly routing: RoutingEngine,
    private readonly tokens: CallerTokens,
    private readonly limiter: RateLimiter,
    private readonly gate: CallerGate,
  ) {}

  async start(
    helplineId: string,
    dto: StartChatDto,
    address: string,
  ): Promise<{ conversationId: string; token: string } & ChatStatusView> {
    const settings = await this.settings.read(helplineId);
    if (!settings.enabled) throw new ChatUnavailableError('this helpline has no web chat');
    const problems: string[] = [];
    if (!settings.languages.includes(dto.language)) problems.push(`language: one of ${settings.languages.join(', ')}`);
    if (dto.topic !== undefined && !settings.topics.some((topic) => topic.code === dto.topic))
      problems.push(`topic: one of ${settings.topics.map((topic) => topic.code).join(', ')}`);
    const triage = evaluateTriage(settings.triage, dto.triage ?? {});
    if ('problems' in triage) problems.push(...triage.problems);
    if (problems.length > 0 || 'problems' in triage) throw new InvalidChatRequestError(problems);
    const queueId = queueFor(settings, dto.topic);
    if (!queueId) throw new ChatUnavailableError('no queue is set for chats');
    const addressKey = this.gate.addressKey(address);
    await this.gate.admitChat(helplineId, addressKey);
    await this.limiter.consume(`chat-start:${helplineId}`, addressKey, CHATS_PER_ADDRESS);

    const conversation = await this.conversations.open(helplineId, addressKey);
    const contact = await this.contacts
      .create(
        helplineId,
        { kind: 'caller', id: conversation.id },
        {
          idempotencyKey: `chat:${conversation.id}`,
          queueId,
          channel: 'chat',
          language: dto.language,
          topic: dto.topic,
          priority: triage.priority,
          riskFlags: triage.riskFlags,
        },
      )
      .then(
        (made) => made.contact,
        async (error: unknown) => {
          // The queue refused it (closed, or not for this language): no half-made chat is left behind.
          await this.conversations.discard(helplineId, conversation.id);
          throw error;
        },
      );
    await this.conversations.linkContact(helplineId, conversation.id, contact.id);
    await this.routing
      .routeContact(helplineId, contact.id)
      .catch((error: unknown) => this.logger.warn(`Routing a new chat deferred: ${(error as Error).message}`));
    const token = this.tokens.issue({ helplineId, conversationId: conversation.id }, CALLER_TOKEN_TTL_SECONDS);
    return {
      conversationId: conversation.id,
      token,
      ...(await this.status({ kind: 'caller', helplineId, conversationId: conversation.id })),
    };
  }

  /** Where the caller stands: waiting (place and honest estimate), talking, called back later, or ended. */
  async status(caller: CallerPrincipal): Promise<ChatStatusView> {
    const conversation = await this.conversations.get(caller.helplineId, caller.conversationId);
    const waitingFor = { position: null, estimatedWaitSeconds: null, offerCallback: false };
    if (!conversation.contactId) return { state: 'ended', ...waitingFor, lastSeq: conversation.lastSeq };
    const contact = await this.contacts.get(caller.helplineId, conversation.contactId);
    // A chat that became a callback has ended as a conversation, but for the caller the callback is still to come.
    const closedState =
      contact.channel === 'callback' && callerStateOf(contact.state) !== 'ended' ? 'callback' : 'ended';
    const state = conversation.status === 'open' ? callerStateOf(contact.state) : closedState;
    if (state !== 'waiting') return { state, ...waitingFor, lastSeq: conversation.lastSeq };
    const where = await this.routing.position(caller.helplineId, contact.id).catch(() => undefined);
    return {
      state,
      position: where?.position ?? null,
      estimatedWaitSeconds: where?.estimatedWaitSeconds ?? null,
      offerCallback: where?.offerCallback ?? false,
      lastSeq: conversation.lastSeq,
    };
  }
}
