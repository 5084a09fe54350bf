import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A helpline's telephony settings as one validated JSON document (see telephony-settings.ts). */
@Entity({ name: 'telephony_settings' })
export class TelephonySettingsRow {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ type: 'text' })
  document: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 36 })
  updatedBy: string;
}
