/**
 * Surge levels: how far a queue's arrival rate is above its usual rate for the time. The ratio rate/baseline is
 * compared with thresholds (default 1.5×, 3×, 6×). Two guards keep the level meaningful:
 * - a floor under the baseline, because at night the usual rate can be ~0 and two contacts would read as "critical"
 *   (default: one contact per 15 minutes, the length of a statistics interval);
 * - hysteresis: a level is entered as soon as its threshold is reached but left only when the ratio falls 10 % below
 *   that threshold, so a rate hovering at a threshold does not flap the alert on and off.
 * Rates are per second here as everywhere in the metrics lib; only the floor depends on the unit.
 */

export const SURGE_LEVELS = ['normal', 'elevated', 'surge', 'critical'] as const;
export type SurgeLevel = (typeof SURGE_LEVELS)[number];

/** The ratio of arrival rate to baseline at which each level starts. */
export interface SurgeThresholds {
  elevated: number;
  surge: number;
  critical: number;
}

/** 1.5×, 3× and 6× the usual rate. */
export const DEFAULT_SURGE_THRESHOLDS: Readonly<SurgeThresholds> = Object.freeze({
  elevated: 1.5,
  surge: 3,
  critical: 6,
});

/** The smallest baseline used, per second: one contact per 15 minutes (4 an hour). */
export const DEFAULT_MINIMUM_BASELINE = 1 / 900;

/** A level is left only once the ratio is this far (as a share of its threshold) below the level's threshold. */
export const SURGE_HYSTERESIS = 0.1;

export interface SurgeInput {
  /** The current arrival rate, per second. */
  arrivalRate: number;
  /** The usual arrival rate for this time (see `baselineFor`), per second. */
  baseline: number;
  /** Default `DEFAULT_SURGE_THRESHOLDS`. */
  thresholds?: SurgeThresholds;
  /** The floor under the baseline, per second. Default `DEFAULT_MINIMUM_BASELINE`. */
  minimumBaseline?: number;
}

/** The current rate as a multiple of the baseline, the baseline raised to its floor first. */
export function surgeRatio({ arrivalRate, baseline, minimumBaseline = DEFAULT_MINIMUM_BASELINE }: SurgeInput): number {
  assertRate(arrivalRate, 'arrivalRate');
  assertRate(baseline, 'baseline');
  if (!(Number.isFinite(minimumBaseline) && minimumBaseline > 0)) {
    throw new RangeError('minimumBaseline must be finite and > 0');
  }
  return arrivalRate / Math.max(baseline, minimumBaseline);
}

/** The level a ratio reaches, without hysteresis. */
export function levelForRatio(ratio: number, thresholds: SurgeThresholds = DEFAULT_SURGE_THRESHOLDS): SurgeLevel {
  assertThresholds(thresholds);
  if (ratio >= thresholds.critical) return 'critical';
  if (ratio >= thresholds.surge) return 'surge';
  if (ratio >= thresholds.elevated) return 'elevated';
  return 'normal';
}

/** The level of the current rate against the baseline, without hysteresis (see `nextLevel`). */
export function surgeLevel(input: SurgeInput): SurgeLevel {
  return levelForRatio(surgeRatio(input), input.thresholds);
}

/**
 * The level to show next, given the one shown now: a rise takes effect at once; a fall stops at the highest level
 * (no higher than `previous`) whose threshold the ratio still reaches after 10 % hysteresis, and never below
 * `computed`. So from 'surge' (3×) a ratio of 2.8 stays 'surge', 2.6 drops to 'elevated'.
 */
export function nextLevel(
  previous: SurgeLevel,
  computed: SurgeLevel,
  ratio: number,
  thresholds: SurgeThresholds = DEFAULT_SURGE_THRESHOLDS,
): SurgeLevel {
  assertThresholds(thresholds);
  const previousRank = SURGE_LEVELS.indexOf(previous);
  const computedRank = SURGE_LEVELS.indexOf(computed);
  if (computedRank >= previousRank) return computed;
  for (let rank = previousRank; rank > computedRank; rank--) {
    const level = SURGE_LEVELS[rank];
    if (ratio >= thresholdOf(level, thresholds) * (1 - SURGE_HYSTERESIS)) return level;
  }
  return computed;
}

function thresholdOf(level: SurgeLevel, thresholds: SurgeThresholds): number {
  switch (level) {
    case 'normal':
      return 0;
    case 'elevated':
      return thresholds.elevated;
    case 'surge':
      return thresholds.surge;
    case 'critical':
      return thresholds.critical;
  }
}

function assertRate(rate: number, name: string): void {
  if (!(Number.isFinite(rate) && rate >= 0)) throw new RangeError(`${name} must be finite and >= 0`);
}

function assertThresholds({ elevated, surge, critical }: SurgeThresholds): void {
  if (!(elevated > 0 && elevated < surge && surge < critical && Number.isFinite(critical))) {
    throw new RangeError('surge thresholds must be finite and rise: 0 < elevated < surge < critical');
  }
}
