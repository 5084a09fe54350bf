import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  In,
  IsNull,
  LessThanOrEqual,
  MoreThanOrEqual,
  QueryFailedError,
  type EntityManager,
  type Repository,
} from 'typeorm';
import { Clock, KeyedHasher, OutboxService, TransactionRunner } from '@tuki/platform';
import type { Channel, DomainEvents, Priority } from '@tuki/contracts';
import { normaliseCallerIdentity } from './caller-key';
import { Contact } from './contact.entity';
import { BlockList } from './block-list.service';
import { ContactHistoryEntry } from './contact-history.entity';
import {
  HOLDING_STATES,
  isFinal,
  isWaiting,
  kindOf,
  nextContactState,
  type ContactState,
  type ContactTransition,
} from './contact-state';
import type { ContactHistoryView, ContactView, CreateContactDto } from './dto/contact.dto';
import type { RiskFlagCode } from './risk-flags';
import { RoutingQueue } from './routing-queue.entity';
import {
  ContactChangedConcurrentlyError,
  ContactNotFoundError,
  IdempotencyConflictError,
  IllegalTransitionError,
  QueueClosedError,
  QueueCannotTakeContactError,
  RoutingQueueNotFoundError,
} from './queueing.errors';

/** A caller who rings again within this time after hanging up gets their old place back. */
export const RESUME_WINDOW_MS = 10 * 60_000;
/** A caller who hangs up within this time of arriving is a short abandon (a misdial, not a lost caller). */
export const SHORT_ABANDON_MS = 5_000;

export interface TransitionOptions {
  agentId?: string | null;
  reason?: string | null;
  expectedState?: ContactState;
  /** Refused unless the contact is with this agent now: an offer's end must not end another agent's offer. */
  expectedAgentId?: string;
  /** A callback's next offer time (its window, retry or the queue's opening); see Contact.notBefore. */
  notBefore?: number | null;
}

/** Who made a change, for the history. */
export interface Actor {
  /** `caller`: the anonymous caller themselves (a web chat), with the conversation's id. */
  kind: 'service' | 'agent' | 'supervisor' | 'system' | 'caller';
  id: string | null;
}

export function toContactView(contact: Contact): ContactView {
  return {
    id: contact.id,
    queueId: contact.queueId,
    channel: contact.channel as Channel,
    language: contact.language,
    topic: contact.topic,
    priority: contact.priority as Priority,
    riskFlags: JSON.parse(contact.riskFlags) as RiskFlagCode[],
    state: contact.state,
    firstArrivedAt: contact.firstArrivedAt,
    stateChangedAt: contact.stateChangedAt,
    agentId: contact.agentId,
    waitMs: contact.waitMs,
    knownCaller: contact.callerKey !== null,
    earlierContacts: contact.earlierContacts,
    version: contact.version,
    quotedWaitMs: contact.quotedWaitMs,
    quoteErrorMs: contact.quoteErrorMs,
    notBefore: contact.notBefore,
  };
}

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && /unique|duplicate/i.test((error as Error).message);

/**
 * The record of contacts: created from channel adapters, moved only through the state machine, every change in the
 * history and the outbox in the same transaction. The live routing index is derived from these rows.
 */
@Injectable()
export class ContactsService {
  constructor(
    @InjectRepository(Contact) private readonly contacts: Repository<Contact>,
    @InjectRepository(ContactHistoryEntry) private readonly history: Repository<ContactHistoryEntry>,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly blockList: BlockList,
  ) {}

