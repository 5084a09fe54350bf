// Plans from the dashboard: the job that plays them and the service that queues and reads them.
export { PlansModule } from './plans.module';
export { PlanJobsService } from './plan-jobs.service';
export { CreatePlanDto } from './dto/create-plan.dto';
export { PLAN_LIMITS, resolvePlanScenario } from './plan-scenario';
export { PlanAlreadyRunningError, PlanNotFoundError, PlanScenarioInvalidError } from './plans.errors';
