import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/columns';

/** Who acted: a signed-in staff member, another service (an api key), or Tuki itself (retention, a job). */
export type AuditActorKind = 'staff' | 'service' | 'system';

/**
 * One audited read or write, chained to the entry before it by an HMAC under AUDIT_KEY (see audit-mac.ts). Rows are
 * only ever inserted: Tuki has no code that updates or deletes them. Codes and ids only, never personal data: the log
 * says who looked at which fields of which case and why, not what the fields held. JSON lists are stored as the
 * exact text that was MACed, so verification never depends on re-serialising them the same way.
 */
@Entity({ name: 'audit_entries' })
@Index('idx_audit_entries_subject', ['helplineId', 'subjectId'])
@Index('idx_audit_entries_actor', ['helplineId', 'actorId'])
export class AuditEntry {
  /** Each helpline has a chain of its own, so helplines never wait on each other's appends. */
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  /** 1, 2, 3... within the helpline, without gaps: a missing number is a deleted entry. */
  @PrimaryColumn({ name: 'seq', type: 'integer' })
  seq: number;

  /** Epoch milliseconds, from the injected Clock. */
  @Column({ name: 'occurred_at', type: 'bigint', transformer: bigintAsNumber })
  occurredAt: number;

  @Column({ name: 'actor_kind', type: 'varchar', length: 10 })
  actorKind: AuditActorKind;

  /** A staff user id, a service name or a system job name. */
  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  /** JSON array of the roles the actor held when acting (access rules change; the log keeps what applied). */
  @Column({ name: 'actor_roles', type: 'text' })
  actorRoles: string;

  /** `case.read`, `case.note-created`... */
  @Column({ name: 'action', type: 'varchar', length: 60 })
  action: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 30 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 64 })
  subjectId: string;

  /** JSON array of the field names read or written. */
  @Column({ name: 'fields', type: 'text' })
  fields: string;

  /** Why access was allowed: `participant`, `break-glass`... */
  @Column({ name: 'purpose', type: 'varchar', length: 40 })
  purpose: string;

  /** What the purpose refers to (the break-glass request, the retention run), when it refers to something. */
  @Column({ name: 'purpose_ref', type: 'varchar', length: 64, nullable: true })
  purposeRef: string | null;

  /** The previous entry's mac ('' for seq 1). */
  @Column({ name: 'prev_mac', type: 'varchar', length: 64 })
  prevMac: string;

  /** HMAC-SHA-256 (hex) over this entry and prevMac. */
  @Column({ name: 'mac', type: 'varchar', length: 64 })
  mac: string;
}
