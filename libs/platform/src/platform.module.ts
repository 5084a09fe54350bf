import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from './audit/audit.module';
import { CallerTokens } from './auth/caller-tokens';
import { AccessTokens } from './auth/access-tokens';
import { ConfigModule } from './config/config.module';
import type { TukiConfig } from './config/tuki-config';
import { CoreModule } from './core.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import type { JobFamilyName } from './jobs/job-families';
import { JobsModule } from './jobs/jobs.module';
import { LoggingModule } from './logging/logging.module';
import { OutboxModule } from './outbox/outbox.module';
import { PLATFORM_JOB_CATALOGUE } from './outbox/platform-jobs';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';

export interface PlatformOptions {
  config: TukiConfig;
  /** Run job processors, the outbox relay and the audit anchor refresher here (worker, or the zero-config process). */
  runWorkers: boolean;
  /** The domain's job catalogue (from @tuki/contracts); the platform adds its own jobs. */
  jobs: Record<string, JobFamilyName>;
}

/** Everything a Tuki process stands on, composed once so api, worker and cli boot the same way. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(options.config),
        CoreModule,
        LoggingModule,
        DatabaseModule.forRoot(),
        RedisModule,
        JobsModule.forRoot({
          catalogue: { ...PLATFORM_JOB_CATALOGUE, ...options.jobs },
          runWorkers: options.runWorkers,
        }),
        OutboxModule.forRoot({ runWorkers: options.runWorkers }),
        RealtimeModule,
        CryptoModule.forRoot(),
        AuditModule.forRoot({ runWorkers: options.runWorkers }),
        JwtModule.register({}),
      ],
      providers: [AccessTokens, CallerTokens],
      exports: [AccessTokens, CallerTokens],
    };
  }
}
