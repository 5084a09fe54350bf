// The public door of @tuki/statistics: the anonymous contact-facts read model and the analysts' exports.
export * from './statistics.module';
export * from './statistics.errors';
export { ContactFact } from './contact-fact.entity';
export { ContactFactsService, type FactCounts } from './contact-facts.service';
export { StatisticsExports, type ExportFormat } from './exports/statistics-exports.service';
export { StatisticsSettingsService } from './exports/statistics-settings.service';
export { PrivacyBudget, type BudgetView } from './exports/privacy-budget';
export type { StatisticsSettings } from './exports/statistics-settings';
export { CreateStatisticsExportDto, StatisticsQueryDto } from './query/statistics-query.dto';
export { periodsBetween } from './query/periods';
export { buildStatistics, type StatisticsPlan } from './engine/statistics-engine';
export { seededRandomBytes, scriptedRandomBytes, type RandomBytes } from './privacy/random-source';
