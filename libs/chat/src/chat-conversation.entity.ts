import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

export type ConversationStatus = 'open' | 'ended' | 'purged';

/**
 * One web chat. Anonymous: no name, no address, no caller key; what was said is in `chat_messages`, sealed under this
 * conversation's own data key, which retention destroys.
 */
@Index('chat_conversations_contact', ['helplineId', 'contactId'])
@Index('chat_conversations_status', ['helplineId', 'status', 'endedAt'])
@Entity({ name: 'chat_conversations' })
export class ChatConversation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** The queueing contact that routes this chat to an agent (set once intake made it). */
  @Column({ name: 'contact_id', type: 'varchar', length: 36, nullable: true })
  contactId: string | null;

  /**
   * A keyed hash of the address the chat came from: the only way to block an abusive chat caller, who has no number.
   * Cleared with the transcript.
   */
  @Column({ name: 'address_key', type: 'varchar', length: 64, nullable: true })
  addressKey: string | null;

  /** Null once the transcript was crypto-shredded. */
  @Column({ name: 'data_key_id', type: 'varchar', length: 36, nullable: true })
  dataKeyId: string | null;

  @Column({ type: 'varchar', length: 8 })
  status: ConversationStatus;

  /** The sequence number of the last message: messages are numbered 1, 2, 3... with no gap. */
  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;

  @Column({ name: 'started_at', type: 'bigint', transformer: bigintAsNumber })
  startedAt: number;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  endedAt: number | null;
}
