import { DateTime } from 'luxon';
import type { Scenario } from '../scenario/scenario.schema';

const HOUR_MS = 3_600_000;
const QUARTER_MS = 15 * 60_000;

/**
 * The arrival rate a scenario sets at each instant, contacts per hour: the baseline, shaped by the hour of day, times
 * the surge. The surge rises linearly to its peak over the ramp, then the part above baseline halves every half-life,
 * as contacts to Victim Support Finland did in the days after the Vastaamo news.
 */
export class ArrivalRate {
  private readonly dayShape: number[];
  private readonly startMs: number;
  /** The largest rate the scenario ever reaches, for thinning. */
  readonly maxPerHour: number;

  constructor(private readonly scenario: Scenario) {
    const shape = scenario.arrivals.hourOfDay ?? Array.from({ length: 24 }, () => 1);
    const mean = shape.reduce((sum, w) => sum + w, 0) / 24;
    this.dayShape = shape.map((w) => (mean === 0 ? 1 : w / mean));
    this.startMs = DateTime.fromISO(scenario.startAt).toMillis();
    this.maxPerHour = scenario.arrivals.perHour * Math.max(...this.dayShape) * (scenario.arrivals.surge?.peak ?? 1);
  }

  /** Contacts per hour at `atMs` (epoch ms of the virtual clock). */
  perHourAt(atMs: number): number {
    return this.scenario.arrivals.perHour * this.dayShape[this.localHour(atMs)] * this.surgeMultiplier(atMs);
  }

  /**
   * The hour of day in the scenario's zone. Zone offsets are whole quarter hours, so the local hour is the same all
   * through a quarter hour of the clock: it is worked out once per quarter (the zone lookup is the planner's
   * costliest step otherwise).
   */
  private localHour(atMs: number): number {
    const quarter = Math.floor(atMs / QUARTER_MS);
    let hour = this.localHours.get(quarter);
    if (hour === undefined) {
      hour = DateTime.fromMillis(quarter * QUARTER_MS, { zone: this.scenario.timeZone }).hour;
      this.localHours.set(quarter, hour);
    }
    return hour;
  }

  private readonly localHours = new Map<number, number>();

  /** The mean arrivals of one whole hour of the scenario (hour 0 = its first), by the midpoint rule on minutes. */
  expectedInHour(hour: number): number {
    let sum = 0;
    for (let minute = 0; minute < 60; minute++) {
      sum += this.perHourAt(this.startMs + hour * HOUR_MS + (minute + 0.5) * 60_000);
    }
    return sum / 60;
  }

  surgeMultiplier(atMs: number): number {
    const surge = this.scenario.arrivals.surge;
    if (!surge) return 1;
    const sinceNewsMs = atMs - (this.startMs + surge.atHour * HOUR_MS);
    if (sinceNewsMs < 0) return 1;
    const rampMs = surge.rampMinutes * 60_000;
    if (sinceNewsMs < rampMs) return 1 + (surge.peak - 1) * (sinceNewsMs / rampMs);
    return 1 + (surge.peak - 1) * 2 ** (-(sinceNewsMs - rampMs) / (surge.halfLifeHours * HOUR_MS));
  }
}
