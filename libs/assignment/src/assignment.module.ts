import { Module, type DynamicModule } from '@nestjs/common';
import { AgentsModule } from '@tuki/agents';
import { QueueingModule } from '@tuki/queueing';
import { ROUTING_OPTIONS, RoutingEngine, type RoutingOptions } from './routing-engine.service';

/** The routing engine over Redis, with the lease reaper where workers run. */
@Module({})
export class AssignmentModule {
  static forRoot(options: RoutingOptions): DynamicModule {
    return {
      module: AssignmentModule,
      imports: [QueueingModule, AgentsModule],
      providers: [{ provide: ROUTING_OPTIONS, useValue: options }, RoutingEngine],
      exports: [RoutingEngine],
    };
  }
}
