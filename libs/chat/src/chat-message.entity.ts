import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

export const CHAT_SENDERS = ['caller', 'agent', 'system'] as const;
export type ChatSender = (typeof CHAT_SENDERS)[number];

/**
 * One message. (conversation, seq) is the key, so numbers never repeat; (conversation, sender, client id) is unique,
 * so a message re-sent after a dropped connection is stored once and answered with its first number.
 */
@Index('chat_messages_client', ['conversationId', 'sender', 'clientId'], { unique: true })
@Entity({ name: 'chat_messages' })
export class ChatMessage {
  @PrimaryColumn({ name: 'conversation_id', type: 'varchar', length: 36 })
  conversationId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ type: 'varchar', length: 8 })
  sender: ChatSender;

  /** The agent who wrote it (agent messages only). */
  @Column({ name: 'agent_id', type: 'varchar', length: 36, nullable: true })
  agentId: string | null;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  /** The text, sealed under the conversation's data key (base64); null once shredded. */
  @Column({ name: 'body_sealed', type: 'text', nullable: true })
  bodySealed: string | null;

  @Column({ name: 'sent_at', type: 'bigint', transformer: bigintAsNumber })
  sentAt: number;
}
