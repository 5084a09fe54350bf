import { DomainError } from '@tuki/platform';

/** A scenario the dashboard asked for that cannot be played; `details.problems` holds one "path: what" line each. */
export class PlanScenarioInvalidError extends DomainError {
  readonly code = 'PLAN_SCENARIO_INVALID';
  readonly kind = 'invalid' as const;
  constructor(readonly problems: string[]) {
    super(`The scenario cannot be played: ${problems.join('; ')}`, { details: { problems } });
  }
}

/** No plan of that id for the caller's helpline: never asked for, another helpline's, or past its keeping time. */
export class PlanNotFoundError extends DomainError {
  readonly code = 'PLAN_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('No such plan: plans are kept 24 hours after they finish');
  }
}

/** Plans take tens of seconds of a worker's CPU: one at a time per helpline. `details.planId` is the running one. */
export class PlanAlreadyRunningError extends DomainError {
  readonly code = 'PLAN_ALREADY_RUNNING';
  readonly kind = 'conflict' as const;
  constructor(planId: string | null) {
    super('A plan is already running for this helpline: wait for it to finish, then ask again', {
      details: planId ? { planId } : undefined,
    });
  }
}
