import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A staff member who worked on a case (answered one of its contacts, opened it, wrote in it), and when last. */
@Entity({ name: 'case_participants' })
@Index('case_participants_user', ['helplineId', 'userId'])
export class CaseParticipant {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** Agents see the case until this plus the helpline's access period. */
  @Column({ name: 'last_worked_at', type: 'bigint', transformer: bigintAsNumber })
  lastWorkedAt: number;
}
