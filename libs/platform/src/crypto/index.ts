export * from './crypto.errors';
export * from './crypto.database';
export { CryptoModule } from './crypto.module';
export { DataKey } from './data-key.entity';
export { DataKeysService } from './data-keys.service';
export {
  DATA_KEY_BYTES,
  EnvelopeCipher,
  decryptField,
  encryptField,
  type FieldContext,
  type WrappedDataKey,
} from './envelope-cipher';
export { KeyedHasher, keyedHash } from './keyed-hash';
export { Keyring, type KekSource, type KeyringLoadOptions } from './keyring';
export {
  KEK_BYTES,
  activateKey,
  addKey,
  createKeyringFileExclusive,
  newKeyringDocument,
  parseKeyringDocument,
  retireKey,
  writeKeyringFile,
  type KeyringDocument,
  type KeyringEntry,
} from './keyring-document';
export { KEYRING_RELOAD_INTERVAL_MS, KeyringService } from './keyring.service';
export { ROTATION_REMINDER_DAYS, keyRotationStatus, type KeyRotationStatus, type RotationState } from './key-rotation';
export { KeyringStatus, type KeyringStatusView } from './keyring-status.service';
export { CreateDataKeys1764381600000 } from './migrations/1764381600000-CreateDataKeys';
