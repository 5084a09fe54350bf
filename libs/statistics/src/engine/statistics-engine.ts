import type { EntityManager } from 'typeorm';
import {
  MULTI_VALUED_DIMENSIONS,
  type StatisticsDimension,
  type StatisticsGrain,
  type StatisticsMeasure,
  type StatisticsMethod,
  type StatisticsResult,
  type StatisticsTable,
} from '@tuki/contracts';
import { published } from '../disclosure/cells';
import { marginsOf } from '../disclosure/margins';
import { addNoise } from '../disclosure/noise';
import { suppress } from '../disclosure/suppression';
import type { RandomBytes } from '../privacy/random-source';
import { periodsBetween } from '../query/periods';
import { aggregate } from './aggregate';

/** One table to build: its dimensions (the CHI report has four one-way tables, a custom export one). */
export interface TableRequest {
  title: string;
  dimensions: StatisticsDimension[];
}

/** A query with its defaults filled in and checked (see normalizeQuery). */
export interface StatisticsPlan {
  helplineId: string;
  grain: StatisticsGrain;
  from: string;
  to: string;
  tables: TableRequest[];
  measures: StatisticsMeasure[];
  k: number;
  contributionBound: number;
  epsilon: number | null;
}

/** The epsilon one export spends from each of its periods' budgets: each noised measure, callers always among them. */
export function epsilonCharged(plan: Pick<StatisticsPlan, 'epsilon' | 'measures' | 'tables'>): number {
  if (plan.epsilon === null) return 0;
  const noised = new Set<StatisticsMeasure>([...plan.measures, 'callers']);
  // Thousandths, so the ledger adds up exactly.
  return Math.round(plan.epsilon * 1000 * noised.size * plan.tables.length) / 1000;
}

/**
 * Builds an export: count (bounded per caller) in the database, add noise if asked, suppress, total up from the
 * suppressed table. Returns only what may leave Tuki: published figures of the measures asked for, and the method.
 */
export async function buildStatistics(
  manager: EntityManager,
  plan: StatisticsPlan,
  random: RandomBytes,
  onProgress: (percent: number) => Promise<void> = async () => undefined,
): Promise<StatisticsResult> {
  const periods = periodsBetween(plan.from, plan.to, plan.grain);
  const tables: StatisticsTable[] = [];
  let primary = 0;
  let secondary = 0;
  let cellCount = 0;
  for (const [index, request] of plan.tables.entries()) {
    const counted = await aggregate(manager, { ...plan, dimensions: request.dimensions });
    const noised =
      plan.epsilon === null
        ? counted
        : addNoise(counted, request.dimensions, periods, {
            epsilon: plan.epsilon,
            contributionBound: plan.contributionBound,
            random,
          });
    const judged = suppress(noised, request.dimensions, plan.k);
    primary += judged.filter((cell) => cell.suppressed === 'primary').length;
    secondary += judged.filter((cell) => cell.suppressed === 'secondary').length;
    cellCount += judged.length;
    tables.push({
      title: request.title,
      dimensions: request.dimensions,
      measures: plan.measures,
      cells: judged.map((cell) => ({
        period: cell.period,
        values: cell.values,
        figures: cell.suppressed ? null : published(cell.figures, plan.measures),
        suppressed: cell.suppressed,
      })),
      margins: marginsOf(judged, request.dimensions, plan.measures),
    });
    await onProgress(Math.round(((index + 1) / plan.tables.length) * 100));
  }
  const method: StatisticsMethod = {
    grain: plan.grain,
    periods,
    k: plan.k,
    contributionBound: plan.contributionBound,
    epsilon: plan.epsilon,
    noise: plan.epsilon === null ? 'none' : 'discrete-laplace',
    primarySuppressed: primary,
    secondarySuppressed: secondary,
    cells: cellCount,
    epsilonCharged: epsilonCharged(plan),
    multiValued: plan.tables.flatMap((t) => t.dimensions).filter((d) => MULTI_VALUED_DIMENSIONS.includes(d)),
  };
  return { method, tables };
}
