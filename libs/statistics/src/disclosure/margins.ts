import type { StatisticsDimension, StatisticsMargin, StatisticsMeasure } from '@tuki/contracts';
import { published, type JudgedCell } from './cells';

/**
 * Totals computed from the same suppressed table: only published cells are added up, so a total never holds a
 * suppressed figure; `complete` says whether suppressed cells lie under it. Per period and for the whole range: the
 * grand total and the total by each dimension's value.
 */
export function marginsOf(
  cells: readonly JudgedCell[],
  dimensions: readonly StatisticsDimension[],
  measures: readonly StatisticsMeasure[],
): StatisticsMargin[] {
  const margins = new Map<string, StatisticsMargin>();
  const add = (period: string, dimension: StatisticsDimension | null, value: string | null, cell: JudgedCell) => {
    const key = JSON.stringify([period, dimension, value]);
    let margin = margins.get(key);
    if (!margin) {
      margin = { period, dimension, value, figures: published(zero(), measures), complete: true };
      margins.set(key, margin);
    }
    if (cell.suppressed) {
      margin.complete = false;
      return;
    }
    for (const measure of measures) margin.figures[measure] = (margin.figures[measure] ?? 0) + cell.figures[measure];
  };
  for (const cell of cells) {
    for (const period of [cell.period, 'all']) {
      add(period, null, null, cell);
      for (const dimension of dimensions) add(period, dimension, cell.values[dimension] ?? '', cell);
    }
  }
  return [...margins.values()];
}

const zero = (): Record<StatisticsMeasure, number> => ({
  contacts: 0,
  callers: 0,
  answered: 0,
  abandoned: 0,
  callbacks: 0,
});
