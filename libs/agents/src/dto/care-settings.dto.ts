import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { CARE_LIMITS, DEFAULT_CARE_SETTINGS, type CareSettings } from '../care-settings';

const { highRiskCap, pauseAfterHighRiskSeconds, capOverrideAfterSeconds } = CARE_LIMITS;

/** A helpline's counsellor-care settings, as a whole (PUT replaces them all; each field is required). */
export class CareSettingsDto implements CareSettings {
  @ApiProperty({
    default: DEFAULT_CARE_SETTINGS.highRiskCap,
    minimum: highRiskCap.min,
    maximum: highRiskCap.max,
    description: 'high-risk contacts an agent may take in a row before being offered only others; 0 = no cap',
  })
  @IsInt({ message: 'highRiskCap must be a whole number of contacts (0 = no cap)' })
  @Min(highRiskCap.min, { message: `highRiskCap must be at least ${highRiskCap.min}` })
  @Max(highRiskCap.max, { message: `highRiskCap must be at most ${highRiskCap.max}` })
  highRiskCap: number;

  @ApiProperty({
    default: DEFAULT_CARE_SETTINGS.pauseAfterHighRiskSeconds,
    minimum: pauseAfterHighRiskSeconds.min,
    maximum: pauseAfterHighRiskSeconds.max,
    description: "seconds added to the agent's wrap-up after a high-risk conversation",
  })
  @IsInt({ message: 'pauseAfterHighRiskSeconds must be a whole number of seconds' })
  @Min(pauseAfterHighRiskSeconds.min, {
    message: `pauseAfterHighRiskSeconds must be at least ${pauseAfterHighRiskSeconds.min}`,
  })
  @Max(pauseAfterHighRiskSeconds.max, {
    message: `pauseAfterHighRiskSeconds must be at most ${pauseAfterHighRiskSeconds.max}`,
  })
  pauseAfterHighRiskSeconds: number;

  @ApiProperty({
    default: DEFAULT_CARE_SETTINGS.capOverrideAfterSeconds,
    minimum: capOverrideAfterSeconds.min,
    maximum: capOverrideAfterSeconds.max,
    description: 'a high-risk contact waiting this long may go to an agent over the cap; 0 = at once',
  })
  @IsInt({ message: 'capOverrideAfterSeconds must be a whole number of seconds' })
  @Min(capOverrideAfterSeconds.min, {
    message: `capOverrideAfterSeconds must be at least ${capOverrideAfterSeconds.min}`,
  })
  @Max(capOverrideAfterSeconds.max, {
    message: `capOverrideAfterSeconds must be at most ${capOverrideAfterSeconds.max}`,
  })
  capOverrideAfterSeconds: number;
}
