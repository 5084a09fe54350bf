/*
 * The state changes a supervisor may make for an agent, offered on the agent board. The server decides (libs/agents
 * agent-state.ts, the `supervisor` row of its transition table); this copy only keeps the page from offering a move
 * the server would refuse. A supervisor never makes anyone available (only the agent knows they are at the desk) and
 * never moves someone who is talking to a caller.
 */

/** One choice of the board's state control: the request body it sends, and its words. */
export interface AgentAction {
  value: string;
  label: string;
  /** Shown under this heading in the menu (away reasons under "Away"), so each label stays one short word. */
  group?: string;
  body: { state: 'away' | 'offline'; reason?: string };
}

/** Away reasons a person may give (codes; `missed-offers` is routing's alone). */
const AWAY_REASONS: readonly { code: string; words: string }[] = [
  { code: 'break', words: 'Break' },
  { code: 'training', words: 'Training' },
  { code: 'admin-work', words: 'Admin work' },
  { code: 'other', words: 'Other' },
];

const AWAY: readonly AgentAction[] = AWAY_REASONS.map(({ code, words }) => ({
  value: `away:${code}`,
  label: words,
  group: 'Away',
  body: { state: 'away', reason: code },
}));

const OFFLINE: AgentAction = { value: 'offline', label: 'Offline', body: { state: 'offline' } };

/** The moves on offer for an agent now; empty while busy or already offline. */
export function actionsFor(state: string, awayReason: string | null): AgentAction[] {
  switch (state) {
    case 'available':
    case 'wrap-up':
      return [...AWAY, OFFLINE];
    case 'away':
      // Already away for this reason: choosing it again would change nothing.
      return [...AWAY.filter((action) => action.body.reason !== awayReason), OFFLINE];
    default:
      return [];
  }
}

/** How a state reads on the board ("Away (break)"). */
export function stateWords(state: string, awayReason: string | null): string {
  const words: Record<string, string> = {
    available: 'Available',
    busy: 'Busy',
    'wrap-up': 'Wrap-up',
    away: 'Away',
    offline: 'Offline',
  };
  const base = words[state] ?? state;
  if (state !== 'away' || !awayReason) return base;
  const reason = AWAY_REASONS.find((r) => r.code === awayReason)?.words ?? awayReason.replace(/-/g, ' ');
  return `${base} (${reason.toLowerCase()})`;
}