  /**
   * Takes a new contact in. The same idempotency key returns the same contact (`created: false`), so a re-sent webhook
   * never makes a second one. The caller's number is hashed here and goes no further.
   */
  async create(
    helplineId: string,
    actor: Actor,
    dto: CreateContactDto,
  ): Promise<{ contact: ContactView; created: boolean }> {
    const callerKey = dto.caller ? this.callerKeyOf(helplineId, dto.caller.kind, dto.caller.value) : null;
    await this.blockList.refuseBlocked(helplineId, [callerKey]);
    try {
      return await this.transactions.run(async (manager) => {
        const existing = await manager.findOneBy(Contact, { helplineId, idempotencyKey: dto.idempotencyKey });
        if (existing) return { contact: this.sameContact(existing, dto), created: false };
        const now = this.clock.nowMs();
        const resumed = callerKey ? await this.recentlyAbandoned(manager, helplineId, callerKey, now) : null;
        const contact = await this.insertContact(manager, helplineId, actor, {
          ...dto,
          callerKey,
          state: 'queued',
          firstArrivedAt: resumed?.firstArrivedAt ?? now,
          notBefore: null,
          reason: resumed ? 'resumed-place' : null,
        });
        return { contact, created: true };
      });
    } catch (error) {
      // Two deliveries of one webhook raced: the other insert won; answer with its contact.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.contacts.findOneBy({ helplineId, idempotencyKey: dto.idempotencyKey });
      if (!winner) throw error;
      return { contact: this.sameContact(winner, dto), created: false };
    }
  }

  /**
   * The caller key (keyed-hash pseudonym) of a number or chat identity, as contacts store it: case search and data
   * subject requests look a typed number up by it. The identity itself goes no further than this call.
   */
  callerKeyOf(helplineId: string, kind: 'phone' | 'chat', value: string): string {
    return this.hasher.hash('caller-key', `${helplineId}|${normaliseCallerIdentity(kind, value)}`);
  }

  /**
   * A data subject's erasure: contacts keep their anonymous routing facts, but lose the pseudonym that linked them
   * to one person. Returns how many contacts were unlinked.
   */
  async forgetCaller(helplineId: string, callerKey: string): Promise<number> {
    return this.transactions.run(async (manager) => {
      const result = await manager.update(Contact, { helplineId, callerKey }, { callerKey: null });
      // contact.created carries the key to other domains: events not yet pruned lose it too.
      await this.outbox.redact(manager, helplineId, 'callerKey', callerKey);
      return result.affected ?? 0;
    });
  }

  /**
   * A callback asked for without a waiting contact (a web form, a chat, an agent on the caller's behalf): a contact
   * of channel `callback`, waiting as `callback-pending` from now, in the caller's transaction (the callbacks domain
   * writes its own row beside it).
   */
  async createCallbackWith(
    manager: EntityManager,
    helplineId: string,
    actor: Actor,
    dto: Pick<CreateContactDto, 'queueId' | 'language' | 'topic' | 'priority' | 'riskFlags' | 'idempotencyKey'>,
    notBefore: number,
  ): Promise<ContactView> {
    return this.insertContact(manager, helplineId, actor, {
      ...dto,
      channel: 'callback',
      callerKey: null,
      state: 'callback-pending',
      firstArrivedAt: this.clock.nowMs(),
      notBefore,
      reason: null,
    });
  }

  private async insertContact(
    manager: EntityManager,
    helplineId: string,
    actor: Actor,
    fields: Pick<CreateContactDto, 'queueId' | 'channel' | 'language' | 'topic' | 'priority' | 'riskFlags'> & {
      idempotencyKey: string;
      callerKey: string | null;
      state: ContactState;
      firstArrivedAt: number;
      notBefore: number | null;
      reason: string | null;
    },
  ): Promise<ContactView> {
    const queue = await manager.findOneBy(RoutingQueue, { id: fields.queueId, helplineId });
    if (!queue) throw new RoutingQueueNotFoundError();
    if (!queue.isOpen) throw new QueueClosedError();
    if (!(JSON.parse(queue.languages) as string[]).includes(fields.language))
      throw new QueueCannotTakeContactError('language');
    const now = this.clock.nowMs();
    // Counted once, on arrival: the offer says "possible repeat caller, N earlier contacts" and nothing more.
    const earlierContacts = fields.callerKey
      ? await manager.countBy(Contact, { helplineId, callerKey: fields.callerKey })
      : 0;
    const contact = manager.create(Contact, {
      id: randomUUID(),
      helplineId,
      queueId: queue.id,
      idempotencyKey: fields.idempotencyKey,
      channel: fields.channel,
      language: fields.language,
      topic: fields.topic ?? null,
      priority: fields.priority ?? 'normal',
      riskFlags: JSON.stringify(fields.riskFlags ?? []),
      callerKey: fields.callerKey,
      state: fields.state,
      firstArrivedAt: fields.firstArrivedAt,
      stateChangedAt: now,
      agentId: null,
      waitMs: null,
      endedAt: null,
      quotedWaitMs: null,
      quotedAt: null,
      quoteErrorMs: null,
      notBefore: fields.notBefore,
      earlierContacts,
      version: 1,
    });
    await manager.insert(Contact, contact);
    await this.record(manager, contact, null, 'created', actor, fields.reason);
    await this.outbox.append(manager, helplineId, 'contact.created', {
      contactId: contact.id,
      queueId: contact.queueId,
      channel: contact.channel,
      language: contact.language,
      priority: contact.priority,
      firstArrivedAt: contact.firstArrivedAt,
      hasCallerKey: contact.callerKey !== null,
      callerKey: contact.callerKey,
    });
    return toContactView(contact);
  }

