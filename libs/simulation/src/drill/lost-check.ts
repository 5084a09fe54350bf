import { FINAL_STATES, type DrillRecording, type ReceivedOffer } from './drill-recording';
import { heldIntervals, result, short, type CheckResult, type HeldInterval } from './checks-shared';

/** The callback status that goes with a callback contact's final state. */
const CALLBACK_STATUS_OF: Record<string, string | undefined> = {
  completed: 'completed',
  expired: 'expired',
  abandoned: 'cancelled',
};

/**
 * Every contact the drill made reached an end (completed, abandoned, expired, merged into an open callback of its
 * number), or is a callback still waiting with a reason (its next attempt after the drill's end); its history runs
 * without a gap and ends where the record is. Every offer an agent received is one the record made to that agent, and
 * every offer the record made to a drill agent reached its socket and ended the way the agent saw it end.
 */
export function checkNothingLost(recording: DrillRecording): CheckResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const callbacks = new Map(recording.callbacks.map((c) => [c.id, c]));
  let pending = 0;
  for (const failed of recording.failedIntakes) {
    problems.push(`caller #${failed.caller}: never became a contact (${failed.error})`);
  }
  for (const contact of recording.contacts) {
    const rows = contact.history;
    const last = rows.at(-1);
    if (!last) {
      problems.push(`contact ${contact.id}: no history at all`);
      continue;
    }
    rows.forEach((row, i) => {
      const previous = rows[i - 1];
      if (previous ? row.from !== previous.to : row.from !== null)
        problems.push(
          `contact ${contact.id}: entry ${i} (${row.change}) starts from ${row.from ?? 'nothing'}, ` +
            `but the history left it ${previous?.to ?? 'not yet created'}`,
        );
    });
    if (last.to !== contact.state)
      problems.push(`contact ${contact.id}: the record says ${contact.state}, its history ends ${last.to}`);
    const callback = callbacks.get(contact.id);
    if (contact.channel === 'callback' && !callback)
      problems.push(`contact ${contact.id}: a callback the callbacks API does not know`);
    if (FINAL_STATES.has(contact.state)) {
      const expected = CALLBACK_STATUS_OF[contact.state];
      if (callback && expected && callback.status !== expected)
        problems.push(`callback ${contact.id}: the contact is ${contact.state} but the callback is ${callback.status}`);
      continue;
    }
    if (contact.state === 'callback-pending' && callback?.status === 'open') {
      pending += 1;
      continue;
    }
    problems.push(
      `contact ${contact.id}: left ${contact.state}` +
        (contact.agentId ? ` with agent ${short(contact.agentId)}` : '') +
        (callback ? ` (callback ${callback.status})` : ''),
    );
  }
  if (pending > 0)
    notes.push(`${pending} callback(s) still waiting for a later attempt when the drill ended (not lost: pending)`);
  problems.push(...unaccountedOffers(recording));
  return result('nothing-lost', recording.contacts.length + recording.offers.length, problems, 0, notes);
}

/** Offers on the sockets and offers in the record, matched per agent and contact in order. */
export function unaccountedOffers(recording: DrillRecording): string[] {
  const problems: string[] = [];
  const drillAgents = new Set(recording.agents.map((a) => a.agentId));
  const contacts = new Map(recording.contacts.map((c) => [c.id, c]));
  const recorded = new Map<string, HeldInterval[]>();
  for (const h of heldIntervals(recording.contacts)) {
    if (!drillAgents.has(h.agentId)) continue;
    const key = `${h.agentId}|${h.contactId}`;
    recorded.set(key, [...(recorded.get(key) ?? []), h]);
  }
  const received = new Map<string, ReceivedOffer[]>();
  for (const offer of [...recording.offers].sort((a, b) => a.receivedAt - b.receivedAt)) {
    if (!contacts.has(offer.contactId)) {
      problems.push(`agent ${short(offer.agentId)} was offered ${offer.contactId}, a contact the drill did not make`);
      continue;
    }
    const key = `${offer.agentId}|${offer.contactId}`;
    received.set(key, [...(received.get(key) ?? []), offer]);
  }
  for (const key of new Set([...recorded.keys(), ...received.keys()])) {
    const [agentId, contactId] = key.split('|');
    const inRecord = recorded.get(key) ?? [];
    const onSocket = received.get(key) ?? [];
    for (let i = 0; i < Math.max(inRecord.length, onSocket.length); i++) {
      const held = inRecord[i];
      const offer = onSocket[i];
      const who = `agent ${short(agentId)}, contact ${contactId}`;
      if (!offer) {
        problems.push(`${who}: the record offered it at ${held.offerAt} but the agent's socket never received it`);
        continue;
      }
      if (!held) {
        problems.push(`${who}: the socket received an offer (sent ${offer.sentAt}) the record has no offer for`);
        continue;
      }
      if (!held.outcome) {
        problems.push(`${who}: the offer of ${held.offerAt} never ended in the record`);
        continue;
      }
      const acceptedInRecord = held.outcome.change === 'accept';
      if (offer.end === 'open') problems.push(`${who}: the agent still held the offer when the drill ended`);
      else if ((offer.end === 'accepted') !== acceptedInRecord)
        problems.push(
          `${who}: the agent saw the offer ${offer.end}${offer.endReason ? ` (${offer.endReason})` : ''}, ` +
            `the record ended it by ${held.outcome.change}`,
        );
      // A decline races the caller's hang-up (the record then says abandon), but never a lapse or a lost agent: the
      // agent answered in time and was there.
      else if (offer.end === 'declined' && ['offer-timeout', 'agent-lost'].includes(held.outcome.change))
        problems.push(`${who}: declined by the agent, ended by ${held.outcome.change} in the record`);
    }
  }
  return problems;
}
