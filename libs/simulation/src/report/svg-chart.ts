/** One line of a chart: a value per x step; null leaves a gap (an hour with no calls has no service level). */
export interface ChartSeries {
  name: string;
  values: readonly (number | null)[];
  /** A CSS colour. */
  colour: string;
  /** Drawn dashed, for a target or a prediction beside a measurement. */
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  /** What the y axis measures, with its unit. */
  unit: string;
  series: ChartSeries[];
  /** Labels under the x axis, at most one per 24 steps is drawn. */
  xLabels: readonly string[];
  /** Fixed top of the y axis (1 for a share); default the largest value. */
  yMax?: number;
  /** Formats a y-axis value, e.g. as a percentage. */
  format?: (value: number) => string;
}

const WIDTH = 900;
const HEIGHT = 240;
const PAD = { left: 56, right: 12, top: 28, bottom: 36 };

/**
 * A line chart as a standalone SVG string: no script, no library, readable by a screen reader through its title and
 * description (the figures are in the report's table too). Used by the planner's and the drill's HTML reports.
 */
export function lineChartSvg(chart: LineChart): string {
  const steps = Math.max(1, ...chart.series.map((s) => s.values.length));
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const yMax = chart.yMax ?? niceCeiling(Math.max(1e-9, ...values));
  const format = chart.format ?? ((v: number) => String(Math.round(v * 10) / 10));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (steps === 1 ? plotW / 2 : (i / (steps - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (Math.min(v, yMax) / yMax) * plotH;

  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const value = yMax * f;
      return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${y(value) + 4}" text-anchor="end" font-size="11">${escapeXml(format(value))}</text>`;
    })
    .join('');
  const every = Math.max(1, Math.ceil(steps / 8 / 24) * 24);
  const ticks = chart.xLabels
    .map((label, i) =>
      i % every === 0
        ? `<text x="${x(i)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" font-size="11">${escapeXml(label)}</text>`
        : '',
    )
    .join('');
  const lines = chart.series
    .map((series) => {
      const path = linePath(series.values, x, y);
      const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
      return `<path d="${path}" fill="none" stroke="${escapeXml(series.colour)}" stroke-width="1.6"${dash}/>`;
    })
    .join('');
  const legend = chart.series
    .map(
      (series, i) =>
        `<rect x="${PAD.left + i * 170}" y="8" width="12" height="3" fill="${escapeXml(series.colour)}"/><text x="${PAD.left + i * 170 + 16}" y="13" font-size="11">${escapeXml(series.name)}</text>`,
    )
    .join('');
  const summary = chart.series
    .map((s) => {
      const known = s.values.filter((v): v is number => v !== null);
      return known.length === 0
        ? `${s.name}: no data`
        : `${s.name}: ${format(Math.min(...known))} to ${format(Math.max(...known))}`;
    })
    .join('; ');
  // Ids unique per chart title, so several charts in one page keep their own names.
  const id = `chart-${chart.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-t ${id}-d" font-family="sans-serif">`,
    `<title id="${id}-t">${escapeXml(chart.title)} (${escapeXml(chart.unit)})</title><desc id="${id}-d">${escapeXml(summary)}</desc>`,
    grid,
    ticks,
    lines,
    legend,
    '</svg>',
  ].join('');
}

function linePath(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let path = '';
  let pen = false;
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(value).toFixed(1)}`;
    pen = true;
  });
  return path;
}

/** 1, 2 or 5 times a power of ten, at or above `value`. */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= value)!;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
