import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { STRATEGIES, type Strategy } from '@tuki/contracts';
import type { OpeningCalendar } from '@tuki/platform';
import type { CallbackPolicy } from '../callback-policy';

export const LANGUAGE_PATTERN = /^[a-z]{2,3}$/;

export class WideningStepDto {
  @ApiProperty({ description: 'seconds of waiting after which this step applies' })
  @IsInt()
  @Min(1)
  @Max(86_400)
  afterSeconds: number;

  @ApiProperty({ description: 'lower every skill minimum by this much, or "any" for any agent with the language' })
  @Matches(/^(any|[0-9]|10)$/, { message: 'relaxBy must be a number 0-10 or "any"' })
  relaxBy: string;
}

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

export class OpeningRangeDto {
  @ApiProperty({ example: '08:00' })
  @Matches(HHMM, { message: 'open must be a local time HH:MM' })
  open: string;

  @ApiProperty({ example: '20:00', description: 'after open; 24:00 for midnight' })
  @Matches(HHMM, { message: 'close must be a local time HH:MM (24:00 for midnight)' })
  close: string;
}

/** One weekday's opening ranges (a day left out is closed). */
const DayRanges = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [OpeningRangeDto] }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(10),
    ValidateNested({ each: true }),
    Type(() => OpeningRangeDto),
  );

export class WeeklyHoursDto {
  @DayRanges() mon?: OpeningRangeDto[];
  @DayRanges() tue?: OpeningRangeDto[];
  @DayRanges() wed?: OpeningRangeDto[];
  @DayRanges() thu?: OpeningRangeDto[];
  @DayRanges() fri?: OpeningRangeDto[];
  @DayRanges() sat?: OpeningRangeDto[];
  @DayRanges() sun?: OpeningRangeDto[];
}

export class ClosureDto {
  @ApiProperty({ example: '2026-12-24' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2026-12-26', description: 'inclusive' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to: string;

  @ApiPropertyOptional({ example: 'Christmas' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reason?: string;
}

/** Weekly hours and closures (holidays), local to the helpline's time zone. Omitted: always open. */
export class OpeningHoursDto {
  @ApiProperty({ type: WeeklyHoursDto, description: 'a weekday left out is closed all day' })
  @IsObject()
  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly: WeeklyHoursDto;

  @ApiPropertyOptional({ type: [ClosureDto], default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ClosureDto)
  closures?: ClosureDto[];
}

/** How the queue calls people back; anything left out takes the default. */
export class CallbackPolicyDto {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ default: 300, nullable: true, description: 'offer a callback first past this estimated wait' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  offerAfterWaitSeconds?: number | null;

  @ApiPropertyOptional({ default: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  initialDelaySeconds?: number;

  @ApiPropertyOptional({ default: [900, 3600], description: 'spacing between attempts; the last repeats' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(60, { each: true })
  @Max(86_400, { each: true })
  retryDelaysSeconds?: number[];

  @ApiPropertyOptional({ default: 48, description: 'hours of open time before an unreached callback expires' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  expireAfterHours?: number;

  @ApiPropertyOptional({ default: 120 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10_080)
  defaultPromiseMinutes?: number;
}

export class DefineRoutingQueueDto {
  @ApiProperty({ example: 'Data breach, Finnish' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: ['fi', 'sv'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(LANGUAGE_PATTERN, { each: true, message: 'languages must be ISO 639 codes such as fi' })
  languages: string[];

  @ApiProperty({ example: { extortion: 5 }, description: 'skill -> minimum level 0-10' })
  @IsObject()
  requiredSkills: Record<string, number>;

  @ApiPropertyOptional({ enum: STRATEGIES, default: 'longest-idle' })
  @IsOptional()
  @IsIn(STRATEGIES)
  strategy?: Strategy;

  @ApiPropertyOptional({ default: 80 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  targetAnswerPercent?: number;

  @ApiPropertyOptional({ default: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  targetAnswerSeconds?: number;

  @ApiPropertyOptional({ description: 'overflow after this wait; needs overflowQueueId' })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(86_400)
  maxWaitSeconds?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  overflowQueueId?: string;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(300)
  offerTimeoutSeconds?: number;

  @ApiPropertyOptional({ default: 600, description: 'waiting worth one priority level' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(86_400)
  ageingSeconds?: number;

  @ApiPropertyOptional({ type: [WideningStepDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WideningStepDto)
  widening?: WideningStepDto[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  voiceBlocksChat?: boolean;

  @ApiPropertyOptional({ type: OpeningHoursDto, description: 'omitted: always open' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  openingHours?: OpeningHoursDto;

  @ApiPropertyOptional({ type: CallbackPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallbackPolicyDto)
  callbackPolicy?: CallbackPolicyDto;
}

/** What supervisors may change at run time: open or close, and the thresholds. */
export class AdjustRoutingQueueDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  targetAnswerPercent?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  targetAnswerSeconds?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(86_400)
  maxWaitSeconds?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(300)
  offerTimeoutSeconds?: number;

  @ApiPropertyOptional({ nullable: true, description: 'offer callbacks first past this estimated wait; null: never' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  callbackOfferAfterWaitSeconds?: number | null;
}

export class RoutingQueueView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() languages: string[];
  @ApiProperty() requiredSkills: Record<string, number>;
  @ApiProperty({ enum: STRATEGIES }) strategy: Strategy;
  @ApiProperty() targetAnswerPercent: number;
  @ApiProperty() targetAnswerSeconds: number;
  @ApiProperty({ nullable: true, type: Number }) maxWaitSeconds: number | null;
  @ApiProperty({ nullable: true, type: String }) overflowQueueId: string | null;
  @ApiProperty() offerTimeoutSeconds: number;
  @ApiProperty() ageingSeconds: number;
  @ApiProperty({ type: [WideningStepDto] }) widening: { afterSeconds: number; relaxBy: number | 'any' }[];
  @ApiProperty() voiceBlocksChat: boolean;
  @ApiProperty() open: boolean;
  /** Null: always open. Local to `timeZone`. */
  @ApiProperty({ nullable: true, type: OpeningHoursDto }) openingHours: (OpeningCalendar & { timeZone: string }) | null;
  @ApiProperty({ type: CallbackPolicyDto }) callbackPolicy: CallbackPolicy;
}
