import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { TransactionRunner } from '../database/transaction-runner';
import { logRedisError } from '../redis/redis.module';
import { AuditAnchor, type AuditPosition } from './audit-anchor';
import { AuditEntry, type AuditActorKind } from './audit-entry.entity';
import { AuditHead } from './audit-head.entity';
import { auditMac } from './audit-mac';
import { AUDIT_CODE, checkAuditRecord, type AuditRecord } from './audit-record';
import { AuditQueryInvalidError, AuditRecordInvalidError } from './audit.errors';

/** Filters of AuditLog.list; all optional, combined with AND. */
export interface AuditListFilter {
  /** The object: its id (a case, a block, a user, the helpline for settings). */
  subjectId?: string;
  /** The kind of object: `case`, `block`, `helpline`... */
  subjectType?: string;
  actorId?: string;
  /** An action (`case.read`), or a family of them ending in `.*` (`case.*` is every action starting `case.`). */
  action?: string;
  /** Entries at or after this time (epoch ms). */
  from?: number;
  /** Entries before this time (epoch ms). */
  to?: number;
  /** Entries with a lower seq: pass the last seq of a page to get the next (older) one. */
  beforeSeq?: number;
  /** Page size, 1 to 500. Default 100. */
  limit?: number;
}

/** One entry as a reader sees it (the MACs are for the verifier). */
export interface AuditEntryView {
  seq: number;
  occurredAt: number;
  actor: { kind: AuditActorKind; id: string; roles: string[] };
  action: string;
  subjectType: string;
  subjectId: string;
  fields: string[];
  purpose: string;
  purposeRef: string | null;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/**
 * Appends to and reads the audit log. There is deliberately no method that changes or removes an entry.
 */
@Injectable()
export class AuditLog {
  private readonly key: Buffer;
  /** The newest position per helpline written by each running transaction, for its one after-commit callback. */
  private readonly written = new WeakMap<EntityManager, Map<string, AuditPosition>>();

  constructor(
    @Inject(TUKI_CONFIG) config: Pick<TukiConfig, 'secrets'>,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly anchor: AuditAnchor,
  ) {
    this.key = config.secrets.auditKey;
  }

  /**
   * Appends `records`, in order, to the helpline's chain inside the caller's transaction (`manager` must be one of
   * TransactionRunner.run), so the audited change and its entries commit or roll back together. Once it committed,
   * the Redis anchor moves to the new head. Throws AuditRecordInvalidError, before writing anything, for a record
   * that holds anything but codes and ids.
   */
  async append(manager: EntityManager, helplineId: string, records: AuditRecord[]): Promise<void> {
    if (helplineId.length > 36 || !AUDIT_CODE.test(helplineId)) throw new AuditRecordInvalidError('helplineId');
    records.forEach(checkAuditRecord);
    if (records.length === 0) return;
    const written = this.pendingAnchors(manager);

    const head = await this.lockHead(manager, helplineId);
    const occurredAt = this.clock.nowMs();
    let { seq, mac } = head;
    const entries = records.map((record) => {
      const entry: AuditEntry = {
        helplineId,
        seq: ++seq,
        occurredAt,
        actorKind: record.actor.kind,
        actorId: record.actor.id,
        actorRoles: JSON.stringify(record.actor.roles ?? []),
        action: record.action,
        subjectType: record.subjectType,
        subjectId: record.subjectId,
        fields: JSON.stringify(record.fields),
        purpose: record.purpose,
        purposeRef: record.purposeRef ?? null,
        prevMac: mac,
        mac: '',
      };
      entry.mac = mac = auditMac(this.key, entry);
      return entry;
    });
    await manager.insert(AuditEntry, entries);
    await manager.update(AuditHead, { helplineId }, { seq, mac });
    written.set(helplineId, { seq, mac });
  }

