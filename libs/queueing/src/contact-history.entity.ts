import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** Every change of a contact: who, when, from, to and why, in the order it happened. Never updated or deleted. */
@Entity({ name: 'contact_history' })
@Index('contact_history_contact', ['helplineId', 'contactId', 'seq'])
export class ContactHistoryEntry {
  @PrimaryGeneratedColumn('increment', { name: 'seq', type: 'integer' })
  seq: number;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 36 })
  contactId: string;

  @Column({ name: 'at', type: 'bigint', transformer: bigintAsNumber })
  at: number;

  /** Null for the contact's creation. */
  @Column({ name: 'from_state', type: 'varchar', length: 20, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 20 })
  toState: string;

  /** The transition (`offer`, `decline`, ...), or `created`, `overflow`, `transfer`. */
  @Column({ name: 'change', type: 'varchar', length: 30 })
  change: string;

  @Column({ name: 'queue_id', type: 'varchar', length: 36 })
  queueId: string;

  /** `service`, `agent`, `supervisor` or `system`. */
  @Column({ name: 'actor_kind', type: 'varchar', length: 12 })
  actorKind: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ name: 'agent_id', type: 'varchar', length: 36, nullable: true })
  agentId: string | null;

  /** A reason code (`missed-offer`, `caller-hung-up`), never free text. */
  @Column({ name: 'reason', type: 'varchar', length: 40, nullable: true })
  reason: string | null;
}
