import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A helpline's counsellor-care settings as one validated JSON document (see care-settings.ts), as other settings are. */
@Entity({ name: 'care_settings' })
export class CareSettingsRow {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ type: 'text' })
  document: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 36 })
  updatedBy: string;
}
