import { Module, type DynamicModule } from '@nestjs/common';
import { AgentsModule } from '@tuki/agents';
import { QueueingModule } from '@tuki/queueing';
import { AgentPresence } from './agent-presence.service';
import { AgentStateSettler } from './agent-state-settler.service';
import { Conversations } from './conversations.service';
import { IndexRebuild } from './index-rebuild.service';
import { OfferLifecycle } from './offer-lifecycle.service';
import { ROUTING_OPTIONS, RoutingEngine, type RoutingOptions } from './routing-engine.service';
import { RoutingIndex } from './routing-index.service';
import { Routing } from './routing.service';
import { StaleHolds } from './stale-holds.service';
import { WaitingMoves } from './waiting-moves.service';

/** The routing engine over Redis, with the lease reaper where workers run. Apps use RoutingEngine only. */
@Module({})
export class AssignmentModule {
  static forRoot(options: RoutingOptions): DynamicModule {
    return {
      module: AssignmentModule,
      imports: [QueueingModule, AgentsModule],
      providers: [
        { provide: ROUTING_OPTIONS, useValue: options },
        RoutingIndex,
        StaleHolds,
        AgentStateSettler,
        Routing,
        OfferLifecycle,
        AgentPresence,
        Conversations,
        WaitingMoves,
        IndexRebuild,
        RoutingEngine,
      ],
      exports: [RoutingEngine],
    };
  }
}
