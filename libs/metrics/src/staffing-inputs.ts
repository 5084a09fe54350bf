/**
 * The inputs that Erlang C and Erlang A share, and their checks. Rates are per second and times in seconds throughout
 * the metrics lib, so a figure never has to say which unit it is in.
 */

/** One queue's traffic and the service level it is staffed for. */
export interface StaffingTarget {
  /** Mean arrivals per second (λ), e.g. 360 contacts an hour is 0.1. */
  arrivalRatePerSecond: number;
  /** Mean handle time in seconds (talk plus wrap-up: the time an agent is held), 1/μ. */
  handleTimeSeconds: number;
  /** The service-level threshold in seconds: "answered within 20 s" is 20. */
  targetSeconds: number;
  /** The share of contacts to answer within `targetSeconds`, in [0, 1): 0.8 for "80/20". */
  serviceLevel: number;
  /** Optional ceiling on agent occupancy in (0, 1], e.g. 0.85 so agents are not run at 100 % between contacts. */
  maxOccupancy?: number;
}

export function assertTraffic(arrivalRatePerSecond: number, handleTimeSeconds: number): void {
  if (!Number.isFinite(arrivalRatePerSecond) || arrivalRatePerSecond < 0) {
    throw new RangeError('arrivalRatePerSecond must be finite and >= 0');
  }
  if (!Number.isFinite(handleTimeSeconds) || handleTimeSeconds <= 0) {
    throw new RangeError('handleTimeSeconds must be finite and > 0');
  }
}

export function assertAgents(agents: number): void {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number >= 0');
}

export function assertTargetSeconds(targetSeconds: number): void {
  if (!Number.isFinite(targetSeconds) || targetSeconds < 0)
    throw new RangeError('targetSeconds must be finite and >= 0');
}

export function assertStaffingTarget(target: StaffingTarget): void {
  assertTraffic(target.arrivalRatePerSecond, target.handleTimeSeconds);
  assertTargetSeconds(target.targetSeconds);
  // A service level of 1 is never met by a queue with random arrivals: some caller always waits a little.
  if (!(target.serviceLevel >= 0 && target.serviceLevel < 1)) throw new RangeError('serviceLevel must be in [0, 1)');
  const { maxOccupancy } = target;
  if (maxOccupancy !== undefined && !(maxOccupancy > 0 && maxOccupancy <= 1)) {
    throw new RangeError('maxOccupancy must be in (0, 1]');
  }
}
