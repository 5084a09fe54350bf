/** Vocabulary of routing shared by queueing, assignment, channels and the front ends. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CHANNELS = ['voice', 'chat', 'callback'] as const;
export type Channel = (typeof CHANNELS)[number];
export const STRATEGIES = ['longest-idle', 'least-occupied', 'round-robin', 'best-skill'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * Reason codes a channel adapter or triage may attach to a contact. Codes only: what was said stays in the encrypted
 * case. The list is fixed in code until the administration pages make it configurable per helpline.
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
