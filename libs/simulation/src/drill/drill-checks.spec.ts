import { checkNoDoubleBooking, checkNothingLost, checkOrder, hasRoom, runChecks } from './drill-checks';
import type { DrillPriority, DrillRecording, HistoryEntry, ReceivedOffer, RecordedContact } from './drill-recording';

const T0 = 1_800_000_000_000;
const OFFER_TIMEOUT_MS = 5000;
const ANNA = 'a0000000-anna';
const BO = 'b0000000-bo';

/** Builds a recording the way a drill would: contacts through their states, offers as the agents' sockets saw them. */
class Run {
  readonly contacts: RecordedContact[] = [];
  readonly offers: ReceivedOffer[] = [];
  readonly recording: DrillRecording = {
    queue: {
      id: 'q',
      ageingMs: 30_000,
      offerTimeoutMs: OFFER_TIMEOUT_MS,
      voiceBlocksChat: true,
      callbackInitialDelayMs: 0,
      callbackRetryDelaysMs: [60_000],
    },
    care: { highRiskCap: 0, capOverrideAfterMs: 0 },
    agents: [
      { agentId: ANNA, languages: ['qaa'], capacity: { voice: 1, chat: 2, callback: 1 } },
      { agentId: BO, languages: ['qaa', 'qab'], capacity: { voice: 1, chat: 2, callback: 1 } },
    ],
    contacts: this.contacts,
    callbacks: [],
    offers: this.offers,
    failedIntakes: [],
    clockOffsetMs: 0,
  };

  arrive(
    id: string,
    at: number,
    fields: { channel?: 'voice' | 'chat'; priority?: DrillPriority; language?: string; riskFlags?: string[] } = {},
  ): RecordedContact {
    const contact: RecordedContact = {
      id,
      arrivedOn: fields.channel ?? 'voice',
      channel: fields.channel ?? 'voice',
      language: fields.language ?? 'qaa',
      priority: fields.priority ?? 'normal',
      riskFlags: fields.riskFlags ?? [],
      state: 'queued',
      agentId: null,
      firstArrivedAt: T0 + at,
      history: [],
    };
    this.contacts.push(contact);
    this.row(contact, at, 'queued', 'created', null);
    return contact;
  }

  /** Offered at `at`, accepted `answerMs` later, talked `talkMs`, wrapped up `wrapMs`: completed. */
  serve(contact: RecordedContact, agentId: string, at: number, talkMs = 5000, wrapMs = 1000, answerMs = 50) {
    const offer = this.offer(contact, agentId, at);
    this.row(contact, at + answerMs, 'connected', 'accept', agentId);
    this.row(contact, at + answerMs + talkMs, 'wrap-up', 'end-conversation', agentId);
    this.row(contact, at + answerMs + talkMs + wrapMs, 'completed', 'finish-wrap-up', agentId);
    offer.end = 'accepted';
    offer.releasedAt = T0 + at + answerMs + talkMs + wrapMs - 5;
    return offer;
  }

  offer(contact: RecordedContact, agentId: string, at: number): ReceivedOffer {
    this.row(contact, at, 'offered', 'offer', agentId);
    const offer: ReceivedOffer = {
      agentId,
      contactId: contact.id,
      channel: contact.channel,
      deadline: T0 + at + OFFER_TIMEOUT_MS,
      sentAt: T0 + at,
      receivedAt: T0 + at + 3,
      end: 'open',
      endReason: null,
      releasedAt: Infinity,
    };
    this.offers.push(offer);
    return offer;
  }

  abandon(contact: RecordedContact, at: number) {
    this.row(contact, at, 'abandoned', 'abandon', null);
  }

  row(contact: RecordedContact, at: number, to: string, change: string, agentId: string | null) {
    const entry: HistoryEntry = {
      at: T0 + at,
      from: contact.history.at(-1)?.to ?? null,
      to,
      change,
      agentId,
      reason: null,
    };
    contact.history.push(entry);
    contact.state = to;
    contact.agentId = ['offered', 'connected', 'wrap-up'].includes(to) ? agentId : null;
  }
}

