/**
 * How a queue calls people back. Stored with the queue's definition; the callbacks domain applies it (see its rules).
 */
export interface CallbackPolicy {
  /** Whether callers of this queue may ask for a callback at all. */
  enabled: boolean;
  /** Offer a callback first (IVR, chat) once the estimated wait passes this; null: never offered first. */
  offerAfterWaitSeconds: number | null;
  maxAttempts: number;
  /** Before the first attempt (time to reach a quiet place, say). */
  initialDelaySeconds: number;
  /** Spacing between attempts; the last value repeats. */
  retryDelaysSeconds: number[];
  /** Of open time from the request, when the caller gave no window end. */
  expireAfterHours: number;
  /** The promise when no estimate is possible (no agent on duty). */
  defaultPromiseMinutes: number;
}

export const DEFAULT_CALLBACK_POLICY: CallbackPolicy = {
  enabled: true,
  offerAfterWaitSeconds: 300,
  maxAttempts: 3,
  initialDelaySeconds: 0,
  retryDelaysSeconds: [900, 3600],
  expireAfterHours: 48,
  defaultPromiseMinutes: 120,
};

/**
 * Whether the channel should offer this caller a callback before they wait on: the queue takes callbacks, sets a
 * threshold, is within its opening hours (agents are on duty to call back), and the estimated wait passes the threshold
 * or nobody who could answer is on duty now (no estimate is possible, so the wait is open-ended).
 */
export function shouldOfferCallback(
  policy: CallbackPolicy,
  estimatedWaitSeconds: number | null,
  withinOpeningHours: boolean,
): boolean {
  if (!policy.enabled || policy.offerAfterWaitSeconds === null || !withinOpeningHours) return false;
  return estimatedWaitSeconds === null || estimatedWaitSeconds >= policy.offerAfterWaitSeconds;
}
