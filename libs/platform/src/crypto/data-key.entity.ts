import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/columns';

/**
 * One record's data key, wrapped under a keyring KEK. Shredding overwrites `wrappedKey` and sets `destroyedAt`; the
 * row stays so that "destroyed" and "never existed" are told apart in audits, and so the id is never reused.
 * Column types are the ones both better-sqlite3 and PostgreSQL accept unchanged.
 */
@Entity({ name: 'data_keys' })
@Index('idx_data_keys_helpline_id', ['helplineId'])
@Index('idx_data_keys_kek_id', ['kekId'])
export class DataKey {
  /** A UUID made by the code (not the database), so the caller knows it before the insert. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  /** Every key belongs to one helpline; every read is scoped by it. */
  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** The KEK the key is wrapped under; rotation re-wraps rows whose KEK is not the active one. */
  @Column({ name: 'kek_id', type: 'varchar', length: 64 })
  kekId: string;

  /** Base64 of the sealed data key: text, not blob/bytea, so one type serves both databases. Empty once shredded. */
  @Column({ name: 'wrapped_key', type: 'text' })
  wrappedKey: string;

  /** Epoch milliseconds, from the injected Clock. */
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  /** Epoch milliseconds of the shredding, or null while the key is usable. */
  @Column({ name: 'destroyed_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  destroyedAt: number | null;
}
