import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { CASE_STATUSES, RISK_LEVELS, SKIP_REASONS, type CaseStatus, type RiskLevel } from '../case-settings';
import { CONFIRMATION_METHODS, type ConfirmationMethod } from '../repeat-confirmation.entity';

const CODE = /^[a-z0-9][a-z0-9.-]{0,59}$/;
/** E.164: a + and up to 15 digits. The callbacks domain checks the number itself when a follow-up is scheduled. */
const E164 = /^\+[1-9]\d{6,14}$/;

export class UpdateCaseDto {
  @ApiPropertyOptional({ description: 'the version you read: a save over a newer one is refused' })
  @IsOptional()
  @IsInt()
  version?: number;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status must be one of ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: RISK_LEVELS })
  @IsOptional()
  @IsIn(RISK_LEVELS, { message: `riskLevel must be one of ${RISK_LEVELS.join(', ')}` })
  riskLevel?: RiskLevel;

  @ApiPropertyOptional({ type: [String], description: 'category codes from the helpline taxonomy (leaves)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(CODE, { each: true, message: 'categories must be category codes' })
  categories?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'free text, encrypted' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(4000)
  summary?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'a word the caller chose to confirm it is them; never shown' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(3, 60)
  codeWord?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'a number to call back on, E.164 (+358401234567)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(E164, { message: 'phone must be an international number in E.164 form, such as +358401234567' })
  phone?: string | null;

  @ApiPropertyOptional({ description: "age band code, 'not-asked' or 'declined'" })
  @IsOptional()
  @Matches(CODE, { message: 'ageBand must be a code' })
  ageBand?: string;

  @ApiPropertyOptional({ description: "gender code, 'not-asked' or 'declined'" })
  @IsOptional()
  @Matches(CODE, { message: 'gender must be a code' })
  gender?: string;

  @ApiPropertyOptional({ description: "coarse region code, 'not-asked' or 'declined'" })
  @IsOptional()
  @Matches(CODE, { message: 'region must be a code' })
  region?: string;
}

export class CreateNoteDto {
  @ApiProperty({ description: 'the note, encrypted at rest' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  body: string;

  @ApiPropertyOptional({ description: 'the contact of this case the note is about' })
  @IsOptional()
  @IsUUID()
  contactId?: string;
}

export class CreateReferralDto {
  @ApiProperty({ description: 'a code from the referral directory' })
  @Matches(CODE, { message: 'code must be a referral code' })
  code: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  contactId?: string;
}

export class ClassifyContactDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(CODE, { each: true, message: 'categories must be category codes' })
  categories: string[];

  @ApiProperty({ description: 'an outcome code of the helpline' })
  @Matches(CODE, { message: 'outcome must be an outcome code' })
  outcome: string;
}

export class SkipClassificationDto {
  @ApiProperty({ enum: SKIP_REASONS })
  @IsIn(SKIP_REASONS, { message: `reason must be one of ${SKIP_REASONS.join(', ')}` })
  reason: (typeof SKIP_REASONS)[number];
}

export class ConfirmRepeatCallerDto {
  @ApiProperty({ enum: CONFIRMATION_METHODS })
  @IsIn(CONFIRMATION_METHODS, { message: `method must be one of ${CONFIRMATION_METHODS.join(', ')}` })
  method: ConfirmationMethod;

  @ApiPropertyOptional({ description: "the caller's code word (method code-word)" })
  @ValidateIf((dto: ConfirmRepeatCallerDto) => dto.method === 'code-word')
  @IsString()
  @Length(3, 60)
  codeWord?: string;
}

export class BreakGlassDto {
  @ApiProperty({ description: 'why you must open a case you have no part in; encrypted, reviewed by admins' })
  @IsString()
  @MinLength(10, { message: 'reason must say why, in at least 10 characters' })
  @MaxLength(1000)
  reason: string;
}

export class GrantAccessDto {
  @ApiProperty()
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ description: 'days of access, default the helpline agent access period' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  days?: number;
}

export class CaseSearchDto {
  @ApiPropertyOptional({ description: 'case number, e.g. K7P2-9XQM' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z-]{4,12}$/, { message: 'reference must be a case number such as K7P2-9XQM' })
  reference?: string;

  @ApiPropertyOptional({
    description: "the caller's number, international; matched by its pseudonymous key, never stored",
  })
  @IsOptional()
  @Matches(/^\+[1-9][\d\s-]{6,20}$/, { message: 'phone must be an international number such as +358401234567' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CODE, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status must be one of ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'created at or after (epoch ms)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  from?: number;

  @ApiPropertyOptional({ description: 'created before (epoch ms)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  to?: number;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ScheduleFollowUpDto {
  @ApiProperty({ description: 'the queue whose agents call back' })
  @IsUUID()
  queueId: string;

  @ApiProperty()
  @IsString()
  @Length(2, 8)
  language: string;

  @ApiPropertyOptional({ description: 'not before this local time, e.g. "17:00" (today) or an ISO date-time' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  notBefore?: string;

  @ApiPropertyOptional({ description: 'a number typed by the agent (E.164); default the number kept in the case' })
  @IsOptional()
  @Matches(E164, { message: 'number must be an international number in E.164 form, such as +358401234567' })
  number?: string;
}

export class CaseNoteView {
  @ApiProperty() id: string;
  @ApiProperty() authorId: string;
  @ApiProperty({ nullable: true, type: String }) contactId: string | null;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: number;
}

export class CaseContactView {
  @ApiProperty() contactId: string;
  @ApiProperty() channel: string;
  @ApiProperty() queueId: string;
  @ApiProperty() language: string;
  @ApiProperty() firstArrivedAt: number;
  @ApiProperty({ nullable: true, type: Number }) answeredAt: number | null;
  @ApiProperty({ nullable: true, type: Number }) endedAt: number | null;
  @ApiProperty() state: string;
  @ApiProperty() classification: string;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
}

export class TimelineEntryView {
  @ApiProperty({ enum: ['contact', 'note', 'referral', 'follow-up'] }) kind: string;
  @ApiProperty() at: number;
  @ApiProperty() id: string;
}

export class CaseSummaryView {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ enum: RISK_LEVELS }) riskLevel: string;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty() createdAt: number;
  @ApiProperty() updatedAt: number;
  @ApiProperty({ nullable: true, type: Number }) closedAt: number | null;
  /** Whether the asker may open it now without break-glass. */
  @ApiProperty() mayOpen: boolean;
}

export class CaseDetailView extends CaseSummaryView {
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty() hasCodeWord: boolean;
  /** The number itself is read only to dial a follow-up; here only its last two digits. */
  @ApiProperty({ nullable: true, type: String }) phoneMasked: string | null;
  @ApiProperty() ageBand: string;
  @ApiProperty() gender: string;
  @ApiProperty() region: string;
  @ApiProperty({ type: [CaseNoteView] }) notes: CaseNoteView[];
  @ApiProperty({ type: [CaseContactView] }) contacts: CaseContactView[];
  @ApiProperty({ type: [Object] }) referrals: {
    id: string;
    code: string;
    contactId: string | null;
    createdAt: number;
  }[];
  @ApiProperty({ type: [Object] }) followUps: { id: string; callbackId: string | null; notBefore: number }[];
  @ApiProperty({ type: [TimelineEntryView] }) timeline: TimelineEntryView[];
  /** Why the asker may open it: participant, assigned, repeat-caller or break-glass. */
  @ApiProperty() access: string;
}

export class RepeatCallerResultView {
  @ApiProperty() confirmed: boolean;
  @ApiProperty({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ nullable: true, type: Number }) accessUntil: number | null;
}

export class BreakGlassView {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty() userId: string;
  @ApiProperty() createdAt: number;
  @ApiProperty() expiresAt: number;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Number }) reviewedAt: number | null;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
}
