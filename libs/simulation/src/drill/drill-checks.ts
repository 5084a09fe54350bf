import type { DrillRecording } from './drill-recording';
import { DEFAULT_TOLERANCES, type CheckResult, type CheckTolerances } from './checks-shared';
import { checkNoDoubleBooking } from './double-booking-check';
import { checkNothingLost } from './lost-check';
import { checkOrder } from './order-check';

/**
 * The checks a drill makes afterwards, from the record (`GET /contacts/:id/history`, the callbacks API) and from the
 * offers its simulated agents' sockets received: nothing was lost, nobody was double-booked, and order held as the
 * queueing issue defines it. Pure functions over a DrillRecording; each names every contact, agent and moment it
 * faults, and each can fail (drill-checks.spec.ts feeds them bad recordings).
 *
 * These rules are written here again from the issue's words, not imported from the routing core: a check that reused
 * the code it checks would agree with any bug in it.
 */
export function runChecks(recording: DrillRecording, tolerances: Partial<CheckTolerances> = {}): CheckResult[] {
  const t = { ...DEFAULT_TOLERANCES, ...tolerances };
  return [checkNothingLost(recording), checkNoDoubleBooking(recording, t), checkOrder(recording, t)];
}

export * from './checks-shared';
export { checkNothingLost, unaccountedOffers } from './lost-check';
export { checkNoDoubleBooking, socketDoubleBookings } from './double-booking-check';
export { checkOrder, rankScore } from './order-check';
