import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, type StaffRole } from '@tuki/platform';

/** A person who signs in. The TOTP secret is envelope-encrypted under the user's own data key. */
@Entity({ name: 'staff_users' })
@Index('staff_users_helpline', ['helplineId'])
export class StaffUser {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** Normalised (lower-case) sign-in name, unique across the deployment so sign-in needs no helpline picker. */
  @Column({ name: 'login', type: 'varchar', length: 120, unique: true })
  login: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  /** Comma-separated roles; read through `roleList`. */
  @Column({ name: 'roles', type: 'varchar', length: 100 })
  roles: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'data_key_id', type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ name: 'totp_secret', type: 'text', nullable: true })
  totpSecret: string | null;

  // The default is the SQL literal the migration wrote: a plain `false` would read as `0` on SQLite and differ.
  @Column({ name: 'mfa_enrolled', type: 'boolean', default: () => 'false' })
  mfaEnrolled: boolean;

  /** The last TOTP time step accepted: a code is never accepted twice. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  totpLastStep: number | null;

  /** Bumped on disable and role change; access tokens carry it and stop working when it moves. */
  @Column({ name: 'session_version', type: 'integer', default: 1 })
  sessionVersion: number;

  @Column({ name: 'disabled_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  disabledAt: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  roleList(): StaffRole[] {
    return this.roles.split(',').filter(Boolean) as StaffRole[];
  }
}
