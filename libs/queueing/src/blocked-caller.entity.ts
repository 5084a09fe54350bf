import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

export const BLOCK_REASONS = ['abuse', 'harassment', 'threats', 'hoax-calls', 'flooding', 'other'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

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
