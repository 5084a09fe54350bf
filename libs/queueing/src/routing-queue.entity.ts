import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@tuki/platform';

/** A routing queue as admins define it. Lists and maps are stored as JSON text, read through the service. */
@Entity({ name: 'routing_queues' })
@Index('routing_queues_helpline', ['helplineId'])
export class RoutingQueue {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  /** JSON array of language codes the queue serves. */
  @Column({ name: 'languages', type: 'text' })
  languages: string;

  /** JSON map of skill to minimum level (0-10). */
  @Column({ name: 'required_skills', type: 'text' })
  requiredSkills: string;

  @Column({ name: 'strategy', type: 'varchar', length: 20 })
  strategy: string;

  /** Service level target: this share (percent) answered within `target_answer_seconds`. */
  @Column({ name: 'target_answer_percent', type: 'integer' })
  targetAnswerPercent: number;

  @Column({ name: 'target_answer_seconds', type: 'integer' })
  targetAnswerSeconds: number;

  /** After this wait a contact overflows to `overflow_queue_id` (both or neither). */
  @Column({ name: 'max_wait_seconds', type: 'integer', nullable: true })
  maxWaitSeconds: number | null;

  @Column({ name: 'overflow_queue_id', type: 'varchar', length: 36, nullable: true })
  overflowQueueId: string | null;

  @Column({ name: 'offer_timeout_seconds', type: 'integer' })
  offerTimeoutSeconds: number;

  /** How much waiting one priority level is worth (ageing). */
  @Column({ name: 'ageing_seconds', type: 'integer' })
  ageingSeconds: number;

  /** JSON array of widening steps ({ afterSeconds, relaxBy: number | "any" }). */
  @Column({ name: 'widening', type: 'text' })
  widening: string;

  /** Whether an agent on a voice contact may still take chats from this queue. */
  @Column({ name: 'voice_blocks_chat', type: 'boolean' })
  voiceBlocksChat: boolean;

  /** JSON opening calendar (weekly hours and closures, in the helpline's time zone); null: always open. */
  @Column({ name: 'opening_hours', type: 'text', nullable: true })
  openingHours: string | null;

  /** JSON callback policy (attempts, spacing, expiry, when to offer a callback); null: the defaults. */
  @Column({ name: 'callback_policy', type: 'text', nullable: true })
  callbackPolicy: string | null;

  @Column({ name: 'is_open', type: 'boolean' })
  isOpen: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;
}
