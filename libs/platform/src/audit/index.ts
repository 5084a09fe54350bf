export * from './audit.errors';
export * from './audit.database';
export { AuditModule } from './audit.module';
export { AuditEntry, type AuditActorKind } from './audit-entry.entity';
export { AuditHead } from './audit-head.entity';
export {
  AUDIT_CODE,
  checkAuditRecord,
  operatorActor,
  staffActor,
  type AuditActor,
  type AuditRecord,
} from './audit-record';
export { AUDIT_MAC_LABEL, auditMac, auditMacInput, type AuditMacInput } from './audit-mac';
export { AuditLog, type AuditEntryView, type AuditListFilter } from './audit-log.service';
export { AuditAnchor, auditAnchorKey, auditAnchoredKey, type AuditPosition } from './audit-anchor';
export { AUDIT_ANCHOR_REFRESH_MS, AuditAnchorRefresher } from './audit-anchor-refresher';
export {
  AuditVerifier,
  type AuditHelplineVerification,
  type AuditProblem,
  type AuditProblemKind,
  type AuditVerification,
  type AuditVerifyOptions,
} from './audit-verifier';
export { CreateAuditLog1764392000000 } from './migrations/1764392000000-CreateAuditLog';
