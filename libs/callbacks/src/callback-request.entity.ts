import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/**
 * Every request for a callback, by its key: the requester's idempotency key (a web form, a chat) or the waiting
 * contact that asked. A re-sent request finds its first answer here, whether it made a callback or merged into one,
 * so it is neither counted twice nor mistaken for a new caller.
 */
@Entity({ name: 'callback_requests' })
export class CallbackRequestKey {
  @PrimaryColumn({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @PrimaryColumn({ name: 'request_key', type: 'varchar', length: 120 })
  requestKey: string;

  @Column({ name: 'callback_id', type: 'varchar', length: 36 })
  callbackId: string;

  @Column({ name: 'merged', type: 'boolean' })
  merged: boolean;

  @Column({ name: 'requested_at', type: 'bigint', transformer: bigintAsNumber })
  requestedAt: number;
}