  /**
   * Moves a contact by one transition of the state machine. An illegal transition, or a contact another process moved
   * in the meantime, is refused with nothing changed.
   */
  async transition(
    helplineId: string,
    contactId: string,
    change: ContactTransition,
    actor: Actor,
    options: TransitionOptions = {},
  ): Promise<ContactView> {
    return this.transactions.run((manager) =>
      this.transitionWith(manager, helplineId, contactId, change, actor, options),
    );
  }

  /** transition() inside the caller's transaction (a callback's attempt and its contact change together). */
  async transitionWith(
    manager: EntityManager,
    helplineId: string,
    contactId: string,
    change: ContactTransition,
    actor: Actor,
    options: TransitionOptions = {},
  ): Promise<ContactView> {
    const contact = await manager.findOneBy(Contact, { id: contactId, helplineId });
    if (!contact) throw new ContactNotFoundError();
    const from = contact.state;
    const to = nextContactState(from, change, kindOf(contact));
    const unexpected =
      (options.expectedState !== undefined && options.expectedState !== from) ||
      (options.expectedAgentId !== undefined && options.expectedAgentId !== contact.agentId);
    if (!to || unexpected) {
      throw new IllegalTransitionError(from, change);
    }
    const now = this.clock.nowMs();
    const inStateMs = now - contact.stateChangedAt;
    const answeredOrLost = isWaiting(from) && !isWaiting(to);
    const changes: Partial<Contact> = {
      state: to,
      stateChangedAt: now,
      version: contact.version + 1,
      agentId: options.agentId !== undefined ? options.agentId : contact.agentId,
      waitMs: answeredOrLost ? now - contact.firstArrivedAt : contact.waitMs,
      quoteErrorMs:
        to === 'connected' && contact.quotedAt !== null && contact.quotedWaitMs !== null
          ? now - contact.quotedAt - contact.quotedWaitMs
          : contact.quoteErrorMs,
      endedAt: isFinal(to) ? now : contact.endedAt,
    };
    // Waiting for an offer again: nobody holds it.
    if (to === 'queued' || to === 'callback-pending') changes.agentId = null;
    // From here on the contact is a callback: an agent rings the caller, who has left the queue.
    if (change === 'request-callback') changes.channel = 'callback';
    if (options.notBefore !== undefined) changes.notBefore = options.notBefore;
    const result = await manager.update(Contact, { id: contact.id, version: contact.version }, changes);
    if (!result.affected) throw new ContactChangedConcurrentlyError();
    const changed = Object.assign(contact, changes);
    let reason = options.reason ?? null;
    if (to === 'abandoned' && (changed.waitMs ?? 0) < SHORT_ABANDON_MS) reason = 'short-abandon';
    await this.record(manager, changed, from, change, actor, reason);
    await this.outbox.append(manager, helplineId, 'contact.state-changed', {
      contactId: changed.id,
      queueId: changed.queueId,
      language: changed.language,
      channel: changed.channel,
      from,
      to,
      change,
      agentId: changed.agentId,
      reason,
      waitMs: changed.waitMs,
      quoteErrorMs: to === 'connected' ? changed.quoteErrorMs : null,
      inStateMs,
    });
    return toContactView(changed);
  }

