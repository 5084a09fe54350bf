// The drill's public door (re-exported by @tuki/simulation): drive a running Tuki through its public API with a
// scenario's callers and agents on a compressed clock, check the record afterwards, and compare with the planner.
export { runDrill, type DrillOptions } from './drill';
export type { DrillReport } from './drill-report';
export { renderDrillHtml, renderDrillTable, drillKeyFigures } from './drill-report';
export {
  runChecks,
  checkNothingLost,
  checkNoDoubleBooking,
  checkOrder,
  DEFAULT_TOLERANCES,
  type CheckResult,
  type CheckTolerances,
} from './drill-checks';
export type * from './drill-recording';
export { DrillSetupError, DrillUnreachableError, DrillHttpError, type StaffCredentials } from './drill-client';
export type { CompressionReport, CompressedSetting, FixedTimer, MeasuredLatency } from './drill-compression';
export type { ComparedHour, Difference, TimelinePoint } from './drill-comparison';
export type { ObservedHour, ObservedSummary } from './drill-figures';
export type { LiveHour } from './live-figures';
