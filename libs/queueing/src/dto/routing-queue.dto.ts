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
}
