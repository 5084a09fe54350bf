import { createHmac } from 'node:crypto';
import { lengthPrefixed } from '../crypto/length-prefixed';

/** Version label of the MAC input: a change of format gets a new label, never a silent reinterpretation. */
export const AUDIT_MAC_LABEL = 'tuki/audit/v1';

/** What one entry's MAC covers: every stored column but the MAC itself, JSON lists as their stored text. */
export interface AuditMacInput {
  helplineId: string;
  seq: number;
  /** The previous entry's mac, '' for seq 1: this is what chains the entries. */
  prevMac: string;
  occurredAt: number;
  actorKind: string;
  actorId: string;
  /** The JSON text of the roles, exactly as stored. */
  actorRoles: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** The JSON text of the field names, exactly as stored. */
  fields: string;
  purpose: string;
  purposeRef: string | null;
}

/**
 * The bytes an entry's MAC is computed over. Length-prefixed, so no two different entries give the same bytes
 * ("ab","c" vs "a","bc"). Public on purpose: the format is no secret, the key is.
 */
export function auditMacInput(entry: AuditMacInput): Buffer {
  return lengthPrefixed(
    AUDIT_MAC_LABEL,
    entry.helplineId,
    String(entry.seq),
    entry.prevMac,
    String(entry.occurredAt),
    entry.actorKind,
    entry.actorId,
    entry.actorRoles,
    entry.action,
    entry.subjectType,
    entry.subjectId,
    entry.fields,
    entry.purpose,
    entry.purposeRef ?? '',
  );
}

/**
 * HMAC-SHA-256 (hex) of an entry under AUDIT_KEY. Keyed, not a plain hash: whoever can write to the database can
 * recompute a plain hash chain after editing an entry, but cannot compute this without the key, which is not in the
 * database.
 */
export function auditMac(key: Buffer, entry: AuditMacInput): string {
  return createHmac('sha256', key).update(auditMacInput(entry)).digest('hex');
}
