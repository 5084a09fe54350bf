import type { AuditActorKind } from './audit-entry.entity';
import { AuditRecordInvalidError } from './audit.errors';

/** Who did it, as the access check saw them. */
export interface AuditActor {
  kind: AuditActorKind;
  /** A staff user id, a service name or a system job name (a code, never a person's name). */
  id: string;
  /** The roles that granted access. Default none. */
  roles?: string[];
}

/** One read or write to record. Every string is a code or an id: the log must never hold personal data. */
export interface AuditRecord {
  actor: AuditActor;
  /** `case.read`, `case.note-created`... at most 60 characters. */
  action: string;
  /** `case`, `case-note`... at most 30 characters. */
  subjectType: string;
  /** The id of the case (or other subject), at most 64 characters. */
  subjectId: string;
  /** Names of the fields read or written (`notes`, `phone`); may be empty. */
  fields: string[];
  /** Why access was allowed: `participant`, `break-glass`... at most 40 characters. */
  purpose: string;
  /** What the purpose refers to (a break-glass request id). Default none. */
  purposeRef?: string | null;
}

/** A code: a letter or digit, then letters, digits and `. _ : -`. No spaces, so no free text. */
export const AUDIT_CODE = /^[a-z0-9][a-z0-9._:-]*$/i;

const ACTOR_KINDS: ReadonlySet<string> = new Set<AuditActorKind>(['staff', 'service', 'system']);
const MAX_FIELDS = 100;

function code(field: string, value: unknown, maxLength: number): void {
  if (typeof value !== 'string' || value.length > maxLength || !AUDIT_CODE.test(value)) {
    throw new AuditRecordInvalidError(field);
  }
}

/**
 * Refuses a record that does not fit the columns or holds anything but codes, before anything is written. The
 * lengths are the column lengths, so PostgreSQL (which enforces them) and SQLite (which does not) store the same.
 */
export function checkAuditRecord(record: AuditRecord): void {
  if (!ACTOR_KINDS.has(record.actor?.kind)) throw new AuditRecordInvalidError('actor.kind');
  code('actor.id', record.actor.id, 64);
  const roles = record.actor.roles ?? [];
  if (!Array.isArray(roles) || roles.length > MAX_FIELDS) throw new AuditRecordInvalidError('actor.roles');
  roles.forEach((role) => code('actor.roles', role, 40));
  code('action', record.action, 60);
  code('subjectType', record.subjectType, 30);
  code('subjectId', record.subjectId, 64);
  if (!Array.isArray(record.fields) || record.fields.length > MAX_FIELDS) throw new AuditRecordInvalidError('fields');
  record.fields.forEach((field) => code('fields', field, 60));
  code('purpose', record.purpose, 40);
  if (record.purposeRef !== undefined && record.purposeRef !== null) code('purposeRef', record.purposeRef, 64);
}

/** The actor of a signed-in staff member's request: their id and the roles that allowed it. */
export function staffActor(principal: { userId: string; roles: readonly string[] }): AuditActor {
  return { kind: 'staff', id: principal.userId, roles: [...principal.roles] };
}

/**
 * The actor of a change made by an operator's command or a script with no signed-in user (the CLI's create-admin, a
 * test's seed): a system actor named by what ran it.
 */
export function operatorActor(command: string): AuditActor {
  return { kind: 'system', id: command };
}
