import { STATISTICS_MEASURES, type StatisticsDimension, type StatisticsMeasure } from '@tuki/contracts';
import { sampleDiscreteLaplace } from '../privacy/discrete-laplace';
import type { RandomBytes } from '../privacy/random-source';
import { keyOf, type CountedCell } from './cells';

/** Beyond this many cells (periods x combinations) an export with noise is refused: each cell costs draws. */
export const MAX_NOISED_CELLS = 200_000;

export class TooManyCellsError extends Error {}

/**
 * Differential privacy on the counts: every cell of the table, empty ones included (an absent cell would show that
 * a combination never happened), gets discrete Laplace noise on each measure, sampled exactly in integers. A caller
 * moves `callers` by at most 1 and the other measures by at most the contribution bound: those are the
 * sensitivities. Negative results become 0 (post-processing, which costs no privacy).
 *
 * The table's combinations are those of the dimensions' values seen anywhere in the range, across all periods, so
 * whether a value occurs at all in the range is not protected; the header of the export says so.
 */
export function addNoise(
  cells: readonly CountedCell[],
  dimensions: readonly StatisticsDimension[],
  periods: readonly string[],
  noise: { epsilon: number; contributionBound: number; random: RandomBytes },
): CountedCell[] {
  const seen = dimensions.map((d) => [...new Set(cells.map((cell) => cell.values[d] ?? ''))].sort());
  const combinations = seen.reduce<string[][]>(
    (acc, values) => acc.flatMap((prefix) => values.map((value) => [...prefix, value])),
    [[]],
  );
  if (combinations.length * periods.length > MAX_NOISED_CELLS) {
    throw new TooManyCellsError(
      `with noise, a table may have at most ${MAX_NOISED_CELLS} cells; this one would have ` +
        `${combinations.length * periods.length}: fewer dimensions or periods`,
    );
  }
  const byKey = new Map(cells.map((cell) => [keyOf(cell, dimensions), cell]));
  const noised: CountedCell[] = [];
  for (const period of periods) {
    for (const combination of combinations) {
      const values = Object.fromEntries(dimensions.map((d, i) => [d, combination[i]]));
      const found = byKey.get(keyOf({ period, values, figures: emptyFigures() }, dimensions));
      const figures = emptyFigures();
      for (const measure of STATISTICS_MEASURES) {
        const sensitivity = measure === 'callers' ? 1 : noise.contributionBound;
        const draw = sampleDiscreteLaplace(noise.random, noise.epsilon, sensitivity);
        figures[measure] = Math.max(0, (found?.figures[measure] ?? 0) + draw);
      }
      noised.push({ period, values, figures });
    }
  }
  return noised;
}

function emptyFigures(): Record<StatisticsMeasure, number> {
  return { contacts: 0, callers: 0, answered: 0, abandoned: 0, callbacks: 0 };
}
