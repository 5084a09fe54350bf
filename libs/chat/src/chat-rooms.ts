/** The socket namespace of callers' chats: callers never share a namespace with staff. */
export const CHAT_NAMESPACE = '/chat';

/** The room of one conversation in the chat namespace: the caller's sockets, on whichever api process. */
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;

/** What the caller's page shows about the conversation. */
export type CallerChatState = 'waiting' | 'connected' | 'callback' | 'ended';

/** A contact's state as the caller sees it: no agent ids, no internal steps. */
export function callerStateOf(contactState: string): CallerChatState {
  switch (contactState) {
    case 'queued':
    case 'offered':
      return 'waiting';
    case 'connected':
      return 'connected';
    case 'callback-pending':
    case 'merged':
      return 'callback';
    default:
      return 'ended';
  }
}
