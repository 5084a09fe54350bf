import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { DeliverBackgroundEventHandler, DeliverEventHandler } from './deliver-event.handler';
import { EventConsumers } from './event-consumers';
import { CreateOutbox1764381000000 } from './migrations/1764381000000-CreateOutbox';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';
import { ProcessedEvent } from './processed-event.entity';

/** The transactional outbox: writing events everywhere, relaying and delivering them where workers run. */
@Global()
@Module({})
export class OutboxModule {
  static forRoot(options: { runWorkers: boolean }): DynamicModule {
    return {
      module: OutboxModule,
      imports: [DatabaseModule.forFeature([OutboxEvent, ProcessedEvent], [CreateOutbox1764381000000])],
      providers: [
        OutboxService,
        EventConsumers,
        ...(options.runWorkers ? [OutboxRelay, DeliverEventHandler, DeliverBackgroundEventHandler] : []),
      ],
      exports: [OutboxService, EventConsumers],
    };
  }
}
