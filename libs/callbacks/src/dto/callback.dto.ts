import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PRIORITIES, type Priority } from '@tuki/contracts';
import { CALLBACK_OUTCOMES, type CallbackOutcome } from '../callback-attempt.entity';
import type { CallbackSource, CallbackStatus } from '../callback.entity';

const LANGUAGE = /^[a-z]{2,3}$/;
const WINDOW_TIME = 'a local time HH:MM (today, in the helpline time zone) or an ISO-8601 time with its offset';

export class CallbackWindowDto {
  @ApiPropertyOptional({ example: '17:00', description: `not before: ${WINDOW_TIME}` })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  notBefore?: string;

  @ApiPropertyOptional({ example: '2026-11-29T20:00:00+02:00', description: `not after: ${WINDOW_TIME}` })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  notAfter?: string;
}

/** A waiting caller (IVR, chat) asks to be called back: they leave the queue and keep their place. */
export class RequestCallbackDto {
  @ApiProperty({ example: '+358401234567', description: 'E.164; sealed on arrival, shown only to the agent dialling' })
  @IsString()
  @Length(4, 40, { message: 'number must be a phone number in E.164 form, such as +358401234567' })
  number: string;

  @ApiPropertyOptional({ type: CallbackWindowDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallbackWindowDto)
  window?: CallbackWindowDto;
}

/** A callback asked for without a waiting contact: a web form, a chat, or an agent on a caller's behalf. */
export class CreateCallbackDto extends RequestCallbackDto {
  @ApiProperty({ description: "the requester's own id for this request; a re-sent form reuses it" })
  @IsString()
  @Length(1, 100)
  idempotencyKey: string;

  @ApiProperty()
  @IsUUID()
  queueId: string;

  @ApiProperty({ example: 'fi' })
  @Matches(LANGUAGE, { message: 'language must be an ISO 639 code such as fi' })
  language: string;

  @ApiPropertyOptional({ example: 'extortion' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'topic must be a lower-case code' })
  topic?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ enum: ['web-form', 'chat'], description: 'for services; an agent request is always "agent"' })
  @IsOptional()
  @IsIn(['web-form', 'chat'])
  source?: 'web-form' | 'chat';
}

export class CallbackOutcomeDto {
  @ApiProperty({ enum: CALLBACK_OUTCOMES })
  @IsIn(CALLBACK_OUTCOMES, { message: `outcome must be one of ${CALLBACK_OUTCOMES.join(', ')}` })
  outcome: CallbackOutcome;
}

export class CallbackAttemptView {
  @ApiProperty() attempt: number;
  @ApiProperty() agentId: string;
  @ApiProperty() dialMode: string;
  @ApiProperty() startedAt: number;
  @ApiProperty({ nullable: true, type: Number }) endedAt: number | null;
  @ApiProperty({ nullable: true, enum: CALLBACK_OUTCOMES }) outcome: CallbackOutcome | null;
  @ApiProperty() numberReads: number;
}

/** A callback as staff see it: never the number, never its hash. */
export class CallbackView {
  /** Also its contact's id. */
  @ApiProperty() id: string;
  @ApiProperty() queueId: string;
  @ApiProperty() source: CallbackSource;
  @ApiProperty({ enum: ['open', 'completed', 'expired', 'cancelled'] }) status: CallbackStatus;
  @ApiProperty() requestedAt: number;
  @ApiProperty() windowStart: number;
  @ApiProperty({ nullable: true, type: Number }) windowEnd: number | null;
  @ApiProperty() promisedBy: number;
  @ApiProperty() deadline: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty() attemptsMade: number;
  @ApiProperty({ nullable: true, type: Number }) openAttempt: number | null;
  @ApiProperty({ nullable: true, type: Number }) nextAttemptAt: number | null;
  @ApiProperty() mergedRequests: number;
  @ApiProperty({ nullable: true, type: Number }) closedAt: number | null;
}

export class CallbackDetailView extends CallbackView {
  @ApiProperty({ type: [CallbackAttemptView] }) attempts: CallbackAttemptView[];
}

/** What the caller's channel is told: kept or merged, and the promise. */
export class CallbackReceiptView {
  @ApiProperty() callback: CallbackView;
  /** True when the number already had an open callback: this request joined it (the earlier place is kept). */
  @ApiProperty() merged: boolean;
}

export class DialView {
  @ApiProperty() callbackId: string;
  @ApiProperty() attempt: number;
  @ApiProperty({ enum: ['manual', 'provider'] }) mode: 'manual' | 'provider';
  /** Manual mode only: ring this from the helpline's phone. Hidden again once the outcome is recorded. */
  @ApiPropertyOptional() number?: string;
  @ApiPropertyOptional() callId?: string;
}
