import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TUKI_CONFIG, type TukiConfig } from './tuki-config';

/** Makes the configuration read at boot injectable everywhere as TUKI_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: TukiConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: TUKI_CONFIG, useValue: config }], exports: [TUKI_CONFIG] };
  }
}
