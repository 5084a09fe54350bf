import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * One person's case. What statistics need (status, risk level, the coarse facts, dates) is in clear; every free-text
 * field and identifier is sealed under the case's own data key (`*_sealed`, base64), so a stolen database says
 * nothing, and shredding that one key makes every copy of them unreadable.
 */
@Entity({ name: 'cases' })
@Index('cases_reference', ['helplineId', 'reference'], { unique: true })
@Index('cases_caller', ['helplineId', 'callerKey'])
@Index('cases_status', ['helplineId', 'status'])
export class Case {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** The case number staff say and search for: random (never a count that tells how many cases exist). */
  @Column({ name: 'reference', type: 'varchar', length: 12 })
  reference: string;

  @Column({ name: 'status', type: 'varchar', length: 20 })
  status: string;

  @Column({ name: 'risk_level', type: 'varchar', length: 12 })
  riskLevel: string;

  /** The caller's keyed-hash pseudonym from the contact that opened the case (repeat callers, subject requests). */
  @Column({ name: 'caller_key', type: 'varchar', length: 64, nullable: true })
  callerKey: string | null;

  @Column({ name: 'data_key_id', type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ name: 'summary_sealed', type: 'text', nullable: true })
  summarySealed: string | null;

  /** The code word the caller chose, to confirm it is them next time. Compared, never shown. */
  @Column({ name: 'code_word_sealed', type: 'text', nullable: true })
  codeWordSealed: string | null;

  /** A number to call the person back on (follow-ups), E.164. */
  @Column({ name: 'phone_sealed', type: 'text', nullable: true })
  phoneSealed: string | null;

  @Column({ name: 'age_band', type: 'varchar', length: 16 })
  ageBand: string;

  @Column({ name: 'gender', type: 'varchar', length: 16 })
  gender: string;

  @Column({ name: 'region', type: 'varchar', length: 32 })
  region: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  /** When it was last closed; retention counts from here. Null while open or in follow-up. */
  @Column({ name: 'closed_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  closedAt: number | null;

  /** Optimistic lock: two agents saving at once cannot overwrite each other. */
  @Column({ name: 'version', type: 'integer' })
  version: number;
}
