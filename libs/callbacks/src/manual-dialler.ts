import { Injectable } from '@nestjs/common';
import type { DialRequest, DialResult, Dialler } from '@tuki/contracts';

/**
 * The default dialler: nothing is placed by Tuki. The number is shown to the one agent of the open attempt, who rings
 * it from the helpline's phone (never their own: the helpline's number must be what the caller sees) and records the
 * outcome. The telephony issue adds a provider dialler that places the call and never shows the number.
 */
@Injectable()
export class ManualDialler implements Dialler {
  readonly mode = 'manual' as const;

  dial(request: DialRequest): Promise<DialResult> {
    return Promise.resolve({ mode: 'manual', number: request.number });
  }
}
