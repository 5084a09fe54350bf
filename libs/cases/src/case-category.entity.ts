import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A category of a case, in its own rows so search by category is an indexed lookup. Codes only. */
@Entity({ name: 'case_categories' })
@Index('case_categories_code', ['helplineId', 'code'])
export class CaseCategory {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @PrimaryColumn({ name: 'code', type: 'varchar', length: 60 })
  code: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;
}
