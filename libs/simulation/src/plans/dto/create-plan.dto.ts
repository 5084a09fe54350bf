import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsOptional } from 'class-validator';
import type { PlanRequest } from '@tuki/contracts';

/** `POST /planner/plans`. The scenario itself is checked by the planner's schema (every problem named by its path). */
export class CreatePlanDto implements PlanRequest {
  @ApiProperty({
    description: 'a shipped scenario’s name (GET /planner/scenarios) or a whole scenario object',
    oneOf: [{ type: 'string', example: 'breach-surge' }, { type: 'object' }],
  })
  @IsDefined({ message: 'scenario: a shipped scenario’s name or a scenario object' })
  scenario: string | Record<string, unknown>;

  @ApiPropertyOptional({ default: false, description: 'also search the hourly staffing that holds the target' })
  @IsOptional()
  @IsBoolean({ message: 'staffing must be true or false' })
  staffing?: boolean;
}
