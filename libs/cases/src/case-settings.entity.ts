import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A helpline's case settings (taxonomy, referral directory, status workflow, access and retention periods) as JSON. */
@Entity({ name: 'case_settings' })
export class CaseSettingsRow {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'document', type: 'text' })
  document: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 36 })
  updatedBy: string;
}
