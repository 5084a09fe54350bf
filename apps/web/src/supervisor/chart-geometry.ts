import type { ChartPoint } from '@tuki/contracts';

/*
 * Where the chart's marks go, as plain numbers: arrivals per minute as bars, callers waiting as a line, one shared
 * axis (both count callers). Pure, so the scaling is tested without a DOM; chart.ts turns it into SVG.
 */

/** The SVG's own coordinate system; the CSS scales it to the column's width. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 260;
const PADDING = { top: 12, right: 12, bottom: 28, left: 40 };
const MINUTE_MS = 60_000;
/** A tick on the time axis every half hour: six labels over three hours fit the narrowest layout. */
const X_TICK_MS = 30 * MINUTE_MS;

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartGeometry {
  bars: Bar[];
  /** SVG path data of the waiting line; a minute without a figure breaks the line rather than drawing to 0. */
  waitingPath: string;
  yTicks: { y: number; value: number }[];
  xTicks: { x: number; minute: number }[];
  plot: { left: number; top: number; right: number; bottom: number };
}

/** The smallest of 1, 2, 5, 10, 20, 50... at or above `value`, so the axis ends on a round number. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function chartGeometry(points: readonly ChartPoint[]): ChartGeometry {
  const plot = {
    left: PADDING.left,
    top: PADDING.top,
    right: CHART_WIDTH - PADDING.right,
    bottom: CHART_HEIGHT - PADDING.bottom,
  };
  if (points.length === 0)
    return { bars: [], waitingPath: '', yTicks: [{ y: plot.bottom, value: 0 }], xTicks: [], plot };

  const first = points[0].minute;
  const last = points[points.length - 1].minute;
  // One slot per minute of the span, so a missing minute leaves a gap instead of squeezing the time axis.
  const slots = Math.max(1, Math.round((last - first) / MINUTE_MS) + 1);
  const slot = (plot.right - plot.left) / slots;
  const highest = Math.max(...points.map((p) => Math.max(p.arrivals, p.waiting ?? 0)));
  const top = niceCeiling(highest);
  const yOf = (value: number) => plot.bottom - (value / top) * (plot.bottom - plot.top);
  const xOf = (minute: number) => plot.left + ((minute - first) / MINUTE_MS) * slot;

  const bars = points
    .filter((point) => point.arrivals > 0)
    .map((point) => {
      const y = yOf(point.arrivals);
      // A gap of a fifth of the slot between bars, at least a hair wide on the densest chart.
      return {
        x: round(xOf(point.minute) + slot * 0.1),
        y: round(y),
        width: round(slot * 0.8),
        height: round(plot.bottom - y),
      };
    });

  let waitingPath = '';
  let run = 0;
  // A lone minute between gaps gets a zero-length stroke, which the round line cap draws as a dot.
  const endRun = () => {
    if (run === 1) waitingPath += 'h0';
    run = 0;
  };
  for (const point of points) {
    if (point.waiting === null) {
      endRun();
      continue;
    }
    const x = round(xOf(point.minute) + slot / 2);
    const y = round(yOf(point.waiting));
    waitingPath += `${run > 0 ? 'L' : 'M'}${x} ${y}`;
    run += 1;
  }
  endRun();

  // Callers come whole: a half-way tick only where it is a whole number.
  const yTicks = [0, top / 2, top]
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ y: round(yOf(value)), value }));
  const xTicks: { x: number; minute: number }[] = [];
  for (let minute = Math.ceil(first / X_TICK_MS) * X_TICK_MS; minute <= last; minute += X_TICK_MS) {
    xTicks.push({ x: round(xOf(minute) + slot / 2), minute });
  }
  return { bars, waitingPath, yTicks, xTicks, plot };
}
