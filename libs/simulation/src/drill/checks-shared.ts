import {
  HOLDING_STATES,
  type DrillChannel,
  type DrillRecording,
  type HistoryEntry,
  type RecordedContact,
} from './drill-recording';

/** What the drill's checks share: their result and tolerances, and readings of the record (holds, rooms). */

export interface CheckResult {
  name: 'nothing-lost' | 'no-double-booking' | 'order';
  passed: boolean;
  /** How many things were examined (contacts, offers, holds). */
  examined: number;
  problems: string[];
  /** Cases within the tolerances the record and the routing index may lag each other by: not called either way. */
  tooClose: number;
  /** What the check assumed or could not judge. */
  notes: string[];
}

export interface CheckTolerances {
  /**
   * Order: a better-ranked contact counts against an offer only if it had waited this long before the routing index
   * chose the offered one. The queueing issue's definition: "has waited more than 500 ms longer". Default 500.
   */
  orderToleranceMs: number;
  /**
   * How far the record and the routing index may lag each other: a room the record freed first may reach the index this
   * much later, and a contact taken within this of the offer is too close to call. Default 250.
   */
  indexLagMs: number;
  /**
   * Capacity on the record: changes the index makes before the record (decline, lapse, lost agent) are moved this much
   * earlier before an overlap counts as a fault. Default 1000.
   */
  recordLagMs: number;
  /** An agent who declined or let an offer lapse is not offered that contact again for this long. Default 60,000. */
  cooldownMs: number;
  /**
   * Two claims of the routing index this close together cannot be put in order: a claim's time is when its deadline
   * was computed, a moment before the claim script ran. Default 50.
   */
  claimOrderMs: number;
}

export const DEFAULT_TOLERANCES: CheckTolerances = {
  orderToleranceMs: 500,
  indexLagMs: 250,
  recordLagMs: 1000,
  cooldownMs: 60_000,
  claimOrderMs: 50,
};

/** Changes the routing index makes before the record writes them: the record's time is later than the release. */
export const INDEX_FIRST = new Set(['decline', 'offer-timeout', 'agent-lost']);
/** Longer than this between the record freeing a room and the index doing so is a fault, never "too close". */
export const MAX_RELEASE_LAG_MS = 2000;
const MAX_LISTED = 50;

/** The channel a contact had at `at`: a caller who left a number is a callback from their request on. */
export function channelAt(contact: RecordedContact, at: number): DrillChannel {
  if (contact.channel !== 'callback') return contact.channel;
  const became = contact.history.find((h) => h.change === 'request-callback' || h.to === 'callback-pending');
  return became && became.at <= at ? 'callback' : contact.arrivedOn;
}

/** An offer as the record holds it: from its `offer` entry until the contact stopped holding that agent. */
export interface HeldInterval {
  contactId: string;
  agentId: string;
  channel: DrillChannel;
  offerAt: number;
  /** When the record says the hold ended (Infinity while held). */
  closeAt: number;
  closeChange: string | null;
  /** How the offer itself ended: accept, decline, offer-timeout, agent-lost, abandon... (null while open). */
  outcome: HistoryEntry | null;
  /**
   * When the routing index claimed the contact for this offer (the socket's deadline minus the offer timeout, server
   * clock): the index decides, and the record writes the offer later, the later the busier the machine. The record's
   * time where no socket received it.
   */
  claimAt: number;
}

/** The index's claims of each contact (server clock), from the deadlines the agents' sockets received. */
export function claimsOf(recording: DrillRecording): Map<string, number[]> {
  const claims = new Map<string, number[]>();
  for (const o of recording.offers)
    claims.set(o.contactId, [...(claims.get(o.contactId) ?? []), o.deadline - recording.queue.offerTimeoutMs]);
  return claims;
}

/** The index's claim behind an offer the record wrote at `recordAt`: the latest claim not after it, else `recordAt`. */
export function claimBehind(
  claims: ReadonlyMap<string, readonly number[]>,
  contactId: string,
  recordAt: number,
): number {
  const claim = (claims.get(contactId) ?? []).filter((at) => at <= recordAt).reduce((a, b) => Math.max(a, b), -1);
  return claim < 0 ? recordAt : claim;
}

export function heldIntervals(
  contacts: readonly RecordedContact[],
  claims: ReadonlyMap<string, readonly number[]> = new Map(),
): HeldInterval[] {
  const intervals: HeldInterval[] = [];
  for (const contact of contacts) {
    const rows = contact.history;
    rows.forEach((row, i) => {
      if (row.change !== 'offer' || !row.agentId) return;
      const later = rows.slice(i + 1);
      const close = later.find((r) => !HOLDING_STATES.has(r.to));
      intervals.push({
        contactId: contact.id,
        agentId: row.agentId,
        channel: channelAt(contact, row.at),
        offerAt: row.at,
        closeAt: close?.at ?? Infinity,
        closeChange: close?.change ?? null,
        outcome: later.find((r) => r.from === 'offered') ?? null,
        claimAt: claimBehind(claims, contact.id, row.at),
      });
    });
  }
  return intervals;
}

/**
 * Whether an agent holding `load` has room for one more contact of `channel`, as the queueing issue and the README
 * define it: within the channel's capacity, and the phone is one (a call and a callback never at once; no chat while
 * on the phone when the queue says voice blocks chat).
 */
export function hasRoom(
  load: Record<DrillChannel, number>,
  capacity: Record<DrillChannel, number>,
  channel: DrillChannel,
  voiceBlocksChat: boolean,
): boolean {
  if (load[channel] >= capacity[channel]) return false;
  if (channel === 'voice') return load.callback === 0;
  if (channel === 'callback') return load.voice === 0;
  return !(voiceBlocksChat && load.voice + load.callback > 0);
}

const emptyLoad = (): Record<DrillChannel, number> => ({ voice: 0, chat: 0, callback: 0 });

export function loadOf(holds: readonly { channel: DrillChannel }[]): Record<DrillChannel, number> {
  const load = emptyLoad();
  for (const h of holds) load[h.channel] += 1;
  return load;
}

export const short = (id: string) => id.slice(0, 8);

export function result(
  name: CheckResult['name'],
  examined: number,
  problems: string[],
  tooClose = 0,
  notes: string[] = [],
): CheckResult {
  const listed =
    problems.length > MAX_LISTED
      ? [...problems.slice(0, MAX_LISTED), `... and ${problems.length - MAX_LISTED} more`]
      : problems;
  return { name, passed: problems.length === 0, examined, problems: listed, tooClose, notes };
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
