import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * A credential for a machine caller of one helpline (a telephony webhook, the chat gateway). Only the SHA-256 of its
 * secret is stored; the token is shown once, at creation.
 */
@Entity({ name: 'service_credentials' })
@Index('service_credentials_helpline', ['helplineId'])
export class ServiceCredential {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** What it is for ("Twilio webhook"); no personal data. */
  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  revokedAt: number | null;
}