  /**
   * Changes what ranks a waiting contact: a higher priority (an overdue callback), or an earlier first arrival (a
   * callback request merged into another keeps the earlier place). Published as `contact.rank-changed` so the live
   * index re-ranks it; the version goes up so a stale copy cannot be re-queued.
   */
  async rerankWith(
    manager: EntityManager,
    helplineId: string,
    contactId: string,
    rank: { priority?: Priority; firstArrivedAt?: number },
    reason: string,
  ): Promise<ContactView> {
    const contact = await manager.findOneBy(Contact, { id: contactId, helplineId });
    if (!contact) throw new ContactNotFoundError();
    const changes: Partial<Contact> = {
      priority: rank.priority ?? contact.priority,
      firstArrivedAt: Math.min(rank.firstArrivedAt ?? contact.firstArrivedAt, contact.firstArrivedAt),
      version: contact.version + 1,
    };
    if (changes.priority === contact.priority && changes.firstArrivedAt === contact.firstArrivedAt)
      return toContactView(contact);
    const result = await manager.update(Contact, { id: contact.id, version: contact.version }, changes);
    if (!result.affected) throw new ContactChangedConcurrentlyError();
    const changed = Object.assign(contact, changes);
    await manager.insert(ContactHistoryEntry, {
      helplineId,
      contactId,
      at: this.clock.nowMs(),
      fromState: changed.state,
      toState: changed.state,
      change: 'rerank',
      queueId: changed.queueId,
      actorKind: 'system',
      actorId: null,
      agentId: changed.agentId,
      reason,
    });
    await this.outbox.append(manager, helplineId, 'contact.rank-changed', {
      contactId,
      queueId: changed.queueId,
      priority: changed.priority,
      firstArrivedAt: changed.firstArrivedAt,
      reason,
    });
    return toContactView(changed);
  }

  /** Moves a waiting callback's next offer later (the queue closed before it came due). */
  async postponeWith(manager: EntityManager, helplineId: string, contactId: string, notBefore: number) {
    const contact = await manager.findOneBy(Contact, { id: contactId, helplineId, state: 'callback-pending' });
    if (!contact) throw new ContactNotFoundError();
    const result = await manager.update(
      Contact,
      { id: contactId, version: contact.version },
      { notBefore, version: contact.version + 1 },
    );
    if (!result.affected) throw new ContactChangedConcurrentlyError();
  }

  /** Reads a contact inside the caller's transaction. */
  async getWith(manager: EntityManager, helplineId: string, contactId: string): Promise<ContactView> {
    const contact = await manager.findOneBy(Contact, { id: contactId, helplineId });
    if (!contact) throw new ContactNotFoundError();
    return toContactView(contact);
  }

  /**
   * Overflow or transfer: moves a waiting contact to another queue of the same helpline. Recorded as an event, not a
   * state; the contact keeps its first arrival, and so its place by waiting time.
   */
  async move(
    helplineId: string,
    contactId: string,
    toQueueId: string,
    change: 'overflow' | 'transfer',
    actor: Actor,
  ): Promise<ContactView> {
    return this.transactions.run(async (manager) => {
      const contact = await manager.findOneBy(Contact, { id: contactId, helplineId });
      if (!contact) throw new ContactNotFoundError();
      if (contact.state !== 'queued') throw new IllegalTransitionError(contact.state, change);
      await this.assertQueueTakes(manager, helplineId, toQueueId, contact.language);
      const fromQueueId = contact.queueId;
      const result = await manager.update(
        Contact,
        { id: contact.id, version: contact.version },
        { queueId: toQueueId, version: contact.version + 1 },
      );
      if (!result.affected) throw new ContactChangedConcurrentlyError();
      const moved = Object.assign(contact, { queueId: toQueueId, version: contact.version + 1 });
      await manager.insert(ContactHistoryEntry, {
        helplineId,
        contactId,
        at: this.clock.nowMs(),
        fromState: moved.state,
        toState: moved.state,
        change,
        queueId: toQueueId,
        actorKind: actor.kind,
        actorId: actor.id,
        agentId: null,
        // A move keeps the queue it came from as its reason (the entry's queue is where it went).
        reason: fromQueueId,
      });
      await this.outbox.append(manager, helplineId, 'contact.moved', { contactId, fromQueueId, toQueueId, change });
      return toContactView(moved);
    });
  }

