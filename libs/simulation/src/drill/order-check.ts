import type { DrillChannel, DrillPriority, DrillRecording, RecordedContact } from './drill-recording';
import {
  DEFAULT_TOLERANCES,
  INDEX_FIRST,
  MAX_RELEASE_LAG_MS,
  channelAt,
  claimBehind,
  claimsOf,
  groupBy,
  hasRoom,
  heldIntervals,
  loadOf,
  result,
  short,
  type CheckResult,
  type CheckTolerances,
} from './checks-shared';

const URGENT_LEAD_MS = 1e13;
const LEVELS: Record<Exclude<DrillPriority, 'urgent'>, number> = { high: 0, normal: 1, low: 2 };

/**
 * The queueing issue's ranking: `urgent` first always; otherwise first arrival plus one ageing period per priority
 * level below `high`; ties by arrival, then id. Lower is served first.
 */
export function rankScore(contact: { priority: DrillPriority; firstArrivedAt: number }, ageingMs: number): number {
  if (contact.priority === 'urgent') return contact.firstArrivedAt - URGENT_LEAD_MS;
  return contact.firstArrivedAt + LEVELS[contact.priority] * ageingMs;
}

const isHighRisk = (c: RecordedContact) => c.riskFlags.length > 0 || c.priority === 'urgent';

/** A spell in which a contact waited for an offer and could be offered (a callback only once due). */
interface Spell {
  from: number;
  until: number;
  change: string;
}

/**
 * Order, as the queueing issue defines it: no offer goes to agent A while another contact that A may serve (A speaks
 * its language, has room for its channel, is not cooling down from it, and counsellor care does not hold it back from
 * A), ranked higher by the rules in force (priority, ageing), has waited more than `orderToleranceMs` longer.
 * Each offer is judged at the moment the routing index claimed it (the socket's deadline minus the offer timeout),
 * which is when routing decided, rather than when the record wrote it.
 */
