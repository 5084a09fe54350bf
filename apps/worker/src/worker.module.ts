import { Module, type DynamicModule } from '@nestjs/common';
import { JOB_CATALOGUE } from '@tuki/contracts';
import { PlatformModule, type TukiConfig } from '@tuki/platform';
import { AgentsModule } from '@tuki/agents';
import { AssignmentModule } from '@tuki/assignment';
import { CallbacksModule } from '@tuki/callbacks';
import { CasesModule } from '@tuki/cases';
import { StatisticsModule } from '@tuki/statistics';
import { PlansModule } from '@tuki/simulation';
import { ChatModule } from '@tuki/chat';
import { MetricsModule } from '@tuki/metrics';
import { QueueingModule, RoutingQueuesService } from '@tuki/queueing';
import { HelplinesService, StaffModule } from '@tuki/staff';

/** The processors and the outbox relay, from the libs. Later libs add their modules here and to ApiModule. */
@Module({})
export class WorkerModule {
  static forRoot(config: TukiConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ config, runWorkers: true, jobs: JOB_CATALOGUE }),
        StaffModule,
        QueueingModule,
        AgentsModule,
        AssignmentModule.forRoot({ runReaper: true }),
        CallbacksModule.forRoot({ runTimers: true }),
        CasesModule.forRoot({ runRetention: true, helplines: { imports: [StaffModule], directory: HelplinesService } }),
        StatisticsModule,
        PlansModule,
        ChatModule,
        MetricsModule.forRoot({
          runKeepers: true,
          directories: {
            imports: [QueueingModule, StaffModule],
            queues: RoutingQueuesService,
            helplines: HelplinesService,
          },
        }),
      ],
    };
  }
}
