import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { ContactFact } from './contact-fact.entity';
import { ContactFactsService } from './contact-facts.service';
import { PrivacyBudget } from './exports/privacy-budget';
import { PrivacyBudgetRow, StatisticsExport, StatisticsSettingsRow } from './exports/statistics-entities';
import { StatisticsExports } from './exports/statistics-exports.service';
import { StatisticsSettingsService } from './exports/statistics-settings.service';
import { CreateContactFacts1764395000000 } from './migrations/1764395000000-CreateContactFacts';
import { CreateStatisticsExports1765420000000 } from './migrations/1765420000000-CreateStatisticsExports';

/**
 * Anonymised statistics: the contact-facts read model (built from events that carry nothing personal) and the
 * analysts' exports over it, with disclosure control always on and differential privacy on request.
 */
@Module({
  imports: [
    DatabaseModule.forFeature(
      [ContactFact, StatisticsSettingsRow, StatisticsExport, PrivacyBudgetRow],
      [CreateContactFacts1764395000000, CreateStatisticsExports1765420000000],
    ),
  ],
  providers: [ContactFactsService, StatisticsSettingsService, PrivacyBudget, StatisticsExports],
  exports: [ContactFactsService, StatisticsSettingsService, PrivacyBudget, StatisticsExports],
})
export class StatisticsModule {}
