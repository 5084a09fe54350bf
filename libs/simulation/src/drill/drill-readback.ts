import type { ScopeFigures, SupervisorSnapshot } from '@tuki/contracts';
import { inBatches, sleep, type DrillHttp } from './drill-client';
import { abandonedWaiting, answeredLive } from './drill-figures';
import { liveBetween, type LiveSample } from './live-figures';
import type { DrillPriority, HistoryEntry, RecordedCallback, RecordedContact } from './drill-recording';
import type { SimulatedCaller } from './simulated-caller';

/** How long the live metrics get to count what the record holds. */
const SETTLE_MS = 10_000;

interface ContactView {
  id: string;
  channel: 'voice' | 'chat' | 'callback';
  language: string;
  priority: DrillPriority;
  riskFlags: string[];
  state: string;
  agentId: string | null;
  firstArrivedAt: number;
}

type Token = () => Promise<string>;

/**
 * The record of every contact the drill made, as supervisors' routes give it (`GET /contacts/:id` and its history),
 * and the callbacks they became (`GET /callbacks/:id`).
 */
export async function readRecord(
  http: DrillHttp,
  token: Token,
  callers: readonly SimulatedCaller[],
): Promise<{ contacts: RecordedContact[]; callbacks: RecordedCallback[] }> {
  const made = callers.filter((c): c is SimulatedCaller & { contactId: string } => c.contactId !== undefined);
  const contacts = await inBatches(made, 8, async (caller): Promise<RecordedContact> => {
    const [view, history] = await Promise.all([
      http.request<ContactView>('GET', `/contacts/${caller.contactId}`, { token, label: 'record' }),
      http.request<HistoryEntry[]>('GET', `/contacts/${caller.contactId}/history`, { token, label: 'record' }),
    ]);
    return {
      id: view.id,
      arrivedOn: caller.script.channel,
      channel: view.channel,
      language: view.language,
      priority: view.priority,
      riskFlags: view.riskFlags,
      state: view.state,
      agentId: view.agentId,
      firstArrivedAt: view.firstArrivedAt,
      history: history.map(({ at, from, to, change, agentId, reason }) => ({ at, from, to, change, agentId, reason })),
    };
  });
  const callbacks = await inBatches(
    contacts.filter((c) => c.channel === 'callback'),
    8,
    async (c): Promise<RecordedCallback> => {
      const view = await http.request<RecordedCallback>('GET', `/callbacks/${c.id}`, { token, label: 'record' });
      return {
        id: view.id,
        status: view.status,
        requestedAt: view.requestedAt,
        closedAt: view.closedAt,
        nextAttemptAt: view.nextAttemptAt,
        promisedBy: view.promisedBy,
        attempts: view.attempts.map(({ attempt, agentId, startedAt, endedAt, outcome }) => ({
          attempt,
          agentId,
          startedAt,
          endedAt,
          outcome,
        })),
      };
    },
  );
  return { contacts, callbacks };
}

/** The live figures of the drill's queue (`GET /supervision/snapshot`), or null when the snapshot has no such scope. */
export async function liveFigures(http: DrillHttp, token: Token, queueId: string): Promise<ScopeFigures | null> {
  const snapshot = await http.request<SupervisorSnapshot>('GET', '/supervision/snapshot', { token, label: 'snapshot' });
  return snapshot.queues.find((q) => q.key === `queue:${queueId}`) ?? null;
}

/**
 * The last live sample, taken once the live metrics count every contact, answer, hang-up and callback the record
 * holds (they fold events as the outbox relays them), or after SETTLE_MS.
 */
export async function settledSample(
  http: DrillHttp,
  token: Token,
  queueId: string,
  first: LiveSample | undefined,
  record: { contacts: RecordedContact[]; callbacks: RecordedCallback[] },
): Promise<LiveSample> {
  const until = Date.now() + SETTLE_MS;
  const answered = record.contacts.filter((c) => answeredLive(c)).length;
  const abandoned = record.contacts.filter(abandonedWaiting).length;
  for (;;) {
    const sample: LiveSample = { at: Date.now(), queue: await liveFigures(http, token, queueId).catch(() => null) };
    const live = liveBetween(0, first, sample, 1);
    const counted =
      live !== null &&
      live.arrivals >= record.contacts.length &&
      live.answered >= answered &&
      live.abandoned >= abandoned &&
      live.callbacksRequested >= record.callbacks.length;
    if (counted || Date.now() > until) return sample;
    await sleep(250);
  }
}

/** Server clock minus drill clock, from the snapshot's build time at the round trip's middle (best of five). */
export async function measureClockOffset(http: DrillHttp, token: Token): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const sent = Date.now();
    const snapshot = await http.request<SupervisorSnapshot>('GET', '/supervision/snapshot', {
      token,
      label: 'snapshot',
    });
    const rtt = Date.now() - sent;
    if (rtt < best.rtt) best = { rtt, offset: snapshot.generatedAt - (sent + rtt / 2) };
  }
  return Math.round(best.offset);
}
