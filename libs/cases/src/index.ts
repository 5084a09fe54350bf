// The public door of @tuki/cases: cases with sealed notes, access rules, repeat callers, follow-ups, retention.
export * from './cases.module';
export * from './cases.errors';
export * from './case-settings';
export * from './contact-snapshot';
export * from './dto/case.dto';
export { CasesService, normaliseCodeWord, type CaseQuery } from './cases.service';
export { CaseWork } from './case-work.service';
export { CaseGrants } from './case-grants.service';
export { RepeatCallers } from './repeat-callers.service';
export { CaseFollowUps } from './case-follow-ups.service';
export { CaseSettingsService } from './case-settings.service';
export { SubjectRequests, type SubjectExport } from './subject-requests.service';
export { CaseRetention, type RetentionResult } from './case-retention.service';
export { CaseSealer, EnvelopeCaseSealer, type SealedPlace } from './case-sealer';
export { CASES_ENTITIES, CASES_MIGRATIONS } from './cases.database';
export { statisticsPeriodsOf, waitBandOf } from './statistics-periods';
export * from './note-drafts.service';
export * from './dto/note-draft.dto';
