import { Global, Module } from '@nestjs/common';
import { RealtimePublisher } from './realtime-publisher';

/** The cross-process publisher; the api also installs RealtimeAdapter on its HTTP server. */
@Global()
@Module({ providers: [RealtimePublisher], exports: [RealtimePublisher] })
export class RealtimeModule {}
