import type { StatisticsDimension, StatisticsResult } from '@tuki/contracts';

const quote = (value: string | number | null | undefined): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n#]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The method, as the first lines of every file: a table never travels without how it was protected. */
export function methodLines(result: StatisticsResult): string[] {
  const m = result.method;
  return [
    'Tuki anonymised statistics export',
    `grain: ${m.grain}; periods: ${m.periods[0]} to ${m.periods[m.periods.length - 1]} (${m.periods.length}, each counted on its own)`,
    `disclosure control: cells with fewer than ${m.k} distinct callers suppressed (${m.primarySuppressed}), ` +
      `and ${m.secondarySuppressed} more so that no suppressed cell can be worked out; ${m.cells} cells in all`,
    'totals and margins add up published cells only (complete=false: suppressed cells lie under them)',
    `contribution bound: one caller counts at most ${m.contributionBound} contacts in a cell`,
    m.epsilon === null
      ? 'differential privacy: none'
      : `differential privacy: discrete Laplace noise, epsilon ${m.epsilon} per period and measure ` +
        `(${m.epsilonCharged} charged to each period's budget); suppression decided on the noisy counts`,
    ...(m.multiValued.length > 0
      ? [`multi-valued: ${m.multiValued.join(', ')} (a contact counts once under each of its values)`]
      : []),
  ];
}

/** CSV: `#` lines with the method, then one row per cell and per margin of every table. */
export function toCsv(result: StatisticsResult): string {
  const dimensions = [...new Set(result.tables.flatMap((t) => t.dimensions))] as StatisticsDimension[];
  const measures = [...new Set(result.tables.flatMap((t) => t.measures))];
  const lines = methodLines(result).map((line) => `# ${line}`);
  lines.push(['table', 'row', 'period', ...dimensions, ...measures, 'suppressed', 'complete'].join(','));
  for (const table of result.tables) {
    for (const cell of table.cells) {
      lines.push(
        [
          table.title,
          'cell',
          cell.period,
          ...dimensions.map((d) => cell.values[d]),
          ...measures.map((m) => cell.figures?.[m]),
          cell.suppressed ?? '',
          '',
        ]
          .map(quote)
          .join(','),
      );
    }
    for (const margin of table.margins) {
      lines.push(
        [
          table.title,
          margin.dimension ? `total by ${margin.dimension}` : 'total',
          margin.period,
          ...dimensions.map((d) => (d === margin.dimension ? margin.value : '')),
          ...measures.map((m) => margin.figures[m]),
          '',
          String(margin.complete),
        ]
          .map(quote)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
