/**
 * Checks the "must hold" rules of routing over what a scale-out run left behind: the stored history of every contact
 * (the record) and the offers each agent's socket received (what the agents saw). Pure functions over plain rows, so
 * a failing run can print exactly which contacts, agents and moments broke a rule.
 */

export type Channel = 'voice' | 'chat' | 'callback';
export type Priority = 'urgent' | 'high' | 'normal' | 'low';

export interface HistoryRow {
  seq: number;
  contactId: string;
  at: number;
  from: string | null;
  to: string;
  change: string;
  agentId: string | null;
}

export interface ContactRow {
  id: string;
  channel: Channel;
  priority: Priority;
  firstArrivedAt: number;
  state: string;
  agentId: string | null;
  queueId: string;
  language: string;
}

/** One offer as an agent's socket received it, with the earliest moment the offer can no longer be held. */
export interface SocketOffer {
  agentId: string;
  contactId: string;
  channel: Channel;
  deadline: number;
  receivedAt: number;
  /**
   * A lower bound of when the agent's hold on the contact ended: the time the decline, the hang-up or the completion
   * was sent, the offer's deadline if it was not accepted, the moment the agent's api process was killed. Infinity
   * while the agent still holds it.
   */
  safeCloseAt: number;
}

export type Capacity = Record<Channel, number>;

const HOLDING = new Set(['offered', 'connected', 'wrap-up']);
const FINAL = new Set(['completed', 'abandoned', 'expired']);
/** Changes the routing index makes before the record: the record's time is later than the real release. */
/** Longer than this between the record freeing a room and the index doing so is a fault, never "too close". */
const MAX_RELEASE_LAG_MS = 2000;
const INDEX_FIRST = new Set(['decline', 'offer-timeout', 'agent-lost']);

export function byContact(history: readonly HistoryRow[]): Map<string, HistoryRow[]> {
  const map = new Map<string, HistoryRow[]>();
  for (const row of [...history].sort((a, b) => a.seq - b.seq)) {
    const list = map.get(row.contactId) ?? [];
    list.push(row);
    map.set(row.contactId, list);
  }
  return map;
}

/** An offer as the record holds it: from the `offer` entry until the contact stopped holding the agent. */
export interface HeldInterval {
  contactId: string;
  agentId: string;
  channel: Channel;
  offerAt: number;
  offerSeq: number;
  /** When the record says the agent's hold ended (Infinity while held). */
  closeAt: number;
  closeChange: string | null;
  /** How the offer itself ended: accept, decline, offer-timeout, agent-lost, abandon... */
  offerOutcome: string | null;
  offerOutcomeAt: number;
}

export function heldIntervals(history: readonly HistoryRow[], contacts: ReadonlyMap<string, ContactRow>) {
  const intervals: HeldInterval[] = [];
  for (const [contactId, rows] of byContact(history)) {
    const contact = contacts.get(contactId);
    if (!contact) continue;
    rows.forEach((row, i) => {
      if (row.change !== 'offer' || !row.agentId) return;
      const outcome = rows.slice(i + 1).find((r) => r.from === 'offered');
      const close = rows.slice(i + 1).find((r) => !HOLDING.has(r.to));
      intervals.push({
        contactId,
        agentId: row.agentId,
        channel: contact.channel,
        offerAt: row.at,
        offerSeq: row.seq,
        closeAt: close?.at ?? Infinity,
        closeChange: close?.change ?? null,
        offerOutcome: outcome?.change ?? null,
        offerOutcomeAt: outcome?.at ?? Infinity,
      });
    });
  }
  return intervals;
}

/** Rule 1 on the record: each change starts where the last ended, and a contact is offered only from a waiting state. */
export function doubleOffersInHistory(history: readonly HistoryRow[]): string[] {
  const problems: string[] = [];
  for (const [contactId, rows] of byContact(history)) {
    rows.forEach((row, i) => {
      const previous = rows[i - 1];
      if (previous && row.from !== previous.to) {
        problems.push(
          `contact ${contactId}: entry #${row.seq} (${row.change}) starts from ${row.from}, but #${previous.seq} left it ${previous.to}`,
        );
      }
      if (row.change === 'offer' && previous && previous.to === 'offered') {
        problems.push(`contact ${contactId}: offered again at ${row.at} (#${row.seq}) with no return to queued`);
      }
    });
  }
  return problems;
}

