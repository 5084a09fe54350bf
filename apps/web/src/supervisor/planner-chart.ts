import type { PlanReportView } from '@tuki/contracts';
import { svg } from './chart';
import { formatPercent } from './format';
import { PLAN_CHART_HEIGHT, PLAN_CHART_WIDTH, planChartGeometry } from './planner-chart-geometry';
import { JUDGED_FROM_ARRIVALS, dayLabel, hourLabel } from './planner-format';

/*
 * A plan's hours as inline SVG (no charting library, colours from classes: the page's CSP has no 'unsafe-inline'), with
 * a sentence for screen readers, since a week of bars means nothing read one by one.
 */

/** What a sighted supervisor takes from a glance at the chart. */
export function planChartSummary(report: PlanReportView): string {
  const hours = report.hours;
  if (hours.length === 0) return 'No hours were played.';
  const busiest = hours.reduce((best, hour) => (hour.arrivals > best.arrivals ? hour : best), hours[0]);
  const judged = hours.filter((hour) => hour.serviceLevel !== null && hour.arrivals >= JUDGED_FROM_ARRIVALS);
  const at = (startsAt: string) => `${dayLabel(startsAt)} ${hourLabel(startsAt)}`;
  let text = `Over ${hours.length} hours: arrivals peaked at ${busiest.arrivals} in the hour from ${at(busiest.startsAt)}`;
  if (judged.length > 0) {
    const worst = judged.reduce((low, hour) => (hour.serviceLevel! < low.serviceLevel! ? hour : low), judged[0]);
    text += `; the service level was lowest, ${formatPercent(worst.serviceLevel)}, in the hour from ${at(worst.startsAt)}`;
  }
  return `${text}; the target is ${formatPercent(report.target.serviceLevel)}.`;
}

export function renderPlanChart(container: HTMLElement, report: PlanReportView): void {
  const geometry = planChartGeometry(report.hours, report.target.serviceLevel);
  const { plot } = geometry;
  const root = svg('svg', {
    viewBox: `0 0 ${PLAN_CHART_WIDTH} ${PLAN_CHART_HEIGHT}`,
    role: 'img',
    'aria-labelledby': 'plan-chart-svg-title',
    'aria-describedby': 'plan-chart-svg-desc',
    class: 'chart-svg',
    preserveAspectRatio: 'xMidYMid meet',
  });
  root.append(
    svg('title', { id: 'plan-chart-svg-title' }, 'Service level and arrivals per hour of the plan'),
    svg('desc', { id: 'plan-chart-svg-desc' }, planChartSummary(report)),
  );
  for (const tick of geometry.arrivalTicks) {
    root.append(
      svg('line', { x1: plot.left, x2: plot.right, y1: tick.y, y2: tick.y, class: 'chart-grid' }),
      svg('text', { x: plot.left - 6, y: tick.y + 4, 'text-anchor': 'end', class: 'chart-label' }, String(tick.value)),
    );
  }
  for (const tick of geometry.percentTicks) {
    root.append(
      svg(
        'text',
        { x: plot.right + 6, y: tick.y + 4, 'text-anchor': 'start', class: 'chart-label' },
        `${tick.percent} %`,
      ),
    );
  }
  for (const tick of geometry.dayTicks) {
    root.append(
      svg('line', { x1: tick.x, x2: tick.x, y1: plot.top, y2: plot.bottom + 4, class: 'chart-day' }),
      svg('text', { x: tick.x + 3, y: plot.bottom + 18, 'text-anchor': 'start', class: 'chart-label' }, tick.label),
    );
  }
  const bars = svg('g', { class: 'chart-arrivals' });
  for (const bar of geometry.bars)
    bars.append(svg('rect', { x: bar.x, y: bar.y, width: bar.width, height: bar.height }));
  root.append(
    bars,
    svg('line', { x1: plot.left, x2: plot.right, y1: geometry.targetY, y2: geometry.targetY, class: 'chart-target' }),
    svg('path', { d: geometry.serviceLevelPath, class: 'chart-service-level' }),
    svg('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, class: 'chart-axis' }),
  );
  container.replaceChildren(root);
}
