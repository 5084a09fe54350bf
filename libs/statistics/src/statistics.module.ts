import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { ContactFact } from './contact-fact.entity';
import { ContactFactsService } from './contact-facts.service';
import { CreateContactFacts1764395000000 } from './migrations/1764395000000-CreateContactFacts';

/** The anonymous contact-facts read model; the analyst's exports build on it (a later issue). */
@Module({
  imports: [DatabaseModule.forFeature([ContactFact], [CreateContactFacts1764395000000])],
  providers: [ContactFactsService],
  exports: [ContactFactsService],
})
export class StatisticsModule {}
