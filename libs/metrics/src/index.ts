/**
 * @tuki/metrics: surge metrics, service level and Erlang C/A staffing. This file is the lib's only public door.
 * The queueing formulas are pure functions with rates per second and times in seconds.
 */
export { erlangB } from './erlang-b';
export { agentsNeeded, erlangC, erlangCProbabilityOfWaiting, type ErlangCInput, type ErlangCResult } from './erlang-c';
export {
  agentsNeededErlangA,
  erlangA,
  type ErlangAInput,
  type ErlangAResult,
  type ErlangAStaffingTarget,
} from './erlang-a';
export type { StaffingTarget } from './staffing-inputs';
export { simulateMmnQueue, type MmnSimulationInput, type MmnSimulationResult } from './mmn-simulation';
export { SeededRandom } from './seeded-random';
export {
  DEFAULT_MINIMUM_BASELINE,
  DEFAULT_SURGE_THRESHOLDS,
  SURGE_HYSTERESIS,
  SURGE_LEVELS,
  levelForRatio,
  nextLevel,
  surgeLevel,
  surgeRatio,
  type SurgeInput,
  type SurgeLevel,
  type SurgeThresholds,
} from './surge-level';
export {
  RECENT_INTERVALS_FOR_BASELINE,
  baselineFor,
  type ArrivalSnapshot,
  type Baseline,
  type BaselineBasis,
} from './surge-baseline';
export { MetricsModule, type MetricsModuleOptions } from './metrics.module';
export { SnapshotBuilder } from './live/snapshot-builder';
export { LiveAggregates } from './live/live-aggregates';
export { IntervalRecorder } from './live/interval-recorder';
export { SurgeWatch } from './live/surge-watch';
export { MetricsRebuild } from './live/metrics-rebuild';
export { METRIC_EVENT_TYPES, effectOf, type MetricEffect, type MetricEvent } from './live/event-effects';
export { MetricsEventsConsumer } from './live/metrics-events.consumer';
export { SurgeThresholdsService } from './live/surge-thresholds.service';
export { SurgeThresholdsDto } from './dto/surge-thresholds.dto';
export { MetricInterval } from './live/metric-interval.entity';
