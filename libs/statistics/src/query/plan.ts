import {
  DEFAULT_CONTRIBUTION_BOUND,
  STATISTICS_MEASURES,
  type StatisticsQuery,
  type StatisticsReport,
} from '@tuki/contracts';
import type { StatisticsPlan, TableRequest } from '../engine/statistics-engine';
import type { StatisticsSettings } from '../exports/statistics-settings';
import { InvalidStatisticsQueryError } from '../statistics.errors';
import { PeriodRangeError, periodsBetween } from './periods';

/** Child Helpline International's standard tables: contacts by channel, reason, age band and gender. */
const CHI_TABLES: TableRequest[] = [
  { title: 'Contacts by channel', dimensions: ['channel'] },
  { title: 'Contacts by reason for contact', dimensions: ['category'] },
  { title: 'Contacts by age band', dimensions: ['age-band'] },
  { title: 'Contacts by gender', dimensions: ['gender'] },
];

/** The query with the helpline's grain and defaults, checked (periods of the one grain only). */
export function planOf(
  helplineId: string,
  report: StatisticsReport,
  query: StatisticsQuery,
  settings: StatisticsSettings,
): StatisticsPlan & { periods: string[] } {
  let periods: string[];
  try {
    periods = periodsBetween(query.from, query.to, settings.grain);
  } catch (error) {
    if (error instanceof PeriodRangeError) throw new InvalidStatisticsQueryError(error.message);
    throw error;
  }
  const tables =
    report === 'chi' ? CHI_TABLES : [{ title: 'Contacts', dimensions: [...query.dimensions] } satisfies TableRequest];
  return {
    helplineId,
    grain: settings.grain,
    from: query.from,
    to: query.to,
    periods,
    tables,
    measures: report === 'chi' ? ['contacts'] : [...(query.measures ?? STATISTICS_MEASURES)],
    k: query.k ?? settings.defaultK,
    contributionBound: query.contributionBound ?? DEFAULT_CONTRIBUTION_BOUND,
    epsilon: query.epsilon ?? null,
  };
}
