import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, MoreThan } from 'typeorm';
import { AuditLog, Clock, TransactionRunner, type Principal } from '@tuki/platform';
import { BlockedCaller, type BlockReason } from './blocked-caller.entity';
import { BlockNotFoundError, CallerBlockedError } from './queueing.errors';

const DAY_MS = 24 * 3600_000;

/** What a supervisor sees of a block: never the key. */
export interface BlockView {
  id: string;
  reason: BlockReason;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  liftedAt: number | null;
}

const view = (row: BlockedCaller): BlockView => ({
  id: row.id,
  reason: row.reason,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  liftedAt: row.liftedAt,
});

/**
 * The block list. Read from the database on every check (one indexed lookup), so a block or a lift takes effect on
 * every process at once; every change is audited.
 */
@Injectable()
export class BlockList {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async block(
    principal: Principal,
    blockedKey: string,
    request: { reason: BlockReason; days: number },
  ): Promise<BlockView> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.nowMs();
      const row = manager.create(BlockedCaller, {
        id: randomUUID(),
        helplineId: principal.helplineId,
        blockedKey,
        reason: request.reason,
        createdBy: principal.userId,
        createdAt: now,
        expiresAt: now + request.days * DAY_MS,
        liftedAt: null,
      });
      await manager.insert(BlockedCaller, row);
      await this.audit.append(manager, principal.helplineId, [
        {
          actor: { kind: 'staff', id: principal.userId, roles: [...principal.roles] },
          action: 'caller.blocked',
          subjectType: 'block',
          subjectId: row.id,
          fields: ['reason', 'expiresAt'],
          purpose: 'safety',
        },
      ]);
      return view(row);
    });
  }

  async lift(principal: Principal, id: string): Promise<BlockView> {
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(BlockedCaller, { id, helplineId: principal.helplineId, liftedAt: IsNull() });
      if (!row) throw new BlockNotFoundError();
      row.liftedAt = this.clock.nowMs();
      await manager.update(BlockedCaller, { id }, { liftedAt: row.liftedAt });
      await this.audit.append(manager, principal.helplineId, [
        {
          actor: { kind: 'staff', id: principal.userId, roles: [...principal.roles] },
          action: 'caller.block-lifted',
          subjectType: 'block',
          subjectId: id,
          fields: [],
          purpose: 'safety',
        },
      ]);
      return view(row);
    });
  }

  /** Blocks in force now (not expired, not lifted), newest first. */
  list(helplineId: string): Promise<BlockView[]> {
    return this.transactions.run(async (manager) =>
      (
        await manager.find(BlockedCaller, {
          where: { helplineId, liftedAt: IsNull(), expiresAt: MoreThan(this.clock.nowMs()) },
          order: { createdAt: 'DESC' },
        })
      ).map(view),
    );
  }

  /** Throws CallerBlockedError when any of `keys` is blocked now (the message says nothing about why). */
  async refuseBlocked(helplineId: string, keys: (string | null | undefined)[]): Promise<void> {
    const present = keys.filter((key): key is string => typeof key === 'string');
    if (present.length === 0) return;
    const now = this.clock.nowMs();
    const found = await this.transactions.run((manager) =>
      manager
        .getRepository(BlockedCaller)
        .createQueryBuilder('b')
        .where('b.helpline_id = :helplineId AND b.blocked_key IN (:...keys)', { helplineId, keys: present })
        .andWhere('b.lifted_at IS NULL AND b.expires_at > :now', { now })
        .getCount(),
    );
    if (found > 0) throw new CallerBlockedError();
  }
}
