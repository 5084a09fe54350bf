import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { HELPLINE_DIRECTORY, type HelplineDirectory } from '@tuki/contracts';
import { DatabaseModule } from '@tuki/platform';
import { CaseAccess } from './case-access.service';
import { CaseContactsConsumer } from './case-contacts.consumer';
import { CaseFollowUps } from './case-follow-ups.service';
import { CaseGrants } from './case-grants.service';
import { CasePurge } from './case-purge';
import { CaseRetention } from './case-retention.service';
import { CASES_OPTIONS, CaseRetentionLoop } from './case-retention.loop';
import { CaseSealer, EnvelopeCaseSealer } from './case-sealer';
import { CaseSettingsService } from './case-settings.service';
import { CaseViews } from './case-views';
import { CaseWork } from './case-work.service';
import { CASES_ENTITIES, CASES_MIGRATIONS } from './cases.database';
import { CasesService } from './cases.service';
import { ContactFactsPublisher } from './contact-facts.publisher';
import { RepeatCallers } from './repeat-callers.service';
import { SubjectRequests } from './subject-requests.service';
import { NoteDrafts } from './note-drafts.service';

export interface CasesModuleOptions {
  /** Schedule the retention job here (workers, and the zero-config single process). */
  runRetention: boolean;
  /** Where helplines' time zones come from: the app passes staff's module and service (cases may not import staff). */
  helplines: { imports: ModuleMetadata['imports']; directory: Type<HelplineDirectory> };
}

const SERVICES = [
  CasesService,
  CaseWork,
  CaseGrants,
  RepeatCallers,
  CaseFollowUps,
  CaseSettingsService,
  SubjectRequests,
  CaseRetention,
  NoteDrafts,
];

/** Cases: encrypted notes, access rules applied in queries, every read audited, repeat callers, retention. */
@Module({})
export class CasesModule {
  static forRoot(options: CasesModuleOptions): DynamicModule {
    return {
      module: CasesModule,
      imports: [DatabaseModule.forFeature(CASES_ENTITIES, CASES_MIGRATIONS), ...(options.helplines.imports ?? [])],
      providers: [
        { provide: CASES_OPTIONS, useValue: { runRetention: options.runRetention } },
        { provide: HELPLINE_DIRECTORY, useExisting: options.helplines.directory },
        { provide: CaseSealer, useClass: EnvelopeCaseSealer },
        CaseAccess,
        CaseViews,
        CasePurge,
        ContactFactsPublisher,
        CaseContactsConsumer,
        CaseRetentionLoop,
        ...SERVICES,
      ],
      exports: [...SERVICES, CaseSealer],
    };
  }
}
