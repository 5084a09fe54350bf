import { describe, expect, it } from '@jest/globals';
import { chartGeometry, niceCeiling } from './chart-geometry';

const MINUTE = 60_000;
const start = Date.UTC(2023, 10, 14, 12, 0);

describe('the waiting and arrivals chart', () => {
  it('ends the axis on a round number', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(11)).toBe(20);
    expect(niceCeiling(50)).toBe(50);
  });

  it('draws a bar per minute with arrivals and breaks the waiting line where a minute has no figure', () => {
    const geometry = chartGeometry([
      { minute: start, arrivals: 2, answered: 0, waiting: 1 },
      { minute: start + MINUTE, arrivals: 0, answered: 0, waiting: 3 },
      { minute: start + 2 * MINUTE, arrivals: 4, answered: 1, waiting: null },
      { minute: start + 3 * MINUTE, arrivals: 1, answered: 0, waiting: 2 },
    ]);
    expect(geometry.bars).toHaveLength(3);
    // The path starts again (M) after the gap; the lone last minute is a dot (a zero-length stroke).
    expect(geometry.waitingPath.match(/[MLh]/g)).toEqual(['M', 'L', 'M', 'h']);
    // The highest mark (4 arrivals) fills the plot: the axis ends at 5.
    expect(geometry.yTicks.map((tick) => tick.value)).toEqual([0, 5]);
    const tallest = Math.max(...geometry.bars.map((bar) => bar.height));
    expect(tallest).toBeCloseTo(((geometry.plot.bottom - geometry.plot.top) * 4) / 5, 0);
  });

  it('marks every half hour on the time axis', () => {
    const points = Array.from({ length: 180 }, (_, i) => ({
      minute: start + 5 * MINUTE + i * MINUTE,
      arrivals: 1,
      answered: 1,
      waiting: 0,
    }));
    const ticks = chartGeometry(points).xTicks.map((tick) => new Date(tick.minute).toISOString().slice(11, 16));
    // 12:05 to 15:04.
    expect(ticks).toEqual(['12:30', '13:00', '13:30', '14:00', '14:30', '15:00']);
  });

  it('draws an empty axis when there are no points yet', () => {
    expect(chartGeometry([])).toMatchObject({ bars: [], waitingPath: '', xTicks: [] });
  });
});
