import { DataKey } from './data-key.entity';
import { CreateDataKeys1764381600000 } from './migrations/1764381600000-CreateDataKeys';

/** The crypto tables, for DatabaseModule.forFeature and for tests that build their own DataSource. */
export const CRYPTO_ENTITIES = [DataKey];

/** The crypto migrations, oldest first (TypeORM orders them by the timestamp in the class name anyway). */
export const CRYPTO_MIGRATIONS = [CreateDataKeys1764381600000];
