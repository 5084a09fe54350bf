import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PlanView, PlannerScenarioView } from '@tuki/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { CreatePlanDto, PlanJobsService } from '@tuki/simulation';
import { uuidParam } from './route-params';

/**
 * The staffing planner from the dashboard: a supervisor rehearses a surge on a virtual clock over Tuki's own routing
 * rules. Plans run on a worker, one at a time per helpline, and are kept 24 hours after they finish.
 */
@ApiTags('planner')
@ApiBearerAuth()
@Controller('planner')
export class PlannerController {
  constructor(private readonly plans: PlanJobsService) {}

  /** The scenarios that ship with Tuki, to choose from. */
  @Get('scenarios')
  @Roles('supervisor', 'admin')
  scenarios(): PlannerScenarioView[] {
    return this.plans.scenarios();
  }

  /**
   * Queues a plan of a shipped scenario (by name) or of a whole scenario; 202 with its id to follow. 400 names each
   * problem of the scenario; 409 while another plan of the helpline is unfinished. Audited.
   */
  @Post('plans')
  @HttpCode(202)
  @Roles('supervisor', 'admin')
  request(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePlanDto): Promise<{ id: string }> {
    return this.plans.request(principal, dto);
  }

  /** The plan's state and progress (0..100), and its report once done. */
  @Get('plans/:id')
  @Roles('supervisor', 'admin')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<PlanView> {
    return this.plans.get(principal, id);
  }
}
