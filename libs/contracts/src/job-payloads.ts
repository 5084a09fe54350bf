/**
 * Every domain job: name (`'<lib>.<verb-noun>'`) to payload. Payloads carry ids, never personal data, and always the
 * helpline id. The platform's own jobs (event delivery) are declared in @tuki/platform.
 */
export interface JobPayloads {
  /** A callback's not-before time came (window, retry spacing, opening): offer it if the queue is open, else later. */
  'callbacks.come-due': { helplineId: string; callbackId: string; notBefore: number };
  /** The promised time passed: flag it and boost it, if nobody reached the caller yet. */
  'callbacks.flag-overdue': { helplineId: string; callbackId: string };
  /** Past its deadline: expire it if no attempt is under way (an open attempt expires on its outcome). */
  'callbacks.expire-late': { helplineId: string; callbackId: string };
  /**
   * Retention for one helpline: purge closed cases past their period (crypto-shredding first), destroy the caller
   * surrogates of closed statistics periods, drop lapsed access grants. `slot` (the hour) makes the job id unique per run.
   */
  'cases.apply-retention': { helplineId: string; slot: string };
  /** Builds one anonymised statistics export (its query is stored with it); idempotent: a done export stays done. */
  'statistics.build-export': { helplineId: string; exportId: string };
  /**
   * Plays a staffing plan (@tuki/simulation) and keeps its report as the job's result (no table: the report holds
   * simulated figures only). `scenario` is a shipped scenario's name or a whole scenario, validated before queueing
   * and again by the worker; it describes a made-up helpline and carries no personal data.
   */
  'simulation.plan': {
    helplineId: string;
    /** The staff user who asked. */
    requestedBy: string;
    scenario: string | Record<string, unknown>;
    /** Also search the hourly staffing that holds the target. */
    staffing: boolean;
  };
}

/** The family (lock and stall settings) of each domain job; the worker refuses to boot if one has no handler. */
export const JOB_CATALOGUE: { [N in keyof JobPayloads]: 'short' | 'long' | 'background' } = {
  'callbacks.come-due': 'short',
  'callbacks.flag-overdue': 'short',
  'callbacks.expire-late': 'short',
  'cases.apply-retention': 'long',
  'statistics.build-export': 'long',
  'simulation.plan': 'long',
};
