import { Inject, Injectable } from '@nestjs/common';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { TransactionRunner } from '../database/transaction-runner';
import { AuditAnchor, type AuditPosition } from './audit-anchor';
import { AuditEntry } from './audit-entry.entity';
import { AuditHead } from './audit-head.entity';
import { auditMac } from './audit-mac';

/**
 * What is wrong at one seq:
 * - `mac-mismatch`: the entry's mac is not the HMAC of its contents (edited, or written under another AUDIT_KEY);
 * - `broken-link`: its prev_mac is not the previous entry's mac (an entry replaced or re-ordered);
 * - `gap`: this seq is missing (deleted from the middle);
 * - `truncated`: an anchor names this seq but the chain ends before it (the newest entries deleted);
 * - `anchor-mismatch`: the entry at an anchor's seq has another mac than the anchor recorded.
 */
export type AuditProblemKind = 'mac-mismatch' | 'broken-link' | 'gap' | 'truncated' | 'anchor-mismatch';

export interface AuditProblem {
  seq: number;
  problem: AuditProblemKind;
}

/** The outcome of verifying one helpline's chain. */
export interface AuditVerification {
  ok: boolean;
  /** How many entries the chain holds. */
  entries: number;
  /** The newest entry read, for the operator to keep a copy of; null for an empty chain. */
  head: AuditPosition | null;
  /** The Redis anchor as it was when verification began, or null when Redis had none. */
  anchor: AuditPosition | null;
  /** The first problems found, in the order found; at most 20 (ok is false when there were any at all). */
  problems: AuditProblem[];
}

/** One helpline's verification, from verifyAll. */
export interface AuditHelplineVerification extends AuditVerification {
  helplineId: string;
}

/** Options of AuditVerifier.verify. */
export interface AuditVerifyOptions {
  /** A head printed by an earlier verification and kept outside Tuki: the chain must still contain it. */
  anchor?: AuditPosition;
}

const BATCH = 1_000;
const MAX_PROBLEMS = 20;

/**
 * Walks a helpline's chain and checks every link. The entries are read in batches of 1,000, each in a short
 * transaction of its own, so memory stays bounded and appends are never blocked for the length of a walk (on SQLite a
 * read outside a transaction could see another transaction's uncommitted entries).
 */
@Injectable()
export class AuditVerifier {
  private readonly key: Buffer;

  constructor(
    @Inject(TUKI_CONFIG) config: Pick<TukiConfig, 'secrets'>,
    private readonly transactions: TransactionRunner,
    private readonly anchor: AuditAnchor,
  ) {
    this.key = config.secrets.auditKey;
  }

  /**
   * Recomputes every MAC, checks seqs run 1, 2, 3... and each prev_mac links, and that the chain contains the Redis
   * anchor, the head row and `options.anchor`, each at its seq with exactly its mac.
   */
  async verify(helplineId: string, options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    // Anchors first, then the walk: an anchor names only committed entries, so the walk that follows reads them
    // all even while appends go on (read the other way round, a concurrent append would look like a truncation).
    const anchor = await this.anchor.read(helplineId);
    const headRow = await this.transactions.run((manager) => manager.findOneBy(AuditHead, { helplineId }));
    // The head row is in the database, so it proves nothing an attacker could not also fix; checked anyway, as it
    // catches a careless truncation even when Redis lost its anchor.
    const checkpoints = [anchor, options.anchor ?? null, headRow && headRow.seq > 0 ? headRow : null].filter(
      (position): position is AuditPosition => position !== null,
    );
    const wanted = new Set(checkpoints.map((position) => position.seq));
    const found = new Map<number, string>();
    const problems = new Problems();

    let expectedSeq = 1;
    let prevMac = '';
    let entries = 0;
    let head: AuditPosition | null = null;
    for (;;) {
      const batch = await this.batch(helplineId, expectedSeq - 1);
      for (const entry of batch) {
        if (entry.seq !== expectedSeq) problems.add(expectedSeq, 'gap');
        // After a gap the link is to a missing entry: the gap says it already.
        else if (entry.prevMac !== prevMac) problems.add(entry.seq, 'broken-link');
        if (auditMac(this.key, entry) !== entry.mac) problems.add(entry.seq, 'mac-mismatch');
        if (wanted.has(entry.seq)) found.set(entry.seq, entry.mac);
        prevMac = entry.mac;
        expectedSeq = entry.seq + 1;
        entries++;
        head = { seq: entry.seq, mac: entry.mac };
      }
      if (batch.length < BATCH) break;
    }

    const reported = new Set<string>();
    for (const position of checkpoints) {
      // The head row and the Redis anchor usually name the same entry: one problem, not two.
      if (reported.has(`${position.seq}:${position.mac}`)) continue;
      reported.add(`${position.seq}:${position.mac}`);
      const mac = found.get(position.seq);
      if (mac === undefined) problems.add(position.seq, position.seq > (head?.seq ?? 0) ? 'truncated' : 'gap');
      else if (mac !== position.mac) problems.add(position.seq, 'anchor-mismatch');
    }
    return { ok: problems.count === 0, entries, head, anchor, problems: problems.list };
  }

  /**
   * Verifies every helpline that has a head row, an entry or a Redis anchor: a helpline whose rows were all deleted
   * is still found through its anchor.
   */
  async verifyAll(): Promise<AuditHelplineVerification[]> {
    const fromDatabase = await this.transactions.run(async (manager) => {
      const heads = await manager.getRepository(AuditHead).find({ select: { helplineId: true } });
      const entries = await manager
        .getRepository(AuditEntry)
        .createQueryBuilder('entry')
        .select('DISTINCT entry.helplineId', 'helplineId')
        .getRawMany<{ helplineId: string }>();
      return [...heads, ...entries].map((row) => row.helplineId);
    });
    const helplines = [...new Set([...fromDatabase, ...(await this.anchor.helplines())])].sort();
    const results: AuditHelplineVerification[] = [];
    for (const helplineId of helplines) results.push({ helplineId, ...(await this.verify(helplineId)) });
    return results;
  }

  private batch(helplineId: string, afterSeq: number): Promise<AuditEntry[]> {
    return this.transactions.run((manager) =>
      manager
        .getRepository(AuditEntry)
        .createQueryBuilder('entry')
        .where('entry.helplineId = :helplineId', { helplineId })
        .andWhere('entry.seq > :afterSeq', { afterSeq })
        .orderBy('entry.seq', 'ASC')
        .limit(BATCH)
        .getMany(),
    );
  }
}

/** The problems found: all counted, the first 20 kept, so a wholly rewritten chain costs no memory per entry. */
class Problems {
  readonly list: AuditProblem[] = [];
  count = 0;

  add(seq: number, problem: AuditProblemKind): void {
    this.count++;
    if (this.list.length < MAX_PROBLEMS) this.list.push({ seq, problem });
  }
}
