/**
 * How a callback's number is dialled. `manual` (the default here): the number is shown to the one agent dialling,
 * who rings from the helpline's phone and records the outcome. `provider` (the telephony issue): the provider places
 * the call showing the helpline's number, never the agent's, and the agent never sees the number.
 */
export type DialMode = 'manual' | 'provider';

export interface DialRequest {
  helplineId: string;
  callbackId: string;
  attempt: number;
  agentId: string;
  /** E.164. Never logged, never put in a job or event. */
  number: string;
}

export type DialResult = { mode: 'manual'; number: string } | { mode: 'provider'; callId: string };

export interface Dialler {
  readonly mode: DialMode;
  dial(request: DialRequest): Promise<DialResult>;
}

/** The injection token of the deployment's dialler. */
export const DIALLER = Symbol('DIALLER');
