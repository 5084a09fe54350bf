import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Why an agent leaves a contact without a note: codes only. */
export const DRAFT_SKIP_REASONS = ['nothing-to-record', 'recorded-elsewhere', 'handed-over', 'other'] as const;

export class SaveNoteDraftDto {
  @ApiProperty({ description: 'the text so far (may be empty), encrypted at rest' })
  @IsString()
  @MaxLength(20_000)
  body: string;

  @ApiPropertyOptional({ description: 'the case the note will join' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class CompleteNoteDraftDto {
  @ApiProperty({ description: 'the case the note joins' })
  @IsUUID()
  caseId: string;
}

export class SkipNoteDraftDto {
  @ApiProperty({ enum: DRAFT_SKIP_REASONS })
  @IsIn(DRAFT_SKIP_REASONS)
  reason: (typeof DRAFT_SKIP_REASONS)[number];
}
