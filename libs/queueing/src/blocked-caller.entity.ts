import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BLOCK_REASONS, type BlockReason } from '@tuki/contracts';
import { bigintAsNumber } from '@tuki/platform';

// The codes live in contracts, so the administration page lists the same ones.
export { BLOCK_REASONS, type BlockReason };

/**
 * A caller the helpline will not take for a while, known only by a pseudonymous key: the keyed hash of their number
 * (a phone caller's caller key) or of their address (a web chat). Nobody, supervisors included, sees who it is.
 */
@Index('blocked_callers_key', ['helplineId', 'blockedKey', 'expiresAt'])
@Entity({ name: 'blocked_callers' })
export class BlockedCaller {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'blocked_key', type: 'varchar', length: 64 })
  blockedKey: string;

  /** A code, never free text: a reason written out could name the person. */
  @Column({ type: 'varchar', length: 16 })
  reason: BlockReason;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt: number;

  @Column({ name: 'lifted_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  liftedAt: number | null;
}
