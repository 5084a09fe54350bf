import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A referral made for the person (police report, data protection authority, crisis services...): a directory code. */
@Entity({ name: 'case_referrals' })
@Index('case_referrals_case', ['helplineId', 'caseId'])
export class CaseReferral {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ name: 'code', type: 'varchar', length: 60 })
  code: string;

  /** The contact it was made during, so the contact's facts can count it. */
  @Column({ name: 'contact_id', type: 'varchar', length: 36, nullable: true })
  contactId: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
