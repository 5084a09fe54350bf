import type { StaffingGap } from '@tuki/contracts';
import { make } from '../shared/dom';
import { formatDuration, formatRate, formatTarget } from './format';
import { setAttribute, setText, syncKeyed } from './keyed-rows';
import { gapStatus } from './thresholds';

/*
 * Agents needed per language now. Erlang C assumes nobody hangs up, so it overstates the need in a surge where many
 * do; Erlang A counts callers' patience. Both are shown; the gap is against Erlang A, as the contract computes it.
 */

/** Cells after the language's header cell. */
const COLUMNS = 7;

export function renderStaffing(body: HTMLTableSectionElement, staffing: readonly StaffingGap[]): void {
  const ordered = [...staffing].sort((a, b) => Number(b.open) - Number(a.open) || a.language.localeCompare(b.language));
  syncKeyed(
    body,
    ordered,
    (gap) => gap.language,
    () => {
      const row = make('tr');
      row.append(make('th', undefined, { scope: 'row' }), ...Array.from({ length: COLUMNS }, () => make('td')));
      return row;
    },
    (row, gap) => {
      const cells = Array.from(row.children) as HTMLElement[];
      const texts = [
        // A closed language needs nobody; said beside the code rather than in a column of its own, to keep the
        // table narrow enough for a third of a laptop screen.
        gap.open ? gap.language : `${gap.language} (closed)`,
        formatRate(gap.arrivalsPerHour),
        formatDuration(gap.ahtSeconds),
        formatTarget(gap.target),
        String(gap.neededErlangC),
        String(gap.neededErlangA),
        String(gap.present),
        gap.open ? String(gap.gap) : '—',
      ];
      texts.forEach((text, i) => setText(cells[i], text));
      setAttribute(cells[cells.length - 1], 'data-status', gapStatus(gap.gap, gap.open));
      setAttribute(row, 'data-language', gap.language);
      setAttribute(row, 'data-open', String(gap.open));
    },
  );
}
