import { DomainError } from '../errors/domain-error';

// Messages here are logged and may reach a client: they name key ids (not secret) at most, never key material,
// plaintext, record contents or file contents.

/**
 * A KEK id that the keyring does not hold, even after re-reading the file. Kind 'unavailable': the caller did
 * nothing wrong; the deployment lacks a key (retired too early, or the file was not copied to this machine).
 */
export class KeyNotFoundError extends DomainError {
  readonly code = 'KEY_NOT_FOUND';
  readonly kind = 'unavailable' as const;
  constructor(keyId: string, options?: { cause?: unknown }) {
    super('Key-encryption key not found in the keyring', { cause: options?.cause, details: { keyId } });
  }
}

/**
 * The keyring file is missing (in production) or malformed. Raised at boot so a process never starts with no keys
 * or with keys it silently invented; on a later reload the previous keys stay in use and this is logged.
 */
export class KeyringInvalidError extends DomainError {
  readonly code = 'KEYRING_INVALID';
  readonly kind = 'unavailable' as const;
}

/**
 * A rotation step that would lose data: retiring the active key (new records would be written under a key that is
 * about to vanish) or activating a key the keyring does not hold.
 */
export class KeyRotationRefusedError extends DomainError {
  readonly code = 'KEY_ROTATION_REFUSED';
  readonly kind = 'conflict' as const;
}

/**
 * Authenticated decryption failed: wrong key, a ciphertext moved to another record or field, or tampering. The
 * message is fixed so that nothing of the ciphertext or a guess at the plaintext can leak into logs.
 */
export class DecryptionFailedError extends DomainError {
  readonly code = 'DECRYPTION_FAILED';
  readonly kind = 'unavailable' as const;
  constructor(options?: { cause?: unknown }) {
    super('Decryption failed: the ciphertext is damaged or belongs to another key, record or field', options);
  }
}

/**
 * The data key was crypto-shredded (or never existed for this helpline). Both read the same on purpose: a caller
 * from another helpline learns nothing about whether the id exists.
 */
export class DataKeyDestroyedError extends DomainError {
  readonly code = 'DATA_KEY_DESTROYED';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Data key not found or destroyed');
  }
}
