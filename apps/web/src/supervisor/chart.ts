import type { ChartPoint } from '@tuki/contracts';
import { CHART_HEIGHT, CHART_WIDTH, chartGeometry } from './chart-geometry';
import { formatClock } from './format';

/*
 * The chart as inline SVG: no charting library, no inline style (the page's CSP has no 'unsafe-inline'; colours come
 * from classes in supervisor.css), and a text summary for screen readers, since bars mean nothing read one by one.
 */

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes and text; planner-chart.ts draws with it too. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A sentence for screen readers: what a sighted supervisor takes from a glance at the chart. */
export function chartSummary(points: readonly ChartPoint[], timeZone: string): string {
  if (points.length === 0) return 'No figures yet.';
  const peak = <K extends 'arrivals' | 'waiting'>(key: K) =>
    points.reduce((best, point) => ((point[key] ?? -1) > (best[key] ?? -1) ? point : best), points[0]);
  const arrivals = peak('arrivals');
  const waiting = peak('waiting');
  const last = points[points.length - 1];
  const hours = Math.round((last.minute - points[0].minute) / 3_600_000);
  return (
    `Over the last ${hours > 0 ? `${hours} hours` : 'minutes'}: arrivals peaked at ${arrivals.arrivals} per minute ` +
    `at ${formatClock(arrivals.minute, timeZone)}; waiting peaked at ${waiting.waiting ?? 0} at ` +
    `${formatClock(waiting.minute, timeZone)}; ${last.waiting ?? 'no figure of those'} waiting in the last minute.`
  );
}

export function renderChart(container: HTMLElement, points: readonly ChartPoint[], timeZone: string): void {
  const geometry = chartGeometry(points);
  const { plot } = geometry;
  const root = svg('svg', {
    viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`,
    role: 'img',
    'aria-labelledby': 'chart-svg-title',
    'aria-describedby': 'chart-svg-desc',
    class: 'chart-svg',
    preserveAspectRatio: 'xMidYMid meet',
  });
  root.append(
    svg('title', { id: 'chart-svg-title' }, 'Callers waiting and arrivals per minute'),
    svg('desc', { id: 'chart-svg-desc' }, chartSummary(points, timeZone)),
  );

  for (const tick of geometry.yTicks) {
    root.append(
      svg('line', { x1: plot.left, x2: plot.right, y1: tick.y, y2: tick.y, class: 'chart-grid' }),
      svg('text', { x: plot.left - 6, y: tick.y + 4, 'text-anchor': 'end', class: 'chart-label' }, String(tick.value)),
    );
  }
  for (const tick of geometry.xTicks) {
    root.append(
      svg('line', { x1: tick.x, x2: tick.x, y1: plot.bottom, y2: plot.bottom + 4, class: 'chart-axis' }),
      svg(
        'text',
        { x: tick.x, y: plot.bottom + 18, 'text-anchor': 'middle', class: 'chart-label' },
        formatClock(tick.minute, timeZone),
      ),
    );
  }
  const bars = svg('g', { class: 'chart-arrivals' });
  for (const bar of geometry.bars)
    bars.append(svg('rect', { x: bar.x, y: bar.y, width: bar.width, height: bar.height }));
  root.append(
    bars,
    svg('path', { d: geometry.waitingPath, class: 'chart-waiting' }),
    svg('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, class: 'chart-axis' }),
  );
  container.replaceChildren(root);
}