  /** The helpline's entries, newest first, filtered. Throws AuditQueryInvalidError for a filter out of range. */
  async list(helplineId: string, filter: AuditListFilter = {}): Promise<AuditEntryView[]> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AuditQueryInvalidError('limit');
    for (const option of ['from', 'to', 'beforeSeq'] as const) {
      const value = filter[option];
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) throw new AuditQueryInvalidError(option);
    }
    // Inside a transaction even though it only reads: on SQLite a read outside one shares the connection with
    // whatever transaction is open and would see its uncommitted entries.
    const rows = await this.transactions.run((manager) => {
      const query = manager
        .getRepository(AuditEntry)
        .createQueryBuilder('entry')
        .where('entry.helplineId = :helplineId', { helplineId });
      if (filter.subjectId !== undefined)
        query.andWhere('entry.subjectId = :subjectId', { subjectId: filter.subjectId });
      if (filter.actorId !== undefined) query.andWhere('entry.actorId = :actorId', { actorId: filter.actorId });
      if (filter.subjectType !== undefined)
        query.andWhere('entry.subjectType = :subjectType', { subjectType: filter.subjectType });
      if (filter.action?.endsWith('.*')) {
        // A family: the prefix up to and with the dot, LIKE's own wildcards (`_`, `%`) escaped.
        const prefix = filter.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
        query.andWhere("entry.action LIKE :actionPrefix ESCAPE '\\'", { actionPrefix: `${prefix}%` });
      } else if (filter.action !== undefined) query.andWhere('entry.action = :action', { action: filter.action });
      if (filter.from !== undefined) query.andWhere('entry.occurredAt >= :from', { from: filter.from });
      if (filter.to !== undefined) query.andWhere('entry.occurredAt < :to', { to: filter.to });
      if (filter.beforeSeq !== undefined) query.andWhere('entry.seq < :beforeSeq', { beforeSeq: filter.beforeSeq });
      return query.orderBy('entry.seq', 'DESC').limit(limit).getMany();
    });
    return rows.map(toView);
  }

  /**
   * Registers, once per transaction, the callback that advances the anchors after commit. First, before anything
   * is written: afterCommit throws for a manager outside TransactionRunner.run, whose commit nobody could follow.
   */
  private pendingAnchors(manager: EntityManager): Map<string, AuditPosition> {
    let written = this.written.get(manager);
    if (!written) {
      const positions = new Map<string, AuditPosition>();
      this.transactions.afterCommit(manager, async () => {
        await Promise.all([...positions].map(([helplineId, head]) => this.anchor.advance(helplineId, head))).catch(
          // Redis is away: every audited request would log this, so it is rate-limited; AuditAnchorRefresher
          // carries the head over once Redis is back.
          (error: unknown) => logRedisError(error as Error),
        );
      });
      this.written.set(manager, positions);
      written = positions;
    }
    return written;
  }

  /**
   * Locks the helpline's head row for the rest of the transaction, creating it on the first append. On PostgreSQL
   * `FOR UPDATE` makes concurrent appends wait their turn; on SQLite TransactionRunner already runs one transaction
   * at a time (and SQLite has no row locks). Two first appends racing on PostgreSQL: ON CONFLICT DO NOTHING waits
   * for the other insert to commit and then does nothing, instead of failing on the primary key, and the second
   * select locks whichever row won.
   */
  private async lockHead(manager: EntityManager, helplineId: string): Promise<AuditPosition> {
    const postgres = manager.dataSource.options.type === 'postgres';
    const select = () => {
      const query = manager
        .getRepository(AuditHead)
        .createQueryBuilder('head')
        .where('head.helplineId = :helplineId', { helplineId });
      return (postgres ? query.setLock('pessimistic_write') : query).getOne();
    };
    const head = await select();
    if (head) return head;
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditHead)
      .values({ helplineId, seq: 0, mac: '' })
      .orIgnore()
      .execute();
    const created = await select();
    if (!created) throw new Error('The audit head row was not found right after inserting it');
    return created;
  }
}

function toView(entry: AuditEntry): AuditEntryView {
  return {
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    actor: { kind: entry.actorKind, id: entry.actorId, roles: JSON.parse(entry.actorRoles) as string[] },
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    fields: JSON.parse(entry.fields) as string[],
    purpose: entry.purpose,
    purposeRef: entry.purposeRef,
  };
}