/** Rule 1 on the sockets: no contact received by a second socket while the first could still hold it. */
export function doubleOffersOnSockets(offers: readonly SocketOffer[]): string[] {
  const problems: string[] = [];
  const grouped = new Map<string, SocketOffer[]>();
  for (const offer of offers) grouped.set(offer.contactId, [...(grouped.get(offer.contactId) ?? []), offer]);
  for (const [contactId, list] of grouped) {
    const sorted = [...list].sort((a, b) => a.receivedAt - b.receivedAt);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        if (sorted[j].receivedAt < sorted[i].safeCloseAt) {
          problems.push(
            `contact ${contactId}: agent ${sorted[j].agentId} received it at ${sorted[j].receivedAt} while agent ` +
              `${sorted[i].agentId} (received ${sorted[i].receivedAt}) held it until at least ${sorted[i].safeCloseAt}`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * Rule 2 on the record: replays every agent's offers and conversations per channel. Returns the moments over
 * capacity; `laggy` marks those that vanish when changes the index makes before the record (decline, timeout, lost
 * agent) are moved `lagMs` earlier: the record of those is written just after the index released the agent.
 */
export function overCapacityInHistory(
  intervals: readonly HeldInterval[],
  capacityOf: (agentId: string) => Capacity,
  lagMs: number,
): { problem: string; laggy: boolean }[] {
  const found: { problem: string; laggy: boolean }[] = [];
  const groups = new Map<string, HeldInterval[]>();
  for (const h of intervals) {
    const key = `${h.agentId}|${h.channel}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  for (const [key, list] of groups) {
    const [agentId, channel] = key.split('|') as [string, Channel];
    const capacity = capacityOf(agentId)[channel];
    for (const opened of list) {
      const at = opened.offerAt;
      const open = (shift: number) =>
        list.filter((h) => {
          const close = INDEX_FIRST.has(h.closeChange ?? '') ? h.closeAt - shift : h.closeAt;
          return h.offerAt <= at && close > at;
        });
      const raw = open(0);
      if (raw.length <= capacity) continue;
      const adjusted = open(lagMs);
      found.push({
        laggy: adjusted.length <= capacity,
        problem:
          `agent ${agentId} ${channel} (capacity ${capacity}) held ${raw.length} at ${at}: ` +
          raw.map((h) => `${h.contactId} [${h.offerAt}..${h.closeAt} ${h.closeChange ?? 'open'}]`).join(', '),
      });
    }
  }
  return found;
}

/** Rule 2 on the sockets: when an offer arrives, the agent's earlier holds of that channel that may still be open. */
export function overCapacityOnSockets(offers: readonly SocketOffer[], capacityOf: (agentId: string) => Capacity) {
  const problems: string[] = [];
  for (const offer of offers) {
    const open = offers.filter(
      (o) =>
        o !== offer &&
        o.agentId === offer.agentId &&
        o.channel === offer.channel &&
        o.receivedAt < offer.receivedAt &&
        o.safeCloseAt > offer.receivedAt,
    );
    const capacity = capacityOf(offer.agentId)[offer.channel];
    if (open.length + 1 > capacity) {
      problems.push(
        `agent ${offer.agentId} received ${offer.channel} ${offer.contactId} at ${offer.receivedAt} while holding ` +
          open.map((o) => `${o.contactId} (from ${o.receivedAt}, until >= ${o.safeCloseAt})`).join(', ') +
          ` (capacity ${capacity})`,
      );
    }
  }
  return problems;
}

/** Rule 3: every contact ends final, or still waits in `queued`. */
export function lostContacts(contacts: Iterable<ContactRow>, history: readonly HistoryRow[]): string[] {
  const problems: string[] = [];
  const rows = byContact(history);
  for (const contact of contacts) {
    const list = rows.get(contact.id) ?? [];
    const last = list[list.length - 1];
    if (!last) problems.push(`contact ${contact.id}: no history at all`);
    else if (last.to !== contact.state)
      problems.push(`contact ${contact.id}: row says ${contact.state}, history ends ${last.to}`);
    if (!FINAL.has(contact.state) && contact.state !== 'queued') {
      problems.push(`contact ${contact.id}: left in ${contact.state} (agent ${contact.agentId ?? '-'})`);
    }
  }
  return problems;
}

const URGENT_LEAD_MS = 1e13;
const LEVELS: Record<Exclude<Priority, 'urgent'>, number> = { high: 0, normal: 1, low: 2 };

export function rankScore(contact: Pick<ContactRow, 'priority' | 'firstArrivedAt'>, ageingMs: number): number {
  if (contact.priority === 'urgent') return contact.firstArrivedAt - URGENT_LEAD_MS;
  return contact.firstArrivedAt + LEVELS[contact.priority] * ageingMs;
}

export interface OrderViolation {
  agentId: string;
  offered: string;
  offeredAt: number;
  better: string;
  detail: string;
}

/**
 * Rule 4: when agent A was offered contact C at t, no contact B that A could serve (same queue and language, a
 * channel A had room for, not cooling down for A), ranked above C, had been waiting in `queued` since before
 * toleranceMs ahead of the index's claim on C (t where no claim is known), and still waited a moment after t (so it was not already being offered to someone else).
 */
export function orderViolations(options: {
  history: readonly HistoryRow[];
  contacts: ReadonlyMap<string, ContactRow>;
  intervals: readonly HeldInterval[];
  capacityOf: (agentId: string) => Capacity;
  ageingMs: number;
  cooldownMs: number;
  toleranceMs: number;
  /** How far the record and the index may lag each other: B must still be queued this long after t (its own claim may
   * not be recorded yet), and a release the record writes first may reach the index this much later. */
  afterMs: number;
  /**
   * When the routing index claimed each contact for an offer (the server's deadline on the socket minus the offer
   * timeout): the index decides the order, and the record writes the offer later, the later the busier the machine.
   * Without it, the record's times stand in.
   */
  claims?: ReadonlyMap<string, readonly number[]>;
}): { violations: OrderViolation[]; ambiguous: number } {
  const { contacts, intervals, capacityOf, ageingMs, cooldownMs, toleranceMs, afterMs } = options;
  /** The index's claim behind an offer the record wrote at `recordAt`: the latest claim not after it. */
  const claimedAt = (contactId: string, recordAt: number) =>
    (options.claims?.get(contactId) ?? []).filter((at) => at <= recordAt).reduce((a, b) => Math.max(a, b), -Infinity);
  const indexTime = (contactId: string, recordAt: number) => {
    const claim = claimedAt(contactId, recordAt);
    return claim === -Infinity ? recordAt : claim;
  };
  const grouped = byContact(options.history);
  // Spells of waiting in `queued`: [from, until).
  const spells = new Map<string, { from: number; until: number; fromChange: string }[]>();
  for (const [contactId, rows] of grouped) {
    const list: { from: number; until: number; fromChange: string }[] = [];
    rows.forEach((row, i) => {
      if (row.to !== 'queued') return;
      list.push({ from: row.at, until: rows[i + 1]?.at ?? Infinity, fromChange: row.change });
    });
    spells.set(contactId, list);
  }
  // Cooldowns: an agent who declined or let an offer lapse is not offered that contact again for a while.
  const cooling = new Map<string, number[]>();
  for (const h of intervals) {
    if (h.offerOutcome === 'decline' || h.offerOutcome === 'offer-timeout') {
      const key = `${h.agentId}|${h.contactId}`;
      cooling.set(key, [...(cooling.get(key) ?? []), h.offerOutcomeAt]);
    }
  }
  const byAgent = new Map<string, HeldInterval[]>();
  for (const h of intervals) byAgent.set(h.agentId, [...(byAgent.get(h.agentId) ?? []), h]);

  const violations: OrderViolation[] = [];
  let ambiguous = 0;
  for (const offer of intervals) {
    const c = contacts.get(offer.contactId)!;
    const t = offer.offerAt;
    const scoreC = rankScore(c, ageingMs);
    // A hold the record ends first (wrap-up finished, caller gone) is released in the index just after: for afterMs
    // the agent may still have looked full to routing.
    const releasedAt = (h: HeldInterval) => h.closeAt + (h.closeChange && INDEX_FIRST.has(h.closeChange) ? 0 : afterMs);
    // Whether the agent had room was decided when the index claimed C, which may be well before the record says.
    const decidedAt = Math.min(t, indexTime(c.id, t));
    // The index frees a room the record freed first somewhere between the record's close and the agent's next claim
    // on that channel (made the moment it was free). If C's claim falls in that window, the room may still have
    // looked taken: counted as held, and the case is too close to call.
    const nextClaimAfter = (channel: Channel, at: number) =>
      (byAgent.get(offer.agentId) ?? [])
        .filter((h) => h.channel === channel && h !== offer)
        .map((h) => indexTime(h.contactId, h.offerAt))
        .filter((claim) => claim >= at)
        .reduce((a, b) => Math.min(a, b), Infinity);
    const held = (channel: Channel) =>
      (byAgent.get(offer.agentId) ?? []).filter(
        (h) =>
          h !== offer &&
          h.channel === channel &&
          indexTime(h.contactId, h.offerAt) <= decidedAt &&
          (releasedAt(h) > decidedAt ||
            (!INDEX_FIRST.has(h.closeChange ?? '') &&
              h.closeAt <= decidedAt &&
              h.closeAt > decidedAt - MAX_RELEASE_LAG_MS &&
              nextClaimAfter(channel, decidedAt) <= decidedAt + afterMs)),
      ).length;
    for (const b of contacts.values()) {
      if (b.id === c.id || b.queueId !== c.queueId || b.language !== c.language) continue;
      const scoreB = rankScore(b, ageingMs);
      if (scoreB > scoreC || (scoreB === scoreC && b.id > c.id)) continue;
      // B counts only if it had been queued toleranceMs before the index chose C (the record's offer entry is later).
      const spell = spells.get(b.id)?.find((s) => s.from <= decidedAt - toleranceMs && s.until > t);
      if (!spell) continue;
      if (b.channel !== c.channel && held(b.channel) >= capacityOf(offer.agentId)[b.channel]) continue;
      const cool = cooling.get(`${offer.agentId}|${b.id}`) ?? [];
      if (cool.some((at) => at <= t + afterMs && at > t - cooldownMs)) continue;
      // B was taken (by the index, or failing that by the record) within afterMs of C: too close to call.
      if (spell.until <= t + afterMs || indexTime(b.id, spell.until) <= indexTime(c.id, t) + afterMs) {
        ambiguous++;
        continue;
      }
      violations.push({
        agentId: offer.agentId,
        offered: c.id,
        offeredAt: t,
        better: b.id,
        detail:
          `agent ${offer.agentId} got ${c.channel}/${c.priority} ${c.id} (arrived ${c.firstArrivedAt}) at ${t} while ` +
          `${b.channel}/${b.priority} ${b.id} (arrived ${b.firstArrivedAt}) waited queued since ${spell.from} ` +
          `(${spell.fromChange}, ${t - spell.from} ms) until ${spell.until}; agent's ${b.channel} holds near then: ` +
          (byAgent.get(offer.agentId) ?? [])
            .filter((h) => h.channel === b.channel && h.offerAt <= t + afterMs && h.closeAt > t - 2000)
            .map((h) => `${h.contactId.slice(0, 8)} ${h.offerAt - t}..${h.closeAt - t} ${h.closeChange}`)
            .join(', '),
      });
    }
  }
  return { violations, ambiguous };
}
