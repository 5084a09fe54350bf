export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export interface MetricsOptions {
  /**
   * Run the keepers here: the 15-minute history and the surge watch (workers and the zero-config single process).
   * Every process folds events and rebuilds lost metrics whatever this says.
   */
  runKeepers: boolean;
}
