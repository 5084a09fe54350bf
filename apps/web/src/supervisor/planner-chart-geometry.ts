import type { PlanHourView } from '@tuki/contracts';
import { niceCeiling, type Bar } from './chart-geometry';
import { JUDGED_FROM_ARRIVALS, dayLabel, hourLabel } from './planner-format';

/*
 * Where a plan's chart marks go: arrivals per hour as bars on the left axis, the service level per hour as a line on
 * the right axis (0-100 %), the target as a dashed line. Pure, so the scaling is tested without a DOM; planner-chart.ts
 * turns it into SVG, as chart.ts does for the live chart.
 */

export const PLAN_CHART_WIDTH = 800;
export const PLAN_CHART_HEIGHT = 260;
const PADDING = { top: 12, right: 48, bottom: 28, left: 44 };
/** At most this many day labels on the time axis: a month-long plan labels every few days. */
const MAX_DAY_TICKS = 8;

export interface PlanChartGeometry {
  bars: Bar[];
  /**
   * SVG path data of the service level. An hour too quiet to judge (JUDGED_FROM_ARRIVALS) breaks the line: a night
   * hour's two or three callers swing it from 0 to 100 % and would hide the surge.
   */
  serviceLevelPath: string;
  /** Where the target's line runs. */
  targetY: number;
  arrivalTicks: { y: number; value: number }[];
  percentTicks: { y: number; percent: number }[];
  /** Local midnights, labelled with the day. */
  dayTicks: { x: number; label: string }[];
  plot: { left: number; top: number; right: number; bottom: number };
}

const round = (value: number) => Math.round(value * 10) / 10;

export function planChartGeometry(hours: readonly PlanHourView[], targetServiceLevel: number): PlanChartGeometry {
  const plot = {
    left: PADDING.left,
    top: PADDING.top,
    right: PLAN_CHART_WIDTH - PADDING.right,
    bottom: PLAN_CHART_HEIGHT - PADDING.bottom,
  };
  const shareY = (share: number) => round(plot.bottom - share * (plot.bottom - plot.top));
  const percentTicks = [0, 50, 100].map((percent) => ({ y: shareY(percent / 100), percent }));
  const targetY = shareY(targetServiceLevel);
  if (hours.length === 0) {
    return {
      bars: [],
      serviceLevelPath: '',
      targetY,
      arrivalTicks: [{ y: plot.bottom, value: 0 }],
      percentTicks,
      dayTicks: [],
      plot,
    };
  }

  const slot = (plot.right - plot.left) / hours.length;
  const top = niceCeiling(Math.max(...hours.map((hour) => hour.arrivals)));
  const countY = (value: number) => plot.bottom - (value / top) * (plot.bottom - plot.top);
  const xOf = (index: number) => plot.left + index * slot;

  const bars: Bar[] = [];
  hours.forEach((hour, index) => {
    if (hour.arrivals <= 0) return;
    const y = countY(hour.arrivals);
    bars.push({
      x: round(xOf(index) + slot * 0.1),
      y: round(y),
      width: round(slot * 0.8),
      height: round(plot.bottom - y),
    });
  });

  let serviceLevelPath = '';
  let run = 0;
  // A lone hour between gaps gets a zero-length stroke, which the round line cap draws as a dot.
  const endRun = () => {
    if (run === 1) serviceLevelPath += 'h0';
    run = 0;
  };
  hours.forEach((hour, index) => {
    if (hour.serviceLevel === null || hour.arrivals < JUDGED_FROM_ARRIVALS) return endRun();
    serviceLevelPath += `${run > 0 ? 'L' : 'M'}${round(xOf(index) + slot / 2)} ${shareY(hour.serviceLevel)}`;
    run += 1;
  });
  endRun();

  const arrivalTicks = [0, top / 2, top]
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ y: round(countY(value)), value }));

  const midnights = hours.flatMap((hour, index) => (hourLabel(hour.startsAt) === '00:00' ? [index] : []));
  const every = Math.max(1, Math.ceil(midnights.length / MAX_DAY_TICKS));
  const dayTicks = midnights
    .filter((_, i) => i % every === 0)
    .map((index) => ({ x: round(xOf(index)), label: dayLabel(hours[index].startsAt) }));
  return { bars, serviceLevelPath, targetY, arrivalTicks, percentTicks, dayTicks, plot };
}
