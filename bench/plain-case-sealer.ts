import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseSealer, type SealedPlace } from '@tuki/cases';

/**
 * The benchmark's baseline twin of EnvelopeCaseSealer: stores the text itself, with no data-key lookup, no AES-GCM
 * and no base64. The conservative choice: everything that encryption adds to a stored field (key cache or unwrap,
 * cipher, the 4/3 larger base64 text in the row and on the wire) counts as encryption's cost. Bench only: the
 * application binds EnvelopeCaseSealer and nothing else.
 */
@Injectable()
export class PlainCaseSealer extends CaseSealer {
  async seal(_manager: EntityManager, _place: SealedPlace, text: string): Promise<string> {
    return text;
  }

  async open(_manager: EntityManager, _place: SealedPlace, sealed: string): Promise<string> {
    return sealed;
  }
}
