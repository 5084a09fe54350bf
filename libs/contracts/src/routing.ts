/** Vocabulary of routing shared by queueing, assignment, channels and the front ends. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CHANNELS = ['voice', 'chat', 'callback'] as const;
export type Channel = (typeof CHANNELS)[number];
export const STRATEGIES = ['longest-idle', 'least-occupied', 'round-robin', 'best-skill'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * Reason codes a channel adapter or triage may attach to a contact. Codes only: what was said stays in the encrypted
 * case. Fixed in code, not per helpline: routing treats any of them as high risk (counsellor care), the desk shows
 * them, and statistics compare them across helplines and years, so a helpline chooses which triage answers record
 * which code, not the codes themselves.
 */
export const RISK_FLAG_CODES = [
  'suicidal-thoughts',
  'self-harm',
  'danger-from-other',
  'child-at-risk',
  'extortion-deadline',
  'medical-emergency',
  'other',
] as const;
export type RiskFlagCode = (typeof RISK_FLAG_CODES)[number];

/** Why a supervisor blocked a caller: a code, never free text (a reason written out could name the person). */
export const BLOCK_REASONS = ['abuse', 'harassment', 'threats', 'hoax-calls', 'flooding', 'other'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

/**
 * ISO 639-2 reserves qaa-qtz for local use. Tuki reserves them for rehearsals: surge drills run their callers and
 * agents in these codes, so drill contacts never reach a real agent, and they are left out of the anonymised
 * statistics (they still show on the live dashboard, which is where a drill is watched).
 */
export function isRehearsalLanguage(code: string): boolean {
  return /^q[a-t][a-z]$/.test(code);
}
