import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { DIALLER, type Dialler } from '@tuki/contracts';
import { DatabaseModule } from '@tuki/platform';
import { QueueingModule } from '@tuki/queueing';
import { CallbackAttempt } from './callback-attempt.entity';
import { CallbackAttempts } from './callback-attempts.service';
import { CallbackClosing } from './callback-closing';
import { CallbackRequests } from './callback-requests.service';
import { ComeDueHandler, ExpireLateHandler, FlagOverdueHandler } from './callback-timer-handlers';
import { CallbackTimers } from './callback-timers.service';
import { CALLBACK_OPTIONS, CallbackTimersLoop, type CallbackOptions } from './callback-timers-loop';
import { Callback } from './callback.entity';
import { CallbackRequestKey } from './callback-request.entity';
import { CallbacksQuery } from './callbacks-query.service';
import { ManualDialler } from './manual-dialler';
import { CreateCallbacks1764390000000 } from './migrations/1764390000000-CreateCallbacks';

export interface CallbacksModuleOptions extends CallbackOptions {
  /**
   * The dialler of the deployment, from a module the app chooses (a provider's, say; callbacks may not import
   * channels). Default: ManualDialler, the agent rings from the helpline's phone.
   */
  dialler?: { imports: ModuleMetadata['imports']; use: Type<Dialler> };
}

/**
 * Callback queues: requests (deduplicated per number by the database), attempts, timers and the number's sealing
 * and shredding. Routing offers callbacks like any contact; this module never touches the live index.
 */
@Module({})
export class CallbacksModule {
  static forRoot(options: CallbacksModuleOptions): DynamicModule {
    const { dialler, ...timers } = options;
    return {
      module: CallbacksModule,
      imports: [
        DatabaseModule.forFeature([Callback, CallbackAttempt, CallbackRequestKey], [CreateCallbacks1764390000000]),
        QueueingModule,
        ...(dialler?.imports ?? []),
      ],
      providers: [
        { provide: CALLBACK_OPTIONS, useValue: timers },
        CallbackRequests,
        CallbackAttempts,
        CallbacksQuery,
        CallbackClosing,
        CallbackTimers,
        CallbackTimersLoop,
        ComeDueHandler,
        FlagOverdueHandler,
        ExpireLateHandler,
        dialler ? { provide: DIALLER, useExisting: dialler.use } : { provide: DIALLER, useClass: ManualDialler },
      ],
      exports: [CallbackRequests, CallbackAttempts, CallbacksQuery, CallbackTimers],
    };
  }
}
