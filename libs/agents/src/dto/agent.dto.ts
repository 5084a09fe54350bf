import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AGENT_STATES, AWAY_REASONS, CHOSEN_AWAY_REASONS, type AgentState, type AwayReason } from '../agent-state';

const LANGUAGE_PATTERN = /^[a-z]{2,3}$/;
const SKILL_CODE = /^[a-z0-9-]{1,40}$/;
const MAX_SKILLS = 50;

/** Defaults of a new profile: one call, three chats, one callback at a time, and a minute of wrap-up. */
export const AGENT_PROFILE_DEFAULTS = {
  capacity: { voice: 1, chat: 3, callback: 1 },
  wrapUpSeconds: 60,
} as const;

/** A map of lower-case skill codes to whole-number levels 0-10. */
function IsSkillMap() {
  return ValidateBy({
    name: 'isSkillMap',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= MAX_SKILLS &&
        Object.entries(value).every(
          ([skill, level]) => SKILL_CODE.test(skill) && Number.isInteger(level) && level >= 0 && level <= 10,
        ),
      defaultMessage: (args) =>
        `${args?.property ?? 'skills'} must map lower-case skill codes to whole-number levels 0-10 (at most ${MAX_SKILLS})`,
    },
  });
}

/** How many contacts of each channel the agent takes at the same time. */
export class AgentCapacityDto {
  @ApiPropertyOptional({ default: 1, minimum: 0, maximum: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1)
  voice?: number;

  @ApiPropertyOptional({ default: 3, minimum: 0, maximum: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  chat?: number;

  @ApiPropertyOptional({ default: 1, minimum: 0, maximum: 5 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  callback?: number;
}

/** The whole routing profile of an agent (PUT: what is left out takes its default). */
export class SetAgentProfileDto {
  @ApiProperty({ example: ['fi', 'sv'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(LANGUAGE_PATTERN, { each: true, message: 'languages must be ISO 639 codes such as fi' })
  languages: string[];

  @ApiProperty({ example: { extortion: 7, 'data-breach': 4 }, description: 'skill code -> level 0-10' })
  @IsSkillMap()
  skills: Record<string, number>;

  @ApiPropertyOptional({ type: AgentCapacityDto, description: 'defaults: voice 1, chat 3, callback 1' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgentCapacityDto)
  capacity?: AgentCapacityDto;

  @ApiPropertyOptional({ default: 60, minimum: 0, maximum: 3600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  wrapUpSeconds?: number;
}

/**
 * A state asked for by the agent or a supervisor. Any state is well formed here; whether this person may set it
 * (an agent cannot make themselves busy) is the state machine's answer, a 409.
 */
export class ChangeAgentStateDto {
  @ApiProperty({ enum: AGENT_STATES })
  @IsIn(AGENT_STATES)
  state: AgentState;

  @ApiPropertyOptional({ enum: CHOSEN_AWAY_REASONS, description: 'required for away, refused otherwise' })
  @ValidateIf((dto: ChangeAgentStateDto) => dto.state === 'away' || dto.reason !== undefined)
  @IsIn(CHOSEN_AWAY_REASONS, { message: 'reason must be one of the away reason codes, and only with state away' })
  reason?: Exclude<AwayReason, 'missed-offers'>;
}

export class AgentCapacityView {
  @ApiProperty() voice: number;
  @ApiProperty() chat: number;
  @ApiProperty() callback: number;
}

export class AgentView {
  /** The staff user's id. */
  @ApiProperty() id: string;
  @ApiProperty() languages: string[];
  @ApiProperty({ example: { extortion: 7 } }) skills: Record<string, number>;
  @ApiProperty({ type: AgentCapacityView }) capacity: AgentCapacityView;
  @ApiProperty() wrapUpSeconds: number;
  @ApiProperty({ enum: AGENT_STATES }) state: AgentState;
  @ApiProperty({ enum: AWAY_REASONS, nullable: true }) awayReason: AwayReason | null;
  @ApiProperty() missedOffersInRow: number;
  @ApiProperty({ description: 'epoch milliseconds' }) stateChangedAt: number;
  /**
   * While in wrap-up: when it ends by itself (epoch ms, the server's clock), the care pause after a high-risk
   * conversation included, so the desk can count down to it; null in every other state. The agent may end it sooner.
   */
  @ApiProperty({ nullable: true, type: Number, description: 'epoch milliseconds; null unless in wrap-up' })
  wrapUpEndsAt: number | null;
  /** High-risk contacts the agent took in a row (counsellor care: see GET /care-settings for the cap). */
  @ApiProperty() highRiskStreak: number;
}

export class AgentHistoryView {
  @ApiProperty({ description: 'epoch milliseconds' }) at: number;
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ['self', 'system', 'supervisor', 'admin'] }) actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}
