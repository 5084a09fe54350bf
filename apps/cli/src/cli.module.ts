import { Module, type DynamicModule } from '@nestjs/common';
import { JOB_CATALOGUE } from '@tuki/contracts';
import { PlatformModule, type TukiConfig } from '@tuki/platform';
import { AgentsModule } from '@tuki/agents';
import { QueueingModule } from '@tuki/queueing';
import { StaffModule } from '@tuki/staff';

/** What operator commands need: storage (migrated), crypto and staff. No processors run here. */
@Module({})
export class CliModule {
  static forRoot(config: TukiConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        PlatformModule.forRoot({ config, runWorkers: false, jobs: JOB_CATALOGUE }),
        StaffModule,
        QueueingModule,
        AgentsModule,
      ],
    };
  }
}
