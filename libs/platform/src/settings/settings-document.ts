import type { EntityManager, EntityTarget } from 'typeorm';
import type { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../auth/principal';

/**
 * The shape every per-helpline settings table shares (chat, telephony, cases, counsellor care): one validated JSON
 * document per helpline, with who saved it and when. Each domain keeps its own table and schema; saving is the same.
 */
export interface SettingsDocumentRow {
  helplineId: string;
  document: string;
  updatedAt: number;
  updatedBy: string;
}

/**
 * Stores a helpline's settings document, already validated, in place of the last one, and records in the same
 * transaction who replaced it (`<kind>.replaced`, with the names of the top-level fields that changed, never the
 * values; every field on the first save).
 */
export async function saveSettingsDocument<T extends object>(
  manager: EntityManager,
  audit: AuditLog,
  entity: EntityTarget<SettingsDocumentRow>,
  change: { principal: Principal; kind: string; nowMs: number },
  settings: T,
): Promise<T> {
  const { principal, kind, nowMs } = change;
  const previous = await manager.getRepository(entity).findOneBy({ helplineId: principal.helplineId });
  const before = previous ? (JSON.parse(previous.document) as Record<string, unknown>) : undefined;
  const changed = Object.entries(settings)
    .filter(([field, value]) => before === undefined || JSON.stringify(before[field]) !== JSON.stringify(value))
    .map(([field]) => field);
  await manager.getRepository(entity).upsert(
    {
      helplineId: principal.helplineId,
      document: JSON.stringify(settings),
      updatedAt: nowMs,
      updatedBy: principal.userId,
    },
    ['helplineId'],
  );
  await audit.append(manager, principal.helplineId, [
    {
      actor: { kind: 'staff', id: principal.userId, roles: [...principal.roles] },
      action: `${kind}.replaced`,
      subjectType: 'helpline',
      subjectId: principal.helplineId,
      fields: changed,
      purpose: 'administration',
    },
  ]);
  return settings;
}
