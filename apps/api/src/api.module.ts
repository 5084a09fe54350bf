import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JOB_CATALOGUE } from '@tuki/contracts';
import { AccessGuard, HttpErrorFilter, PlatformModule, type TukiConfig } from '@tuki/platform';
import { AgentsModule } from '@tuki/agents';
import { AssignmentModule } from '@tuki/assignment';
import { CallbacksModule } from '@tuki/callbacks';
import { CasesModule } from '@tuki/cases';
import { ChatModule } from '@tuki/chat';
import { StatisticsModule } from '@tuki/statistics';
import { PlansModule } from '@tuki/simulation';
import { MetricsModule } from '@tuki/metrics';
import { QueueingModule, RoutingQueuesService } from '@tuki/queueing';
import { HelplinesService, StaffModule } from '@tuki/staff';
import { TelephonyModule, TwilioDialler } from '@tuki/telephony';
import { AgentGateway } from './agent.gateway';
import { AgentsController } from './agents.controller';
import { AuditController } from './audit.controller';
import { AuthController } from './auth.controller';
import { CaseAdministrationController } from './case-administration.controller';
import { CareSettingsController } from './care-settings.controller';
import { CaseContacts } from './case-contacts';
import { ChatAgentGateway } from './chat-agent.gateway';
import { ChatCallerGateway } from './chat-caller.gateway';
import { ChatController } from './chat.controller';
import { ChatIntake } from './chat-intake';
import { ChatRelay } from './chat-relay';
import { CasesController } from './cases.controller';
import { ContactCasesController } from './contact-cases.controller';
import { CallbacksController } from './callbacks.controller';
import { ContactsController } from './contacts.controller';
import { OffersController } from './offers.controller';
import { RoutingQueuesController } from './routing-queues.controller';
import { HealthController } from './health.controller';
import { KeysController } from './keys.controller';
import { HelplineController } from './helpline.controller';
import { ServiceCredentialsController } from './service-credentials.controller';
import { StaffController } from './staff.controller';
import { StaffGateway } from './staff.gateway';
import { SupervisorGateway } from './supervisor.gateway';
import { StatisticsController } from './statistics.controller';
import { PlannerController } from './planner.controller';
import { SupervisionController } from './supervision.controller';
import { HelpRequestsController } from './help-requests.controller';
import { NoteDraftsController } from './note-drafts.controller';
import { SupervisorPush } from './supervisor-push';
import { WaitingCallers } from './waiting-callers';
import { TelephonyAdminController } from './telephony-admin.controller';
import { TelephonyClientController } from './telephony-client.controller';
import { TelephonyEventsController } from './telephony-events.controller';
import { TelephonyTwilioController } from './telephony-twilio.controller';
import { TwilioSignatureGuard } from './telephony-twilio.guard';
import { TelephonyVoice } from './telephony-voice';
import { WebController } from './web.controller';
import { BlockListController } from './block-list.controller';
import { CallbackOutcomes } from './callback-outcomes';
import { CallerGate } from './caller-gate';

export interface ApiModuleOptions {
  config: TukiConfig;
  /** Also run the job processors and outbox relay here: the zero-config single process. */
  withWorker: boolean;
}

/** The HTTP and socket surface. Composes libs; every rule lives in them. */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot({ config: options.config, runWorkers: options.withWorker, jobs: JOB_CATALOGUE }),
        StaffModule,
        QueueingModule,
        AssignmentModule.forRoot({ runReaper: options.withWorker }),
        AgentsModule,
        CallbacksModule.forRoot({
          runTimers: options.withWorker,
          // Twilio places callbacks (agent first, then the caller) when the deployment chooses it.
          ...(options.config.telephony.callbackDialler === 'twilio'
            ? { dialler: { imports: [TelephonyModule], use: TwilioDialler } }
            : {}),
        }),
        CasesModule.forRoot({
          runRetention: options.withWorker,
          helplines: { imports: [StaffModule], directory: HelplinesService },
        }),
        StatisticsModule,
        PlansModule,
        ChatModule,
        MetricsModule.forRoot({
          runKeepers: options.withWorker,
          directories: {
            imports: [QueueingModule, StaffModule],
            queues: RoutingQueuesService,
            helplines: HelplinesService,
          },
        }),
        TelephonyModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        StaffController,
        HelplineController,
        ServiceCredentialsController,
        RoutingQueuesController,
        ContactsController,
        CallbacksController,
        OffersController,
        AgentsController,
        CasesController,
        ContactCasesController,
        CaseAdministrationController,
        StatisticsController,
        AuditController,
        KeysController,
        ChatController,
        WebController,
        SupervisionController,
        HelpRequestsController,
        NoteDraftsController,
        BlockListController,
        TelephonyTwilioController,
        TelephonyEventsController,
        TelephonyAdminController,
        TelephonyClientController,
        CareSettingsController,
        PlannerController,
      ],
      providers: [
        StaffGateway,
        SupervisorGateway,
        SupervisorPush,
        CaseContacts,
        AgentGateway,
        WaitingCallers,
        CallerGate,
        CallbackOutcomes,
        ChatIntake,
        ChatRelay,
        ChatCallerGateway,
        ChatAgentGateway,
        TelephonyVoice,
        TwilioSignatureGuard,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
