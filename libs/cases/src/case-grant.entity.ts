import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** Why someone may open a case they did not work on. */
export const GRANT_KINDS = ['assigned', 'repeat-caller', 'break-glass'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/**
 * Time-limited access to one case for one staff member: given by a supervisor, earned by a repeat caller's
 * confirmation, or taken by a supervisor through break-glass (with a reason, sealed, flagged for admins' review).
 */
@Entity({ name: 'case_grants' })
@Index('case_grants_user', ['helplineId', 'userId', 'expiresAt'])
@Index('case_grants_case', ['helplineId', 'caseId'])
export class CaseGrant {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: GrantKind;

  @Column({ name: 'granted_by', type: 'varchar', length: 36 })
  grantedBy: string;

  /** Break-glass only: the supervisor's reason, sealed under the case's data key. */
  @Column({ name: 'reason_sealed', type: 'text', nullable: true })
  reasonSealed: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt: number;

  @Column({ name: 'reviewed_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  reviewedAt: number | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 36, nullable: true })
  reviewedBy: string | null;
}
