import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** One organisation served by this deployment. Every row and key of the domain carries its id. */
@Entity({ name: 'helplines' })
export class Helpline {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  /** IANA zone for opening hours, "after 17:00" and statistics weeks. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
