import type { StatisticsDimension } from '@tuki/contracts';
import { keyOf, type CountedCell, type JudgedCell } from './cells';

/**
 * Cell suppression, always on.
 *
 * Primary: a cell with fewer than k distinct callers is not published (a person must not be singled out, and a cell
 * of few callers could be one person's many contacts).
 *
 * Secondary: a "line" is the cells of one period that share every dimension value but one; its total is what a
 * coarser query (without that dimension) publishes. Subtracting a line's published cells from that total gives the
 * sum of its suppressed cells, so a line with suppressed cells must hold at least two of them, together of at least
 * k callers (their sum then says nothing about a small group), unless every non-empty cell of the line is suppressed
 * (then the coarser cell has under k callers itself and is suppressed there). The smallest published cells are
 * suppressed first, line after line, until no line needs more: the loop ends because each step suppresses a cell.
 *
 * Periods are never lines: every export counts each period on its own, so overlapping ranges share identical cells
 * and their difference is made of published cells only.
 */
export function suppress(cells: readonly CountedCell[], dimensions: readonly StatisticsDimension[], k: number) {
  const judged: JudgedCell[] = cells.map((cell) => ({
    ...cell,
    suppressed: cell.figures.callers < k ? 'primary' : null,
  }));
  if (dimensions.length === 0) return judged;
  let changed = true;
  while (changed) {
    changed = false;
    for (const kept of dimensions) {
      const others = dimensions.filter((d) => d !== kept);
      for (const line of linesOf(judged, others)) {
        if (protectLine(line, k)) changed = true;
      }
    }
  }
  return judged;
}

function linesOf(cells: JudgedCell[], others: readonly StatisticsDimension[]): JudgedCell[][] {
  const lines = new Map<string, JudgedCell[]>();
  for (const cell of cells) {
    const key = keyOf(cell, others);
    const line = lines.get(key);
    if (line) line.push(cell);
    else lines.set(key, [cell]);
  }
  return [...lines.values()];
}

/** Suppresses the line's smallest published cells until its suppressed ones are safe; true if it changed any. */
function protectLine(line: JudgedCell[], k: number): boolean {
  let changed = false;
  for (;;) {
    const hidden = line.filter((cell) => cell.suppressed !== null);
    if (hidden.length === 0) return changed;
    const hiddenCallers = hidden.reduce((sum, cell) => sum + cell.figures.callers, 0);
    if (hidden.length >= 2 && hiddenCallers >= k) return changed;
    const candidates = line
      .filter((cell) => cell.suppressed === null)
      .sort((a, b) => a.figures.callers - b.figures.callers || a.figures.contacts - b.figures.contacts);
    if (candidates.length === 0) return changed;
    candidates[0].suppressed = 'secondary';
    changed = true;
  }
}
