import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThan, type EntityManager } from 'typeorm';
import type { ChatMessagePayload } from '@tuki/contracts';
import { Clock, DataKeysService, TransactionRunner, decryptField, encryptField } from '@tuki/platform';
import { ChatConversation } from './chat-conversation.entity';
import { ChatMessage, type ChatSender } from './chat-message.entity';
import { ConversationEndedError, ConversationNotFoundError } from './chat.errors';

/** A message as both ends see it (the contract of the chat sockets). */
export type ChatMessageView = ChatMessagePayload;

export interface NewMessage {
  sender: ChatSender;
  agentId?: string;
  clientId: string;
  text: string;
}

/** The most a page asks for at once when catching up. */
const SYNC_LIMIT = 500;

const aad = (conversation: ChatConversation, seq: number) => ({
  // Data key, conversation and number: a ciphertext copied to another row or conversation does not decrypt.
  recordId: `${conversation.dataKeyId}/${conversation.id}/${seq}`,
  field: 'body',
});

/**
 * Conversations and their messages. Numbers are given under the conversation's row lock (PostgreSQL `FOR UPDATE`;
 * SQLite runs one transaction at a time), so two api processes posting into one chat at once get 1 and 2, never 1
 * and 1; a re-sent message (same sender and client id) is answered with its first number and stored once.
 */
