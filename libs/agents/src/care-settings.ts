/**
 * Counsellor care: a helpline's limits on how many high-risk contacts in a row one agent is offered, and the pause
 * after each. A contact is high-risk when it carries a risk flag or is urgent (assignment's `isHighRisk`).
 */
export interface CareSettings {
  /**
   * High-risk contacts an agent may take in a row before routing offers them only other contacts (until they take one,
   * which starts the count again). 0 = no cap. Default 3.
   */
  highRiskCap: number;
  /** Seconds added to the agent's wrap-up after a high-risk conversation (0..1800). Default 120. */
  pauseAfterHighRiskSeconds: number;
  /**
   * A high-risk contact that has waited this long (from first arrival) may go to an agent at the cap anyway: a caller
   * in danger must not wait behind our care rule. 0 = at once (the cap never holds a high-risk caller back; there is
   * deliberately no "never" setting, so no setting can leave a caller in danger waiting while agents sit idle).
   * 0..3600, default 180.
   */
  capOverrideAfterSeconds: number;
}

export const CARE_LIMITS = {
  highRiskCap: { min: 0, max: 50 },
  pauseAfterHighRiskSeconds: { min: 0, max: 1800 },
  capOverrideAfterSeconds: { min: 0, max: 3600 },
} as const;

/** What a helpline starts with until an admin saves its own. */
export const DEFAULT_CARE_SETTINGS: CareSettings = {
  highRiskCap: 3,
  pauseAfterHighRiskSeconds: 120,
  capOverrideAfterSeconds: 180,
};
