import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The newest entry of one helpline's chain. Appends lock this row, which serialises them per helpline on PostgreSQL
 * (two appends reading the same head would both write the same seq). Written in the same transaction as the entries
 * it names, so it is as trustworthy as they are and no more: the anchor outside the database is what detects
 * truncation.
 */
@Entity({ name: 'audit_heads' })
export class AuditHead {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** Seq of the newest entry; 0 while the row only exists to be locked by the first append. */
  @Column({ name: 'seq', type: 'integer' })
  seq: number;

  /** Mac of the newest entry ('' while seq is 0). */
  @Column({ name: 'mac', type: 'varchar', length: 64 })
  mac: string;
}