@Injectable()
export class ChatConversations {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly dataKeys: DataKeysService,
    private readonly clock: Clock,
  ) {}

  /** A new, open conversation with its own data key; `addressKey` is the keyed hash of where it came from. */
  open(helplineId: string, addressKey: string | null = null): Promise<ChatConversation> {
    return this.transactions.run(async (manager) => {
      const key = await this.dataKeys.create(manager, helplineId);
      const conversation = manager.create(ChatConversation, {
        id: randomUUID(),
        helplineId,
        contactId: null,
        addressKey,
        dataKeyId: key.id,
        status: 'open',
        lastSeq: 0,
        startedAt: this.clock.nowMs(),
        endedAt: null,
      });
      await manager.insert(ChatConversation, conversation);
      return conversation;
    });
  }

  /** Takes back a conversation whose contact could not be made (nothing was said in it yet): key and row go. */
  async discard(helplineId: string, conversationId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const conversation = await manager.findOneBy(ChatConversation, { id: conversationId, helplineId });
      if (!conversation || conversation.lastSeq > 0) return;
      if (conversation.dataKeyId) await this.dataKeys.shred(manager, helplineId, conversation.dataKeyId);
      await manager.delete(ChatConversation, { id: conversationId, helplineId });
    });
  }

  async linkContact(helplineId: string, conversationId: string, contactId: string): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(ChatConversation, { id: conversationId, helplineId }, { contactId }),
    );
  }

  async get(helplineId: string, conversationId: string): Promise<ChatConversation> {
    const found = await this.transactions.run((manager) =>
      manager.findOneBy(ChatConversation, { id: conversationId, helplineId }),
    );
    if (!found || found.status === 'purged') throw new ConversationNotFoundError();
    return found;
  }

  /** The chat behind a contact (an agent's side), or undefined when the contact is not a web chat. */
  byContact(helplineId: string, contactId: string): Promise<ChatConversation | null> {
    return this.transactions.run((manager) => manager.findOneBy(ChatConversation, { helplineId, contactId }));
  }

  /**
   * Stores a message and gives it the next number; `created` is false when it was a re-send. Also says which contact
   * the chat is, so the caller can tell the agent without reading the conversation again.
   */
  post(
    helplineId: string,
    conversationId: string,
    message: NewMessage,
  ): Promise<{ message: ChatMessageView; created: boolean; contactId: string | null }> {
    return this.transactions.run(async (manager) => {
      const conversation = await this.locked(manager, helplineId, conversationId);
      const earlier = await manager.findOneBy(ChatMessage, {
        conversationId,
        sender: message.sender,
        clientId: message.clientId,
      });
      if (earlier)
        return {
          message: await this.view(manager, conversation, earlier),
          created: false,
          contactId: conversation.contactId,
        };
      if (conversation.status !== 'open' || !conversation.dataKeyId) throw new ConversationEndedError();
      const seq = conversation.lastSeq + 1;
      const key = await this.dataKeys.open(manager, helplineId, conversation.dataKeyId);
      const row = manager.create(ChatMessage, {
        conversationId,
        seq,
        helplineId,
        sender: message.sender,
        agentId: message.agentId ?? null,
        clientId: message.clientId,
        bodySealed: encryptField(key, message.text, aad(conversation, seq)).toString('base64'),
        sentAt: this.clock.nowMs(),
      });
      await manager.insert(ChatMessage, row);
      await manager.update(ChatConversation, { id: conversationId }, { lastSeq: seq });
      return {
        message: { seq, sender: row.sender, text: message.text, sentAt: row.sentAt, clientId: row.clientId },
        created: true,
        contactId: conversation.contactId,
      };
    });
  }

  /** Messages after `afterSeq`, in order: what a page that reconnects has not seen yet. */
  since(helplineId: string, conversationId: string, afterSeq: number): Promise<ChatMessageView[]> {
    return this.transactions.run(async (manager) => {
      const conversation = await manager.findOneBy(ChatConversation, { id: conversationId, helplineId });
      if (!conversation || conversation.status === 'purged') throw new ConversationNotFoundError();
      const rows = await manager
        .getRepository(ChatMessage)
        .createQueryBuilder('m')
        .where('m.conversation_id = :conversationId AND m.seq > :afterSeq', { conversationId, afterSeq })
        .orderBy('m.seq', 'ASC')
        .limit(SYNC_LIMIT)
        .getMany();
      const views: ChatMessageView[] = [];
      for (const row of rows) views.push(await this.view(manager, conversation, row));
      return views;
    });
  }

  /** The caller left, or the contact ended: no more messages; the transcript waits for retention. */
  end(helplineId: string, conversationId: string): Promise<boolean> {
    return this.transactions.run((manager) => this.endWith(manager, helplineId, conversationId));
  }

  /** end() inside the caller's transaction (an event consumer's). */
  async endWith(manager: EntityManager, helplineId: string, conversationId: string): Promise<boolean> {
    const result = await manager.update(
      ChatConversation,
      { id: conversationId, helplineId, status: 'open' },
      { status: 'ended', endedAt: this.clock.nowMs() },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Retention: transcripts of conversations that ended before `cutoff` are crypto-shredded (the data key destroyed
   * first, then the ciphertexts cleared). Returns how many were purged.
   */
  purgeEndedBefore(helplineId: string, cutoff: number, batch = 200): Promise<number> {
    return this.transactions.run(async (manager) => {
      const ended = await manager.find(ChatConversation, {
        where: { helplineId, status: 'ended', endedAt: LessThan(cutoff) },
        take: batch,
      });
      for (const conversation of ended) {
        if (conversation.dataKeyId) await this.dataKeys.shred(manager, helplineId, conversation.dataKeyId);
        await manager.update(ChatMessage, { conversationId: conversation.id }, { bodySealed: null });
        await manager.update(
          ChatConversation,
          { id: conversation.id },
          { status: 'purged', dataKeyId: null, addressKey: null },
        );
      }
      return ended.length;
    });
  }

  private async locked(manager: EntityManager, helplineId: string, id: string): Promise<ChatConversation> {
    let query = manager
      .getRepository(ChatConversation)
      .createQueryBuilder('c')
      .where('c.id = :id AND c.helpline_id = :helplineId', { id, helplineId });
    if (manager.connection.options.type === 'postgres') query = query.setLock('pessimistic_write');
    const conversation = await query.getOne();
    if (!conversation || conversation.status === 'purged') throw new ConversationNotFoundError();
    return conversation;
  }

  private async view(manager: EntityManager, conversation: ChatConversation, row: ChatMessage) {
    if (!conversation.dataKeyId || row.bodySealed === null) throw new ConversationNotFoundError();
    const key = await this.dataKeys.open(manager, conversation.helplineId, conversation.dataKeyId);
    return {
      seq: row.seq,
      sender: row.sender,
      text: decryptField(key, Buffer.from(row.bodySealed, 'base64'), aad(conversation, row.seq)),
      sentAt: row.sentAt,
      clientId: row.clientId,
    };
  }
}
