import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock/clock';
import { Prometheus } from './observability/prometheus';

/** Process-wide basics every module may use: the Clock (tests override it) and the Prometheus registry. */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, Prometheus],
  exports: [Clock, Prometheus],
})
export class CoreModule {}
