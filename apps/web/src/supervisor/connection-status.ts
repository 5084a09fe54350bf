/*
 * What the connection indicator says. The server sends a change at least every few seconds even when nothing moved,
 * so silence longer than STALE_AFTER_MS means the figures on screen may no longer be true, even if the socket looks
 * connected (a half-open connection through a proxy looks exactly like that).
 */

export const STALE_AFTER_MS = 10_000;

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'stale';

export interface ConnectionFacts {
  connected: boolean;
  /** Page clock (ms) of the last message from the server, or null before the first. */
  lastMessageAt: number | null;
  /** Page clock now (ms). */
  now: number;
}

export function connectionState(facts: ConnectionFacts): ConnectionState {
  // Before the first snapshot there are no figures to call out of date.
  if (facts.lastMessageAt === null) return 'connecting';
  if (!facts.connected) return 'reconnecting';
  return facts.now - facts.lastMessageAt > STALE_AFTER_MS ? 'stale' : 'live';
}

/** The words shown (and read out once, on a change of state) for each state. */
export const CONNECTION_WORDS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting: numbers may be out of date',
  stale: 'No recent update: numbers may be out of date',
};