export function checkOrder(recording: DrillRecording, tolerances: CheckTolerances = DEFAULT_TOLERANCES): CheckResult {
  const { queue, care } = recording;
  const { orderToleranceMs, indexLagMs, cooldownMs } = tolerances;
  const contacts = new Map(recording.contacts.map((c) => [c.id, c]));
  const agents = new Map(recording.agents.map((a) => [a.agentId, a]));
  // When the index claimed each contact (server clock): the deadline the socket received, minus the offer timeout.
  const claims = claimsOf(recording);
  const indexTime = (contactId: string, recordAt: number) => claimBehind(claims, contactId, recordAt);
  const intervals = heldIntervals(recording.contacts, claims);
  const byAgent = groupBy(intervals, (h) => h.agentId);
  const notes: string[] = [];

  // Spells of waiting and offerable: queued, or callback-pending once due (window, initial delay, retry spacing).
  const spells = new Map<string, Spell[]>();
  for (const contact of recording.contacts) {
    const list: Spell[] = [];
    let retries = 0;
    contact.history.forEach((row, i) => {
      if (row.change === 'callback-retry') retries += 1;
      if (row.to !== 'queued' && row.to !== 'callback-pending') return;
      let from = row.at;
      if (row.change === 'request-callback') from += queue.callbackInitialDelayMs;
      if (row.change === 'callback-retry') {
        const delays = queue.callbackRetryDelaysMs;
        from += delays[Math.min(retries - 1, delays.length - 1)] ?? 0;
      }
      const until = contact.history[i + 1]?.at ?? Infinity;
      if (from < until) list.push({ from, until, change: row.change });
    });
    spells.set(contact.id, list);
  }
  // A contact whose rank changed (an overdue callback's boost, a merge) is judged only after its last change.
  const rerankedAt = new Map<string, number>();
  for (const contact of recording.contacts) {
    const last = contact.history.filter((h) => h.change === 'rerank').at(-1);
    if (last) rerankedAt.set(contact.id, last.at);
  }
  // Declines and lapses: the agent is not offered that contact again for a while.
  const cooling = new Map<string, number[]>();
  for (const h of intervals) {
    if (h.outcome && (h.outcome.change === 'decline' || h.outcome.change === 'offer-timeout')) {
      const key = `${h.agentId}|${h.contactId}`;
      cooling.set(key, [...(cooling.get(key) ?? []), h.outcome.at]);
    }
  }
  // Counsellor care: the agent's run of high-risk contacts taken in a row, plus high-risk offers they hold open.
  const accepts = new Map<string, { at: number; highRisk: boolean }[]>();
  for (const contact of recording.contacts) {
    for (const row of contact.history) {
      if (row.change !== 'accept' || !row.agentId) continue;
      accepts.set(row.agentId, [...(accepts.get(row.agentId) ?? []), { at: row.at, highRisk: isHighRisk(contact) }]);
    }
  }
  const streakAt = (agentId: string, at: number) => {
    const taken = (accepts.get(agentId) ?? []).filter((a) => a.at < at).sort((a, b) => a.at - b.at);
    let streak = 0;
    for (let i = taken.length - 1; i >= 0 && taken[i].highRisk; i--) streak += 1;
    const openHighRisk = (byAgent.get(agentId) ?? []).filter(
      (h) =>
        h.offerAt < at &&
        (h.outcome?.at ?? Infinity) > at &&
        isHighRisk(contacts.get(h.contactId)!) &&
        h.outcome?.change !== 'accept',
    ).length;
    return streak + openHighRisk;
  };

  const violations: string[] = [];
  let tooClose = 0;
  let notJudged = 0;
  for (const offer of intervals) {
    const agent = agents.get(offer.agentId);
    const c = contacts.get(offer.contactId);
    if (!agent || !c) continue;
    const t = offer.offerAt;
    if ((rerankedAt.get(c.id) ?? -Infinity) > t) {
      notJudged += 1;
      continue;
    }
    const scoreC = rankScore(c, queue.ageingMs);
    const decidedAt = Math.min(t, indexTime(c.id, t));
    const mine = byAgent.get(offer.agentId) ?? [];
    const nextClaimAfter = (channel: DrillChannel, at: number) =>
      mine
        .filter((h) => h.channel === channel && h !== offer)
        .map((h) => indexTime(h.contactId, h.offerAt))
        .filter((claim) => claim >= at)
        .reduce((a, b) => Math.min(a, b), Infinity);
    // What the agent held when routing decided: a room the record freed first may reach the index up to indexLagMs
    // later, or (within MAX_RELEASE_LAG_MS) not until the agent's next claim on that channel.
    const heldThen = mine.filter((h) => {
      if (h === offer || indexTime(h.contactId, h.offerAt) > decidedAt) return false;
      const indexFirst = INDEX_FIRST.has(h.closeChange ?? '');
      if (h.closeAt + (indexFirst ? 0 : indexLagMs) > decidedAt) return true;
      return (
        !indexFirst &&
        h.closeAt > decidedAt - MAX_RELEASE_LAG_MS &&
        nextClaimAfter(h.channel, decidedAt) <= decidedAt + indexLagMs
      );
    });
    const load = loadOf(heldThen);
    for (const b of recording.contacts) {
      if (b.id === c.id || !agent.languages.includes(b.language)) continue;
      if ((rerankedAt.get(b.id) ?? -Infinity) > decidedAt) continue;
      const scoreB = rankScore(b, queue.ageingMs);
      if (scoreB > scoreC || (scoreB === scoreC && b.id > c.id)) continue;
      const spell = spells.get(b.id)?.find((s) => s.from <= decidedAt - orderToleranceMs && s.until > t);
      if (!spell) continue;
      const channelB = channelAt(b, decidedAt);
      if (!hasRoom(load, agent.capacity, channelB, queue.voiceBlocksChat)) continue;
      if ((cooling.get(`${offer.agentId}|${b.id}`) ?? []).some((at) => at <= t + indexLagMs && at > t - cooldownMs))
        continue;
      if (
        isHighRisk(b) &&
        care.highRiskCap > 0 &&
        streakAt(offer.agentId, decidedAt) >= care.highRiskCap &&
        decidedAt - b.firstArrivedAt < care.capOverrideAfterMs
      )
        continue;
      // B was taken (by the index, or failing that by the record) within indexLagMs of C: too close to call.
      if (spell.until <= t + indexLagMs || indexTime(b.id, spell.until) <= decidedAt + indexLagMs) {
        tooClose += 1;
        continue;
      }
      violations.push(
        `agent ${short(offer.agentId)} was offered ${channelAt(c, t)}/${c.priority} ${short(c.id)} ` +
          `(arrived ${c.firstArrivedAt}) at ${t} (claimed ${decidedAt}) while ${channelB}/${b.priority} ${short(b.id)} ` +
          `(arrived ${b.firstArrivedAt}, ranked ahead by ${Math.round(scoreC - scoreB)} ms) had waited since ` +
          `${spell.from} (${spell.change}, ${decidedAt - spell.from} ms before the claim) until ${spell.until}`,
      );
    }
  }
  if (notJudged > 0) notes.push(`${notJudged} offer(s) made before the contact's rank changed were not judged`);
  if (care.highRiskCap > 0)
    notes.push(
      `counsellor care in force: high-risk contacts may pass over agents at ${care.highRiskCap} in a row ` +
        `for ${care.capOverrideAfterMs} ms`,
    );
  return result('order', intervals.length, violations, tooClose, notes);
}
