import { Module } from '@nestjs/common';
import { PlanJobsService } from './plan-jobs.service';
import { PlanProcessor } from './plan.processor';

/**
 * Staffing plans as jobs: the api queues them and reads their state and report (PlanJobsService); the worker plays
 * them (PlanProcessor, found by the job dispatcher only where workers run). Import it in both, as StatisticsModule.
 */
@Module({
  providers: [PlanJobsService, PlanProcessor],
  exports: [PlanJobsService],
})
export class PlansModule {}
