import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { CRYPTO_ENTITIES, CRYPTO_MIGRATIONS } from './crypto.database';
import { DataKeysService } from './data-keys.service';
import { EnvelopeCipher } from './envelope-cipher';
import { KeyedHasher } from './keyed-hash';
import { KeyringService } from './keyring.service';
import { KeyringStatus } from './keyring-status.service';

/**
 * Keyring, envelope encryption, data keys and keyed hashes. Global and imported once by each app: one keyring (one
 * reload timer) and one data-key cache per process. Needs ConfigModule, ClockModule and DatabaseModule.forRoot.
 */
@Global()
@Module({})
export class CryptoModule {
  static forRoot(): DynamicModule {
    const providers = [KeyringService, EnvelopeCipher, DataKeysService, KeyedHasher, KeyringStatus];
    return {
      module: CryptoModule,
      imports: [DatabaseModule.forFeature(CRYPTO_ENTITIES, CRYPTO_MIGRATIONS)],
      providers,
      exports: providers,
    };
  }
}
