import { HOLDING_STATES, type DrillRecording } from './drill-recording';
import {
  DEFAULT_TOLERANCES,
  INDEX_FIRST,
  claimsOf,
  groupBy,
  hasRoom,
  heldIntervals,
  loadOf,
  result,
  short,
  type CheckResult,
  type CheckTolerances,
  type HeldInterval,
} from './checks-shared';

/**
 * No contact was offered or connected to two agents at once, and no agent held more than their capacity per channel
 * (the phone counting as one): on the record, replaying every agent's holds, and on the sockets, from what each agent
 * still held. Each offer is judged at the routing index's claim, which is when routing decided: the record writes
 * offers (and the sockets receive them) later, and not always in the order they were claimed.
 */
export function checkNoDoubleBooking(
  recording: DrillRecording,
  tolerances: CheckTolerances = DEFAULT_TOLERANCES,
): CheckResult {
  const problems: string[] = [];
  let tooClose = 0;
  // One contact, one agent at a time, on the record.
  for (const contact of recording.contacts) {
    let offeredTo: string | null = null;
    contact.history.forEach((row, i) => {
      const previous = contact.history[i - 1];
      if (row.change === 'offer') {
        if (previous && HOLDING_STATES.has(previous.to))
          problems.push(
            `contact ${contact.id}: offered to ${short(row.agentId ?? '?')} at ${row.at} while ${previous.to}` +
              (previous.agentId ? ` with ${short(previous.agentId)}` : ''),
          );
        offeredTo = row.agentId;
      }
      if (row.change === 'accept' && row.agentId !== offeredTo)
        problems.push(
          `contact ${contact.id}: connected to ${short(row.agentId ?? '?')} at ${row.at}, offered to ${short(offeredTo ?? '?')}`,
        );
    });
  }
  // Capacity on the record.
  const capacityOf = new Map(recording.agents.map((a) => [a.agentId, a.capacity]));
  const vbc = recording.queue.voiceBlocksChat;
  const byAgent = groupBy(heldIntervals(recording.contacts, claimsOf(recording)), (h) => h.agentId);
  // When the agent let go of each offer, by its own account (server clock): a decline the index took may never reach
  // the record (the caller hung up in between, and the record says abandon, later).
  const letGo = new Map(
    recording.offers.map((o) => [
      `${o.agentId}|${o.contactId}|${o.deadline - recording.queue.offerTimeoutMs}`,
      o.releasedAt + recording.clockOffsetMs,
    ]),
  );
  const releasedBy = (h: HeldInterval) =>
    Math.min(
      INDEX_FIRST.has(h.closeChange ?? '') ? h.closeAt - tolerances.recordLagMs : h.closeAt,
      letGo.get(`${h.agentId}|${h.contactId}|${h.claimAt}`) ?? Infinity,
    );
  let holds = 0;
  for (const [agentId, list] of byAgent) {
    const capacity = capacityOf.get(agentId);
    if (!capacity) continue;
    for (const opened of list) {
      holds += 1;
      const at = opened.claimAt;
      // Held for certain when the index claimed `opened`: claimed clearly before, and let go after, by the record and
      // by the agent. A change the index makes before the record (a decline, a lapse) was let go up to recordLagMs
      // before the record says.
      const surely = list.filter(
        (h) => h !== opened && h.claimAt <= at - tolerances.claimOrderMs && releasedBy(h) > at,
      );
      const maybe = list.filter((h) => h !== opened && h.claimAt <= at && h.closeAt > at);
      if (hasRoom(loadOf(surely), capacity, opened.channel, vbc)) {
        if (!hasRoom(loadOf(maybe), capacity, opened.channel, vbc)) tooClose += 1;
        continue;
      }
      problems.push(
        `agent ${short(agentId)} was offered ${opened.channel} ${short(opened.contactId)} (claimed ${at}) while ` +
          `holding ${surely.map((h) => `${h.channel} ${short(h.contactId)} [claimed ${h.claimAt}..${h.closeAt}]`).join(', ')}` +
          ` (capacity ${JSON.stringify(capacity)})`,
      );
    }
  }
  const sockets = socketDoubleBookings(recording, tolerances);
  problems.push(...sockets.problems);
  return result('no-double-booking', holds + recording.offers.length, problems, tooClose + sockets.tooClose);
}

/**
 * On the sockets: an offer that arrived while another agent still held the same contact, or that the index claimed
 * while the agent still held what it conflicts with (an offer the agent had not yet let go of, by its own account).
 */
export function socketDoubleBookings(
  recording: DrillRecording,
  tolerances: CheckTolerances = DEFAULT_TOLERANCES,
): { problems: string[]; tooClose: number } {
  const problems: string[] = [];
  let tooClose = 0;
  const offset = recording.clockOffsetMs;
  const claimOf = (o: { deadline: number }) => o.deadline - recording.queue.offerTimeoutMs;
  const capacityOf = new Map(recording.agents.map((a) => [a.agentId, a.capacity]));
  for (const [contactId, list] of groupBy(recording.offers, (o) => o.contactId)) {
    const sorted = [...list].sort((a, b) => a.receivedAt - b.receivedAt);
    sorted.forEach((later, j) => {
      for (const earlier of sorted.slice(0, j)) {
        if (later.receivedAt < earlier.releasedAt)
          problems.push(
            `contact ${contactId}: agent ${short(later.agentId)} received it at ${later.receivedAt} while agent ` +
              `${short(earlier.agentId)} (received ${earlier.receivedAt}) held it until at least ${earlier.releasedAt}`,
          );
      }
    });
  }
  const vbc = recording.queue.voiceBlocksChat;
  for (const offer of recording.offers) {
    const capacity = capacityOf.get(offer.agentId);
    if (!capacity) continue;
    const at = claimOf(offer);
    // Still held when the index claimed `offer`: the agent let go of it (by its own clock) only after the claim.
    const heldAt = (o: (typeof recording.offers)[number]) => o.releasedAt + offset > at;
    const mine = recording.offers.filter((o) => o !== offer && o.agentId === offer.agentId && heldAt(o));
    const surely = mine.filter((o) => claimOf(o) <= at - tolerances.claimOrderMs);
    if (hasRoom(loadOf(surely), capacity, offer.channel, vbc)) {
      if (!hasRoom(loadOf(mine.filter((o) => claimOf(o) <= at)), capacity, offer.channel, vbc)) tooClose += 1;
      continue;
    }
    problems.push(
      `agent ${short(offer.agentId)} received ${offer.channel} ${short(offer.contactId)} (claimed ${at}) while ` +
        `holding ${surely.map((o) => `${o.channel} ${short(o.contactId)} (claimed ${claimOf(o)}, until >= ${o.releasedAt})`).join(', ')}`,
    );
  }
  return { problems, tooClose };
}
