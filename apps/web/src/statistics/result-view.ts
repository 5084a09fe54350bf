import type { StatisticsCell, StatisticsMethod, StatisticsResult, StatisticsTable } from '@tuki/contracts';
import { element, make, show } from '../shared/dom';
import { DIMENSION_LABELS, MEASURE_LABELS } from './labels';

/** The preview shows this many cells; the files hold them all. */
const PREVIEW_ROWS = 50;

const SUPPRESSED_WHY: Record<NonNullable<StatisticsCell['suppressed']>, string> = {
  primary: 'fewer than k callers',
  secondary: 'protects another suppressed cell',
};

/** How an export was protected, in words: the same facts the files state in their first lines. */
export function methodSummary(method: StatisticsMethod): [string, string][] {
  const periods = method.periods;
  return [
    [
      'Periods',
      `${periods[0]} to ${periods[periods.length - 1]} (${periods.length} ${method.grain}${periods.length === 1 ? '' : 's'}, each counted on its own)`,
    ],
    ['Smallest cell published (k)', `${method.k} distinct callers`],
    [
      'Suppressed cells',
      `${method.primarySuppressed} below k, ${method.secondarySuppressed} more to protect them, of ${method.cells} cells`,
    ],
    ['Contribution bound', `at most ${method.contributionBound} contacts of one caller in a cell`],
    [
      'Differential privacy',
      method.epsilon === null
        ? 'none (no noise)'
        : `discrete Laplace noise, epsilon ${method.epsilon} per period and measure; ${method.epsilonCharged} charged to each period’s budget`,
    ],
    ...(method.multiValued.length > 0
      ? ([
          [
            'Counted under each value',
            `${method.multiValued.map((d) => DIMENSION_LABELS[d].toLowerCase()).join(', ')}: a contact counts once under each of its values`,
          ],
        ] as [string, string][])
      : []),
  ];
}

/**
 * The preview of an export: its method, then the first table's cells. A suppressed cell says "suppressed" in each of
 * its figures (never blank: a blank could be read as zero) and why, in words.
 */
export class ResultView {
  private readonly section = element('preview');
  private readonly table = element<HTMLTableElement>('preview-table');

  show(title: string, result: StatisticsResult): void {
    const first = result.tables[0];
    element('preview-caption').textContent =
      `${title}. ` +
      (first
        ? `First table: ${first.title}` +
          (result.tables.length > 1 ? ` (of ${result.tables.length} in the files).` : '.')
        : 'No table.');
    const method = element('method');
    method.replaceChildren();
    for (const [term, description] of methodSummary(result.method)) {
      const group = make('div');
      group.append(make('dt', term), make('dd', description));
      method.append(group);
    }
    this.renderTable(first);
    show(this.section, true);
    element('preview-title').focus();
  }

  clear(): void {
    show(this.section, false);
    this.table.replaceChildren();
  }

  private renderTable(table: StatisticsTable | undefined): void {
    this.table.replaceChildren();
    const more = element('preview-more');
    if (!table) {
      more.textContent = '';
      return;
    }
    this.table.append(make('caption', table.title));
    const head = make('tr');
    const columns = ['Period', ...table.dimensions.map((d) => DIMENSION_LABELS[d])];
    for (const text of [...columns, ...table.measures.map((m) => MEASURE_LABELS[m]), 'Suppressed']) {
      head.append(make('th', text, { scope: 'col' }));
    }
    const thead = make('thead');
    thead.append(head);
    const body = make('tbody');
    for (const cell of table.cells.slice(0, PREVIEW_ROWS)) {
      const row = make('tr');
      if (cell.suppressed) row.dataset.suppressed = cell.suppressed;
      row.append(make('th', cell.period, { scope: 'row' }));
      for (const dimension of table.dimensions) row.append(make('td', cell.values[dimension] ?? ''));
      for (const measure of table.measures) {
        const figure = cell.figures?.[measure];
        row.append(
          cell.figures === null || figure === undefined
            ? make('td', 'suppressed', { class: 'suppressed' })
            : make('td', String(figure), { class: 'figure' }),
        );
      }
      row.append(make('td', cell.suppressed ? `yes: ${SUPPRESSED_WHY[cell.suppressed]}` : 'no'));
      body.append(row);
    }
    this.table.append(thead, body);
    more.textContent =
      table.cells.length > PREVIEW_ROWS
        ? `The first ${PREVIEW_ROWS} of ${table.cells.length} cells. Totals and the other cells are in the files.`
        : `${table.cells.length} cells. Totals (over published cells only) are in the files.`;
  }
}
