import { AuditEntry } from './audit-entry.entity';
import { AuditHead } from './audit-head.entity';
import { CreateAuditLog1764392000000 } from './migrations/1764392000000-CreateAuditLog';

/** The audit tables, for DatabaseModule.forFeature and for tests that build their own DataSource. */
export const AUDIT_ENTITIES = [AuditEntry, AuditHead];

/** The audit migrations, oldest first. */
export const AUDIT_MIGRATIONS = [CreateAuditLog1764392000000];
