import { DomainError } from '@tuki/platform';

/** Also the answer for another helpline's conversation or an agent who is not in it. */
export class ConversationNotFoundError extends DomainError {
  readonly code = 'CONVERSATION_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Conversation not found');
  }
}

export class ConversationEndedError extends DomainError {
  readonly code = 'CONVERSATION_ENDED';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This conversation has ended');
  }
}

export class ChatUnavailableError extends DomainError {
  readonly code = 'CHAT_UNAVAILABLE';
  readonly kind = 'conflict' as const;
  constructor(why: string) {
    super(`Chat is not available: ${why}`);
  }
}

export class InvalidChatRequestError extends DomainError {
  readonly code = 'INVALID_CHAT_REQUEST';
  readonly kind = 'invalid' as const;
  constructor(readonly problems: string[]) {
    super(problems.join('; '), { details: { problems } });
  }
}

export class InvalidChatSettingsError extends DomainError {
  readonly code = 'INVALID_CHAT_SETTINGS';
  readonly kind = 'invalid' as const;
  constructor(readonly problems: string[]) {
    super(`Invalid chat settings: ${problems.join('; ')}`, { details: { problems } });
  }
}