  /**
   * An agent hands the caller they are talking to over to another queue (from the general line to legal aid, say): the
   * conversation ends for that agent, and the caller waits in the new queue at the place their first arrival gives
   * them. Recorded as the change `transfer` (connected -> queued) and published as `contact.moved` too.
   */
  async transfer(helplineId: string, contactId: string, toQueueId: string, agentId: string): Promise<ContactView> {
    return this.transactions.run(async (manager) => {
      const contact = await manager.findOneBy(Contact, { id: contactId, helplineId });
      if (!contact) throw new ContactNotFoundError();
      if (nextContactState(contact.state, 'transfer', kindOf(contact)) === undefined || contact.agentId !== agentId)
        throw new IllegalTransitionError(contact.state, 'transfer');
      await this.assertQueueTakes(manager, helplineId, toQueueId, contact.language);
      const fromQueueId = contact.queueId;
      const now = this.clock.nowMs();
      const inStateMs = now - contact.stateChangedAt;
      const changes: Partial<Contact> = {
        state: 'queued',
        queueId: toQueueId,
        agentId: null,
        stateChangedAt: now,
        version: contact.version + 1,
      };
      const result = await manager.update(Contact, { id: contact.id, version: contact.version }, changes);
      if (!result.affected) throw new ContactChangedConcurrentlyError();
      const moved = Object.assign(contact, changes);
      const actor: Actor = { kind: 'agent', id: agentId };
      await this.record(manager, moved, 'connected', 'transfer', actor, fromQueueId);
      await this.outbox.append(manager, helplineId, 'contact.state-changed', {
        contactId,
        queueId: toQueueId,
        language: moved.language,
        channel: moved.channel,
        from: 'connected',
        to: 'queued',
        change: 'transfer',
        agentId: null,
        reason: null,
        waitMs: moved.waitMs,
        quoteErrorMs: null,
        inStateMs,
      });
      await this.outbox.append(manager, helplineId, 'contact.moved', {
        contactId,
        fromQueueId,
        toQueueId,
        change: 'transfer',
      });
      return toContactView(moved);
    });
  }

  async get(helplineId: string, contactId: string): Promise<ContactView> {
    const contact = await this.contacts.findOneBy({ id: contactId, helplineId });
    if (!contact) throw new ContactNotFoundError();
    return toContactView(contact);
  }

  /**
   * The contact with its caller key, for the app to hand to the cases domain (repeat callers, the case's pseudonym).
   * The key never goes out to a client.
   */
  async getWithCallerKey(helplineId: string, contactId: string): Promise<ContactView & { callerKey: string | null }> {
    const contact = await this.contacts.findOneBy({ id: contactId, helplineId });
    if (!contact) throw new ContactNotFoundError();
    return { ...toContactView(contact), callerKey: contact.callerKey };
  }

  /** The contacts an agent holds now (connected or in wrap-up). */
  async heldBy(helplineId: string, agentId: string): Promise<ContactView[]> {
    const rows = await this.contacts.find({
      where: [
        { helplineId, agentId, state: 'connected' },
        { helplineId, agentId, state: 'wrap-up' },
      ],
    });
    return rows.map(toContactView);
  }

  /**
   * Keeps the first estimated wait a waiting caller was told, so its error can be recorded when they are answered.
   * Later estimates do not replace it: the first is the one the caller planned around.
   */
  async recordQuote(helplineId: string, contactId: string, quotedWaitMs: number): Promise<void> {
    await this.contacts.update(
      { id: contactId, helplineId, quotedAt: IsNull(), state: In(['queued', 'offered']) },
      { quotedWaitMs: Math.round(quotedWaitMs), quotedAt: this.clock.nowMs() },
    );
  }

  /**
   * Contacts these agents hold by the record: offered to them, or in conversation or wrap-up with them. Routing checks
   * the live index's holds against it.
   */
  async holdingOf(helplineId: string, agentIds: readonly string[]): Promise<ContactView[]> {
    if (agentIds.length === 0) return [];
    const rows = await this.contacts.find({
      where: { helplineId, agentId: In([...agentIds]), state: In([...HOLDING_STATES]) },
    });
    return rows.map(toContactView);
  }

