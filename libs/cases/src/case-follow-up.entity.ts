import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A follow-up call an agent scheduled; its callback (the same id as its contact) links the call back to the case. */
@Entity({ name: 'case_follow_ups' })
@Index('case_follow_ups_case', ['helplineId', 'caseId'])
export class CaseFollowUp {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ name: 'callback_id', type: 'varchar', length: 36, nullable: true })
  callbackId: string | null;

  @Column({ name: 'not_before', type: 'bigint', transformer: bigintAsNumber })
  notBefore: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
