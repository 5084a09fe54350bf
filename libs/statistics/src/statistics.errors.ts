import { DomainError } from '@tuki/platform';

/** A query that cannot be run as asked; the message says which part and why. */
export class InvalidStatisticsQueryError extends DomainError {
  readonly code = 'INVALID_STATISTICS_QUERY';
  readonly kind = 'invalid' as const;
}

export class InvalidStatisticsSettingsError extends DomainError {
  readonly code = 'INVALID_STATISTICS_SETTINGS';
  readonly kind = 'invalid' as const;
  constructor(problems: string[]) {
    super(problems.join('; '));
  }
}

/** The helpline's grain is fixed once exports exist: switching would let a month be compared with its weeks. */
export class StatisticsGrainFixedError extends DomainError {
  readonly code = 'STATISTICS_GRAIN_FIXED';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The statistics grain cannot change once exports have been made: weeks and months are never mixed');
  }
}

/** Differential privacy's budget for a period is shared by every analyst; this export would overspend it. */
export class PrivacyBudgetExhaustedError extends DomainError {
  readonly code = 'PRIVACY_BUDGET_EXHAUSTED';
  readonly kind = 'conflict' as const;
  constructor(period: string, spent: number, charge: number, budget: number) {
    super(
      `The privacy budget of ${period} would be overspent: ${spent} of ${budget} spent, this export needs ${charge}`,
      { details: { period, spent, charge, budget } },
    );
  }
}

export class StatisticsExportNotFoundError extends DomainError {
  readonly code = 'STATISTICS_EXPORT_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor() {
    super('Export not found');
  }
}

/** The export is not built yet (or failed): nothing to download. */
export class StatisticsExportNotReadyError extends DomainError {
  readonly code = 'STATISTICS_EXPORT_NOT_READY';
  readonly kind = 'conflict' as const;
  constructor(state: string) {
    super(`The export is ${state}: it can be downloaded once it is done`);
  }
}
