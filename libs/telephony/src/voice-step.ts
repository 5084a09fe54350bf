/** The languages Tuki's phone prompts are written in. */
export const VOICE_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type VoiceLanguage = (typeof VOICE_LANGUAGES)[number];

/** Something said to the caller, in one language. */
export interface Prompt {
  text: string;
  language: VoiceLanguage;
}

/** Where the accepting agent takes calls: a phone (E.164, sealed at rest) or the desk's browser client. */
export type AgentEndpoint = { kind: 'phone'; number: string } | { kind: 'client'; identity: string };

/**
 * What the call does next, independent of the provider (the Twilio adapter renders it as TwiML; the neutral webhook
 * API returns it as JSON).
 * - `hold`: say the prompts, then hold for `holdSeconds` (music or silence), listening for one key if `listen`; then
 *   report `waiting` again (or `key-press` if a key was pressed).
 * - `ask`: say the prompts and wait a few seconds for one key (`key-press`); no key means `waiting`.
 * - `bridge`: say the prompts and connect the caller to the agent, showing `callerId`; when that leg ends, report
 *   `waiting` (which ends the call).
 * - `hang-up`: say the prompts and end the call.
 */
export type VoiceStep =
  | { kind: 'hold'; say: Prompt[]; listen: boolean; holdSeconds: number }
  | { kind: 'ask'; say: Prompt[] }
  | { kind: 'bridge'; say: Prompt[]; to: AgentEndpoint; callerId: string | null }
  | { kind: 'hang-up'; say: Prompt[] };

/** The browser client identity of an agent (the desk registers its voice client under it). */
export function agentClientIdentity(agentId: string): string {
  return `agent-${agentId}`;
}
