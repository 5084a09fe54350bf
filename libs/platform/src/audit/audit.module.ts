import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { AuditAnchor } from './audit-anchor';
import { AuditAnchorRefresher } from './audit-anchor-refresher';
import { AuditLog } from './audit-log.service';
import { AuditVerifier } from './audit-verifier';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from './audit.database';

/**
 * The tamper-evident audit log: appending and listing everywhere, verifying (the CLI), and where workers run the
 * loop that carries heads to their Redis anchors. Global and imported once, by PlatformModule. Needs ConfigModule,
 * ClockModule, DatabaseModule.forRoot and RedisModule.
 */
@Global()
@Module({})
export class AuditModule {
  static forRoot(options: { runWorkers: boolean }): DynamicModule {
    const providers = [AuditAnchor, AuditLog, AuditVerifier];
    return {
      module: AuditModule,
      imports: [DatabaseModule.forFeature(AUDIT_ENTITIES, AUDIT_MIGRATIONS)],
      providers: [...providers, ...(options.runWorkers ? [AuditAnchorRefresher] : [])],
      exports: providers,
    };
  }
}
