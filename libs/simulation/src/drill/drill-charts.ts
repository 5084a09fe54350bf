/**
 * Grouped bar charts for the drill's HTML report (its line chart is the planner report's lineChartSvg): no script, no external file, so the page opens anywhere and can be
 * attached to a ticket as it is.
 */

import { escapeXml as escape, niceCeiling } from '../report/svg-chart';

export interface Series {
  name: string;
  values: (number | null)[];
}

const WIDTH = 520;
const HEIGHT = 240;
const PAD = { left: 48, right: 12, top: 28, bottom: 44 };
const COLOURS = ['#5b6b82', '#1f77b4', '#d9730d', '#2a9d55', '#9b59b6'];

const niceMax = (max: number): number => (max <= 0 ? 1 : niceCeiling(max));

function frame(title: string, yMax: number, percent: boolean, body: string, legend: Series[]): string {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + plotH * (1 - f);
    const value = yMax * f;
    const label = percent ? `${Math.round(value * 100)}%` : String(Math.round(value * 10) / 10);
    return (
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#e3e7ee"/>` +
      `<text x="${PAD.left - 4}" y="${y + 4}" text-anchor="end" font-size="10">${label}</text>`
    );
  });
  const spacing = (WIDTH - PAD.left) / Math.max(1, legend.length);
  const keys = legend.map(
    (s, i) =>
      `<rect x="${PAD.left + i * spacing}" y="${HEIGHT - 14}" width="10" height="10" fill="${COLOURS[i % COLOURS.length]}"/>` +
      `<text x="${PAD.left + i * spacing + 14}" y="${HEIGHT - 5}" font-size="10">${escape(s.name)}</text>`,
  );
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escape(title)}">` +
    `<text x="${PAD.left}" y="16" font-size="12" font-weight="600">${escape(title)}</text>` +
    ticks.join('') +
    body +
    keys.join('') +
    `</svg></figure>`
  );
}

/** Grouped bars per category (hour), one bar per series; a dashed line for a target. */
export function barChart(
  title: string,
  categories: string[],
  series: Series[],
  options: { percent?: boolean; line?: { value: number; label: string } } = {},
): string {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const yMax = options.percent ? 1 : niceMax(Math.max(0, ...all, options.line?.value ?? 0));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const group = plotW / Math.max(1, categories.length);
  const bar = (group * 0.8) / Math.max(1, series.length);
  const y = (v: number) => PAD.top + plotH * (1 - Math.min(1, v / yMax));
  const bars = categories.flatMap((category, c) => {
    const x0 = PAD.left + c * group + group * 0.1;
    const label =
      categories.length <= 24 || c % Math.ceil(categories.length / 24) === 0
        ? `<text x="${x0 + group * 0.4}" y="${PAD.top + plotH + 14}" text-anchor="middle" font-size="10">${escape(category)}</text>`
        : '';
    return [
      label,
      ...series.map((s, i) => {
        const v = s.values[c];
        if (v === null || v === undefined || !Number.isFinite(v)) return '';
        return (
          `<rect x="${x0 + i * bar}" y="${y(v)}" width="${Math.max(1, bar - 1)}" height="${PAD.top + plotH - y(v)}" ` +
          `fill="${COLOURS[i % COLOURS.length]}"><title>${escape(`${s.name} ${category}: ${v}`)}</title></rect>`
        );
      }),
    ];
  });
  const target = options.line
    ? `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(options.line.value)}" y2="${y(options.line.value)}" ` +
      `stroke="#a4161a" stroke-dasharray="4 3"/><text x="${WIDTH - PAD.right}" y="${y(options.line.value) - 3}" ` +
      `text-anchor="end" font-size="10" fill="#a4161a">${escape(options.line.label)}</text>`
    : '';
  return frame(title, yMax, options.percent ?? false, bars.join('') + target, series);
}
