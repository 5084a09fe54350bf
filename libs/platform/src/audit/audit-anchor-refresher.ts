import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { TransactionRunner } from '../database/transaction-runner';
import { AuditAnchor } from './audit-anchor';
import { AuditEntry } from './audit-entry.entity';
import { AuditHead } from './audit-head.entity';
import { auditMac } from './audit-mac';

/** How often the heads are carried to Redis. */
export const AUDIT_ANCHOR_REFRESH_MS = 1_000;

/**
 * Carries each helpline's head to its Redis anchor every second, where workers run. Appends advance the anchor
 * themselves after commit; this covers what they cannot: a process that died between commit and its after-commit
 * callback, a Redis that was away at that moment, and a Redis that came back empty (which re-seeds the anchors from
 * the database: see AuditAnchor for what that gap costs). The newest entry's MAC is checked first, so forged entries
 * (written without AUDIT_KEY) never move an anchor; and the anchor never moves back, so a truncated chain cannot
 * pull it back either.
 */
@Injectable()
export class AuditAnchorRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditAnchorRefresher.name);
  private readonly key: Buffer;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** The bad head last reported per helpline: reported once, not every second. */
  private readonly reported = new Map<string, string>();

  constructor(
    @Inject(TUKI_CONFIG) config: Pick<TukiConfig, 'secrets'>,
    private readonly transactions: TransactionRunner,
    private readonly anchor: AuditAnchor,
  ) {
    this.key = config.secrets.auditKey;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every head. Returns how many anchors moved. Public for tests. */
  async refreshOnce(): Promise<number> {
    // Read in a transaction: on SQLite a plain read could see an uncommitted append, and an anchor moved to an entry
    // that then rolls back would report a truncation for ever after.
    const heads = await this.transactions.run(async (manager) => {
      const rows = await manager.findBy(AuditHead, { seq: MoreThan(0) });
      // One query at a time: a transaction holds one connection, and pg refuses overlapping queries on one.
      const found: { head: AuditHead; entry: AuditEntry | null }[] = [];
      for (const head of rows) {
        found.push({
          head,
          entry: await manager.findOneBy(AuditEntry, { helplineId: head.helplineId, seq: head.seq }),
        });
      }
      return found;
    });
    let moved = 0;
    for (const { head, entry } of heads) {
      if (!entry || entry.mac !== head.mac || auditMac(this.key, entry) !== entry.mac) {
        if (this.reported.get(head.helplineId) !== `${head.seq}:${head.mac}`) {
          this.reported.set(head.helplineId, `${head.seq}:${head.mac}`);
          // Names only the helpline and seq: enough to run `tuki audit verify --helpline`, nothing personal.
          this.logger.error(
            `Audit head of helpline ${head.helplineId} at seq ${head.seq} does not verify; anchor kept`,
          );
        }
        continue;
      }
      this.reported.delete(head.helplineId);
      if (await this.anchor.advance(head.helplineId, { seq: entry.seq, mac: entry.mac })) moved++;
    }
    return moved;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.refreshOnce()
        .then(() => this.schedule(AUDIT_ANCHOR_REFRESH_MS))
        .catch((error: unknown) => {
          // Redis or the database is away: the anchors wait, the appends do not.
          this.logger.warn(`Audit anchor refresh paused: ${(error as Error).message}`);
          this.schedule(AUDIT_ANCHOR_REFRESH_MS * 2);
        });
    }, delayMs);
    this.timer.unref();
  }
}
