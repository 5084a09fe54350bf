// The public door of @tuki/statistics: the anonymous contact-facts read model.
export * from './statistics.module';
export { ContactFact } from './contact-fact.entity';
export { ContactFactsService, type FactCounts } from './contact-facts.service';
