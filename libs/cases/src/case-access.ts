import type { Principal } from '@tuki/platform';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CaseGrant } from './case-grant.entity';
import { CaseParticipant } from './case-participant.entity';
import type { Case } from './case.entity';
import type { CaseSettings } from './case-settings';

const DAY_MS = 24 * 3600_000;

/** What a principal may do with cases, decided from roles alone. */
export function caseRoleOf(principal: Principal): 'supervisor' | 'agent' | 'none' {
  if (principal.roles.includes('supervisor')) return 'supervisor';
  if (principal.roles.includes('agent')) return 'agent';
  // Admins review break-glass openings and the audit log; analysts see statistics only. Neither reads a case.
  return 'none';
}

/**
 * The rows a principal may open, as a condition on the query (alias `c`), so a list or a search can never return a
 * case the asker may not see: they worked on it within the access period, or hold an unexpired grant for it.
 * Supervisors may list every case of the helpline, but opening one they have no part in takes break-glass.
 */
export function whereMayOpen<T extends SelectQueryBuilder<Case>>(
  query: T,
  principal: Principal,
  settings: CaseSettings,
  now: number,
): T {
  const participants = tableOf(query, CaseParticipant);
  const grants = tableOf(query, CaseGrant);
  return query.andWhere(
    `(EXISTS (SELECT 1 FROM ${participants} p WHERE p.case_id = c.id AND p.helpline_id = c.helpline_id
        AND p.user_id = :accessUser AND p.last_worked_at > :workedSince)
      OR EXISTS (SELECT 1 FROM ${grants} g WHERE g.case_id = c.id AND g.helpline_id = c.helpline_id
        AND g.user_id = :accessUser AND g.expires_at > :accessNow))`,
    { accessUser: principal.userId, workedSince: now - settings.agentAccessDays * DAY_MS, accessNow: now },
  );
}

/** whereMayOpen for agents; nothing for supervisors (they list all); no rows for anyone else. */
export function whereMayList<T extends SelectQueryBuilder<Case>>(
  query: T,
  principal: Principal,
  settings: CaseSettings,
  now: number,
): T {
  switch (caseRoleOf(principal)) {
    case 'supervisor':
      return query;
    case 'agent':
      return whereMayOpen(query, principal, settings, now);
    case 'none':
      return query.andWhere('1 = 0');
  }
}

/** A table's name as raw SQL must say it: schema-qualified on PostgreSQL (tests run each file in its own schema). */
export function tableOf(query: SelectQueryBuilder<ObjectLiteral>, entity: EntityTarget<ObjectLiteral>): string {
  const metadata = query.connection.getMetadata(entity);
  return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
}