  /** A helpline's contacts in one state, oldest change first (wrap-ups to end, say). */
  async inState(helplineId: string, state: ContactState): Promise<ContactView[]> {
    const rows = await this.contacts.find({
      where: { helplineId, state },
      order: { stateChangedAt: 'ASC' },
      take: 500,
    });
    return rows.map(toContactView);
  }

  /**
   * Mean time from answer to completion (wrap-up included) of the queue's last 50 completed contacts, or undefined
   * when it has none yet.
   */
  async averageHandleMs(helplineId: string, queueId: string): Promise<number | undefined> {
    const recent = await this.contacts.find({
      select: { endedAt: true, firstArrivedAt: true, waitMs: true },
      where: { helplineId, queueId, state: 'completed' },
      order: { endedAt: 'DESC' },
      take: 50,
    });
    const handles = recent
      .filter((c) => c.endedAt !== null && c.waitMs !== null)
      .map((c) => c.endedAt! - c.firstArrivedAt - c.waitMs!);
    return handles.length === 0 ? undefined : handles.reduce((a, b) => a + b, 0) / handles.length;
  }

  /**
   * Every contact still waiting in the record (queued, offered, or a callback due by `now`), across helplines, oldest first: what the live
   * index must hold. Used to rebuild it after Redis lost its data.
   */
  async waiting(now: number): Promise<(ContactView & { helplineId: string })[]> {
    const rows = await this.contacts.find({
      where: [
        { state: 'queued' },
        { state: 'offered' },
        { state: 'callback-pending', notBefore: LessThanOrEqual(now) },
      ],
      order: { firstArrivedAt: 'ASC' },
    });
    return rows.map((row) => ({ ...toContactView(row), helplineId: row.helplineId }));
  }

  /** Every change of a contact in order: who, when, from, to, why. */
  async historyOf(helplineId: string, contactId: string): Promise<ContactHistoryView[]> {
    if (!(await this.contacts.existsBy({ id: contactId, helplineId }))) throw new ContactNotFoundError();
    const entries = await this.history.find({ where: { helplineId, contactId }, order: { seq: 'ASC' } });
    return entries.map((e) => ({
      at: e.at,
      from: e.fromState,
      to: e.toState,
      change: e.change,
      queueId: e.queueId,
      actorKind: e.actorKind,
      actorId: e.actorId,
      agentId: e.agentId,
      reason: e.reason,
    }));
  }

  private sameContact(existing: Contact, dto: CreateContactDto): ContactView {
    if (existing.queueId !== dto.queueId || existing.channel !== dto.channel || existing.language !== dto.language) {
      throw new IdempotencyConflictError();
    }
    return toContactView(existing);
  }

  private async recentlyAbandoned(manager: EntityManager, helplineId: string, callerKey: string, now: number) {
    return manager.findOne(Contact, {
      where: { helplineId, callerKey, state: 'abandoned', endedAt: MoreThanOrEqual(now - RESUME_WINDOW_MS) },
      order: { endedAt: 'DESC' },
    });
  }

  /** A contact can be sent only to an open queue of its helpline that speaks the caller's language. */
  private async assertQueueTakes(manager: EntityManager, helplineId: string, queueId: string, language: string) {
    const queue = await manager.findOneBy(RoutingQueue, { id: queueId, helplineId });
    if (!queue) throw new RoutingQueueNotFoundError();
    if (!queue.isOpen) throw new QueueCannotTakeContactError('closed');
    if (!(JSON.parse(queue.languages) as string[]).includes(language))
      throw new QueueCannotTakeContactError('language');
  }

  private async record(
    manager: EntityManager,
    contact: Contact,
    from: ContactState | null,
    change: string,
    actor: Actor,
    reason: string | null,
  ): Promise<void> {
    await manager.insert(ContactHistoryEntry, {
      helplineId: contact.helplineId,
      contactId: contact.id,
      at: contact.stateChangedAt,
      fromState: from,
      toState: contact.state,
      change,
      queueId: contact.queueId,
      actorKind: actor.kind,
      actorId: actor.id,
      agentId: contact.agentId,
      reason,
    });
  }
}
