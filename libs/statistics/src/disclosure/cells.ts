import type { StatisticsDimension, StatisticsFigures, StatisticsMeasure } from '@tuki/contracts';

/** A cell as counted (and noised, if asked), before suppression: callers are always counted, to decide it. */
export interface CountedCell {
  period: string;
  values: Partial<Record<StatisticsDimension, string>>;
  figures: Record<StatisticsMeasure, number>;
}

export interface JudgedCell extends CountedCell {
  suppressed: 'primary' | 'secondary' | null;
}

/** The key of a cell's values on the given dimensions (and its period), to group cells into lines and margins. */
export function keyOf(cell: CountedCell, dimensions: readonly StatisticsDimension[]): string {
  return JSON.stringify([cell.period, ...dimensions.map((d) => cell.values[d] ?? '')]);
}

/** Only the measures asked for leave Tuki. */
export function published(figures: Record<StatisticsMeasure, number>, measures: readonly StatisticsMeasure[]) {
  const out: StatisticsFigures = {};
  for (const measure of measures) out[measure] = figures[measure];
  return out;
}