const passedOf = (recording: DrillRecording) => Object.fromEntries(runChecks(recording).map((c) => [c.name, c.passed]));

/** Two agents serving four callers in arrival order, one caller hanging up: everything holds. */
function goodRun(): Run {
  const run = new Run();
  const c1 = run.arrive('c1', 0);
  const c2 = run.arrive('c2', 100, { channel: 'chat' });
  const c3 = run.arrive('c3', 200);
  const c4 = run.arrive('c4', 300);
  run.serve(c1, ANNA, 10);
  run.serve(c2, BO, 110);
  // c3 waits for a room: Anna is on the phone until 6,060, Bo takes a second chat but no call while chatting.
  run.serve(c3, ANNA, 6100);
  run.abandon(c4, 4000);
  return run;
}

describe('the drill checks', () => {
  it('pass a run where every caller ended, nobody held too much and callers were served in order', () => {
    const results = runChecks(goodRun().recording);
    expect(results.map((r) => [r.name, r.passed, r.problems])).toEqual([
      ['nothing-lost', true, []],
      ['no-double-booking', true, []],
      ['order', true, []],
    ]);
    expect(results.every((r) => r.examined > 0)).toBe(true);
  });

  describe('nothing lost', () => {
    it('fails a contact left waiting, naming it', () => {
      const run = goodRun();
      run.arrive('c5', 7000);
      const lost = checkNothingLost(run.recording);
      expect(lost.passed).toBe(false);
      expect(lost.problems).toEqual(['contact c5: left queued']);
    });

    it('fails a contact left with an agent, and a caller whose contact was never made', () => {
      const run = goodRun();
      const c5 = run.arrive('c5', 7000);
      run.offer(c5, BO, 7100);
      run.row(c5, 7150, 'connected', 'accept', BO);
      run.recording.failedIntakes.push({ caller: 9, error: 'HTTP 503' });
      const lost = checkNothingLost(run.recording);
      expect(lost.problems).toEqual([
        'caller #9: never became a contact (HTTP 503)',
        'contact c5: left connected with agent b0000000',
        expect.stringContaining('still held the offer when the drill ended'),
      ]);
    });

    it('fails a history with a gap, or one that disagrees with the record', () => {
      const run = goodRun();
      const c1 = run.contacts[0];
      c1.history.splice(3, 1); // the end of the conversation is missing
      run.contacts[3].state = 'queued';
      const lost = checkNothingLost(run.recording);
      expect(lost.problems).toEqual([
        'contact c1: entry 3 (finish-wrap-up) starts from wrap-up, but the history left it connected',
        'contact c4: the record says queued, its history ends abandoned',
        'contact c4: left queued',
      ]);
    });

    it('fails an offer the record made that the agent never received, and one received that the record never made', () => {
      const run = goodRun();
      run.offers.splice(1, 1); // Bo's socket missed c2
      run.offers.push({
        ...run.offers[0],
        contactId: 'c4',
        receivedAt: T0 + 350,
        end: 'refused',
        releasedAt: T0 + 350,
      });
      const lost = checkNothingLost(run.recording);
      expect(lost.problems).toEqual([
        expect.stringMatching(/agent b0000000, contact c2: the record offered it at .* never received it/),
        expect.stringMatching(/agent a0000000, contact c4: the socket received an offer .* no offer for/),
      ]);
    });

    it('accepts a decline that raced the hang-up, not one the record says lapsed', () => {
      const run = goodRun();
      const c5 = run.arrive('c5', 20_000);
      const offer = run.offer(c5, BO, 20_100);
      offer.end = 'declined';
      offer.releasedAt = T0 + 20_150;
      run.abandon(c5, 20_160);
      expect(checkNothingLost(run.recording).problems).toEqual([]);
      c5.history.splice(-1, 1, { ...c5.history.at(-1)!, to: 'queued', change: 'offer-timeout' });
      c5.state = 'queued';
      expect(checkNothingLost(run.recording).problems).toEqual([
        'contact c5: left queued',
        'agent b0000000, contact c5: declined by the agent, ended by offer-timeout in the record',
      ]);
    });

    it('fails an offer the agent saw end otherwise than the record ended it', () => {
      const run = goodRun();
      run.offers[0].end = 'withdrawn';
      run.offers[0].endReason = 'caller-left';
      expect(checkNothingLost(run.recording).problems).toEqual([
        'agent a0000000, contact c1: the agent saw the offer withdrawn (caller-left), the record ended it by accept',
      ]);
    });

    it('counts a callback waiting for its next attempt as pending, not lost, and a contact nobody knows as lost', () => {
      const run = goodRun();
      const cb = run.arrive('cb1', 500);
      run.row(cb, 600, 'callback-pending', 'request-callback', null);
      cb.channel = 'callback';
      const attempt = run.offer(cb, BO, 7000);
      attempt.channel = 'callback';
      run.row(cb, 7050, 'connected', 'accept', BO);
      run.row(cb, 7500, 'callback-pending', 'callback-retry', BO);
      attempt.end = 'accepted';
      attempt.releasedAt = T0 + 7490;
      run.recording.callbacks.push({
        id: 'cb1',
        status: 'open',
        requestedAt: T0 + 600,
        closedAt: null,
        nextAttemptAt: T0 + 67_500,
        promisedBy: T0 + 900_000,
        attempts: [{ attempt: 1, agentId: BO, startedAt: T0 + 7060, endedAt: T0 + 7500, outcome: 'no-answer' }],
      });
      const pending = checkNothingLost(run.recording);
      expect(pending).toMatchObject({ passed: true, problems: [] });
      expect(pending.notes[0]).toMatch(/^1 callback\(s\) still waiting/);

      run.recording.callbacks[0].status = 'expired';
      expect(checkNothingLost(run.recording).problems).toEqual([
        'contact cb1: left callback-pending (callback expired)',
      ]);
    });
  });

  describe('nobody double-booked', () => {
    it('fails a second call offered to an agent on the phone, on the record and on the socket', () => {
      const run = new Run();
      run.serve(run.arrive('c1', 0), ANNA, 10); // Anna talks to c1 from 60 until 6,060
      const c5 = run.arrive('c5', 400);
      run.serve(c5, ANNA, 1000);
      const result = checkNoDoubleBooking(run.recording);
      expect(result.passed).toBe(false);
      expect(result.problems).toEqual([
        expect.stringMatching(/^agent a0000000 was offered voice c5 \(claimed \d+\) while holding voice c1/),
        expect.stringMatching(/^agent a0000000 received voice c5 \(claimed \d+\) while holding voice c1/),
      ]);
    });

    it('fails a chat offered to an agent on the phone when voice blocks chat, and passes it when it does not', () => {
      const run = new Run();
      run.serve(run.arrive('c1', 0), ANNA, 10);
      const c5 = run.arrive('c5', 400, { channel: 'chat' });
      run.serve(c5, ANNA, 1000);
      expect(checkNoDoubleBooking(run.recording).passed).toBe(false);
      run.recording.queue.voiceBlocksChat = false;
      expect(checkNoDoubleBooking(run.recording).passed).toBe(true);
    });

    it('fails a contact offered to a second agent while the first still had it', () => {
      const run = goodRun();
      const c5 = run.arrive('c5', 20_000);
      run.offer(c5, ANNA, 20_100);
      run.offer(c5, BO, 20_200);
      const result = checkNoDoubleBooking(run.recording);
      expect(result.problems).toEqual([
        expect.stringMatching(/^contact c5: offered to b0000000 at \d+ while offered with a0000000/),
        expect.stringMatching(/^contact c5: agent b0000000 received it at \d+ while agent a0000000/),
      ]);
    });

    it('fails a connection to an agent other than the one offered', () => {
      const run = goodRun();
      const c5 = run.arrive('c5', 20_000);
      run.offer(c5, ANNA, 20_100).end = 'refused';
      run.row(c5, 20_150, 'connected', 'accept', BO);
      expect(checkNoDoubleBooking(run.recording).problems).toEqual([
        expect.stringMatching(/^contact c5: connected to b0000000 at \d+, offered to a0000000/),
      ]);
    });

    it('calls an overlap the record shows only because a decline is written after the index released it too close to call', () => {
      const run = goodRun();
      const c5 = run.arrive('c5', 20_000);
      const c6 = run.arrive('c6', 20_001);
      const declined = run.offer(c5, ANNA, 20_100);
      run.row(c5, 20_900, 'queued', 'decline', ANNA); // written 400 ms after the index let Anna go
      declined.end = 'declined';
      declined.releasedAt = T0 + 20_400;
      run.serve(c6, ANNA, 20_500);
      run.serve(c5, BO, 20_950);
      const result = checkNoDoubleBooking(run.recording);
      expect(result).toMatchObject({ passed: true, tooClose: 1 });
    });

    it("judges each offer at the index's claim, not when the record wrote it or the socket received it", () => {
      // The index claimed the chat, then the call (legal: a chat does not block the phone); the record and the socket
      // have them the other way round (a call, then a chat while on the phone).
      const run = new Run();
      const call = run.serve(run.arrive('call', 0), ANNA, 100);
      const chat = run.serve(run.arrive('chat', 0, { channel: 'chat' }), ANNA, 130);
      chat.deadline = T0 + 60 + OFFER_TIMEOUT_MS;
      call.deadline = T0 + 90 + OFFER_TIMEOUT_MS;
      expect(checkNoDoubleBooking(run.recording)).toMatchObject({ passed: true, tooClose: 0 });
      // Claimed in the same instant: which came first cannot be told.
      chat.deadline = call.deadline;
      expect(checkNoDoubleBooking(run.recording)).toMatchObject({ passed: true, tooClose: 2 });
      // The call clearly first: the chat while on the phone is a fault.
      chat.deadline = call.deadline + 200;
      expect(checkNoDoubleBooking(run.recording).passed).toBe(false);
    });

    it('knows the phone is one: no call while on a callback', () => {
      expect(hasRoom({ voice: 0, chat: 0, callback: 1 }, { voice: 1, chat: 2, callback: 1 }, 'voice', true)).toBe(
        false,
      );
      expect(hasRoom({ voice: 0, chat: 1, callback: 0 }, { voice: 1, chat: 2, callback: 1 }, 'chat', true)).toBe(true);
      expect(hasRoom({ voice: 0, chat: 2, callback: 0 }, { voice: 1, chat: 2, callback: 1 }, 'chat', true)).toBe(false);
    });
  });

  describe('order', () => {
    /** Anna free from the start; two callers waiting; she is offered `second` at 2,000. */
    function choice(
      first: { priority?: DrillPriority; channel?: 'voice' | 'chat'; language?: string; riskFlags?: string[] },
      second: { priority?: DrillPriority; at?: number } = {},
    ) {
      const run = new Run();
      const a = run.arrive('a', 0, first);
      const b = run.arrive('b', second.at ?? 1000, { priority: second.priority });
      run.serve(b, ANNA, 2000);
      run.serve(a, ANNA, 9000);
      return run;
    }

    it('fails an offer of a later caller while an earlier one of the same priority waited', () => {
      const order = checkOrder(choice({}).recording);
      expect(order.passed).toBe(false);
      expect(order.problems).toEqual([
        expect.stringMatching(
          /^agent a0000000 was offered voice\/normal b .* while voice\/normal a .* had waited since/,
        ),
      ]);
    });

    it('does not call a better caller who arrived within 500 ms of the decision', () => {
      const run = new Run();
      const a = run.arrive('a', 1700);
      const b = run.arrive('b', 1000);
      run.serve(b, ANNA, 2000);
      run.serve(a, ANNA, 9000);
      expect(checkOrder(run.recording).passed).toBe(true);
    });

    it('lets an urgent or a high caller go first, within the ageing period', () => {
      expect(checkOrder(choice({}, { priority: 'urgent' }).recording).passed).toBe(true);
      expect(checkOrder(choice({}, { priority: 'high' }).recording).passed).toBe(true);
    });

    it('ages a low caller: one who waited more than two ageing periods longer is ahead of a normal one', () => {
      expect(checkOrder(choice({ priority: 'low' }, { at: 1000 }).recording).passed).toBe(true);
      // Low at 0 ranks at 60,000; normal at 61,000 ranks at 91,000: the low caller must go first.
      const run = new Run();
      const low = run.arrive('low', 0, { priority: 'low' });
      const normal = run.arrive('normal', 61_000);
      run.serve(normal, ANNA, 62_000);
      run.serve(low, ANNA, 70_000);
      expect(checkOrder(run.recording).passed).toBe(false);
    });

    it('judges only callers the agent could serve: their language, and a channel they had room for', () => {
      expect(checkOrder(choice({ language: 'qab' }).recording).passed).toBe(true);
      // Anna holds two chats (her capacity) and is offered a call while an earlier chat waits: no room for it.
      const run = new Run();
      run.serve(run.arrive('chat1', 0, { channel: 'chat' }), ANNA, 20, 10_000);
      run.serve(run.arrive('chat2', 10, { channel: 'chat' }), ANNA, 30, 10_000);
      const chat = run.arrive('chat', 100, { channel: 'chat' });
      run.serve(run.arrive('call', 200), ANNA, 2000, 1000);
      run.serve(chat, ANNA, 12_000);
      expect(checkOrder(run.recording)).toMatchObject({ passed: true, problems: [] });
    });

    it('excuses counsellor care: a high-risk caller passed over for an agent at the cap, until the override', () => {
      const run = new Run();
      run.recording.care = { highRiskCap: 1, capOverrideAfterMs: 60_000 };
      const first = run.arrive('r1', 0, { riskFlags: ['other'] });
      run.serve(first, ANNA, 10, 500, 100);
      const risky = run.arrive('r2', 700, { riskFlags: ['other'] });
      const plain = run.arrive('p', 1000);
      run.serve(plain, ANNA, 2000);
      run.serve(risky, ANNA, 9000);
      expect(checkOrder(run.recording)).toMatchObject({ passed: true });
      run.recording.care = { highRiskCap: 0, capOverrideAfterMs: 0 };
      expect(checkOrder(run.recording).passed).toBe(false);
    });

    it('judges an offer at the index claim behind it (the socket deadline minus the timeout)', () => {
      const run = new Run();
      const a = run.arrive('a', 1000);
      const c = run.arrive('c', 1010);
      // The record wrote Anna's offer of c at 1,700, but the index claimed it at 1,050, before a had waited 500 ms.
      const offer = run.serve(c, ANNA, 1700);
      offer.deadline = T0 + 1050 + OFFER_TIMEOUT_MS;
      run.serve(a, ANNA, 8000);
      expect(checkOrder(run.recording).passed).toBe(true);
      offer.deadline = T0 + 1700 + OFFER_TIMEOUT_MS;
      expect(checkOrder(run.recording).passed).toBe(false);
    });
  });

  it('every check can fail on one bad run', () => {
    const run = goodRun();
    run.serve(run.arrive('x', 250), BO, 1000); // ahead of it, c3 (arrived at 200) waited for an agent
    run.serve(run.arrive('chat', 1400, { channel: 'chat' }), ANNA, 1500); // a chat while Anna is on the phone
    run.arrive('left', 8000); // and nobody ever answered this caller
    expect(passedOf(run.recording)).toEqual({ 'nothing-lost': false, 'no-double-booking': false, order: false });
  });
});
