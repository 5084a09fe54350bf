import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '@tuki/contracts';
import { CONTACT_STATES, type ContactState } from '../contact-state';
import { RISK_FLAG_CODES, type RiskFlagCode } from '../risk-flags';
import { LANGUAGE_PATTERN } from './routing-queue.dto';

/** Who is calling, as the channel gives it. Hashed on arrival and then discarded: never stored, never logged. */
export class CallerIdentityDto {
  @ApiProperty({ enum: ['phone', 'chat'] })
  @IsIn(['phone', 'chat'])
  kind: 'phone' | 'chat';

  @ApiProperty({ description: 'phone number (any common format) or the opted-in chat identity' })
  @IsString()
  @Length(3, 200)
  value: string;
}

const LIVE_CHANNELS = CHANNELS.filter((channel) => channel !== 'callback');

export class CreateContactDto {
  @ApiProperty({ description: "the channel adapter's own id for this contact; a re-sent webhook reuses it" })
  @IsString()
  @Length(1, 100)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey: string;

  @ApiProperty()
  @IsUUID()
  queueId: string;

  /** A callback is asked for through the callback routes (it needs a number), never created as a contact here. */
  @ApiProperty({ enum: LIVE_CHANNELS })
  @IsIn(LIVE_CHANNELS, { message: 'channel must be voice or chat (callbacks are requested at /callbacks)' })
  channel: Channel;

  @ApiProperty({ example: 'fi' })
  @Matches(LANGUAGE_PATTERN, { message: 'language must be an ISO 639 code such as fi' })
  language: string;

  @ApiPropertyOptional({ example: 'extortion' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'topic must be a code of lower-case letters, digits and -' })
  topic?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ enum: RISK_FLAG_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(RISK_FLAG_CODES.length)
  @IsIn(RISK_FLAG_CODES, { each: true })
  riskFlags?: RiskFlagCode[];

  @ApiPropertyOptional({ type: CallerIdentityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallerIdentityDto)
  caller?: CallerIdentityDto;
}

export class TransferContactDto {
  @ApiProperty({ description: 'the queue the caller is handed to; they keep their place by first arrival' })
  @IsUUID()
  queueId: string;
}

export class ContactView {
  @ApiProperty() id: string;
  @ApiProperty() queueId: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() language: string;
  @ApiProperty({ nullable: true, type: String }) topic: string | null;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ enum: RISK_FLAG_CODES, isArray: true }) riskFlags: RiskFlagCode[];
  @ApiProperty({ enum: CONTACT_STATES }) state: ContactState;
  @ApiProperty() firstArrivedAt: number;
  @ApiProperty() stateChangedAt: number;
  @ApiProperty({ nullable: true, type: String }) agentId: string | null;
  @ApiProperty({ nullable: true, type: Number }) waitMs: number | null;
  /** Whether a caller key exists (the key itself never leaves the server). */
  @ApiProperty() knownCaller: boolean;
  /** Earlier contacts with the same caller key when this one arrived (0: no sign of a repeat caller). */
  @ApiProperty() earlierContacts: number;
  /** Goes up with every change: the routing index uses it to refuse a stale re-queue. */
  @ApiProperty() version: number;
  /** The first estimated wait the caller was told (ms). */
  @ApiProperty({ nullable: true, type: Number }) quotedWaitMs: number | null;
  /** Once answered: how much longer (positive) or shorter the caller waited from then than they were told (ms). */
  @ApiProperty({ nullable: true, type: Number }) quoteErrorMs: number | null;
  /** A callback is not offered before this time (its window, next attempt or the queue's opening). */
  @ApiProperty({ nullable: true, type: Number }) notBefore: number | null;
}

export class ContactHistoryView {
  @ApiProperty() at: number;
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty() to: string;
  @ApiProperty() change: string;
  @ApiProperty() queueId: string;
  @ApiProperty() actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) agentId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}
