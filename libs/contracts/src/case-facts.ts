/**
 * The coarse facts an agent may record about a caller, as codes: the agent desk offers them, cases validates them,
 * statistics counts them. Every fact can be not asked, or asked and declined: both are counted, never guessed.
 */
export const NOT_ASKED = 'not-asked';
export const DECLINED = 'declined';
export const AGE_BANDS = ['under-13', '13-17', '18-24', '25-34', '35-49', '50-64', '65-plus'] as const;
export const GENDERS = ['female', 'male', 'non-binary', 'other'] as const;
/** How at risk the caller is, in the agent's judgement: a case's risk level. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'imminent'] as const;
/** Why a contact's classification was skipped: a code, never free text. */
export const SKIP_REASONS = ['caller-declined', 'no-time', 'not-applicable', 'silent-or-test', 'other'] as const;
