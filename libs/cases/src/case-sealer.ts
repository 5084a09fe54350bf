import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataKeysService, decryptField, encryptField } from '@tuki/platform';

/** Which case and row a sealed field belongs to; all of it is bound into the ciphertext as associated data. */
export interface SealedPlace {
  helplineId: string;
  caseId: string;
  dataKeyId: string;
  /** The row holding the field: the case itself, a note, a grant. */
  rowId: string;
  field: string;
}

/**
 * Seals and opens a case's free-text fields and identifiers. Abstract so the benchmark can measure the same service
 * over a plain-text twin; the application only ever binds the envelope version.
 */
export abstract class CaseSealer {
  abstract seal(manager: EntityManager, place: SealedPlace, text: string): Promise<string>;
  abstract open(manager: EntityManager, place: SealedPlace, sealed: string): Promise<string>;
}

const aad = (place: SealedPlace) => ({
  // Data key, case and row: a ciphertext moved to another case, row or field does not decrypt.
  recordId: `${place.dataKeyId}/${place.caseId}/${place.rowId}`,
  field: place.field,
});

/** Envelope encryption under the case's data key (AES-256-GCM), stored as base64. */
@Injectable()
export class EnvelopeCaseSealer extends CaseSealer {
  constructor(private readonly dataKeys: DataKeysService) {
    super();
  }

  async seal(manager: EntityManager, place: SealedPlace, text: string): Promise<string> {
    const key = await this.dataKeys.open(manager, place.helplineId, place.dataKeyId);
    return encryptField(key, text, aad(place)).toString('base64');
  }

  async open(manager: EntityManager, place: SealedPlace, sealed: string): Promise<string> {
    const key = await this.dataKeys.open(manager, place.helplineId, place.dataKeyId);
    return decryptField(key, Buffer.from(sealed, 'base64'), aad(place));
  }
}
