import { DateTime } from 'luxon';
import { AgentSocket } from './support/agent-socket';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { HELSINKI, addAgent, arrive, defineQueue, freshLine, sleep } from './support/callbacks';
import { send, until } from './support/http';

/*
 * Callbacks end to end, over HTTP and the agent's socket: a waiting caller leaves a number and keeps their place;
 * web forms, chats and agents ask for callbacks too; a second request for a number merges; the agent who took the
 * offer dials, and only they see the number; retries, expiry, windows, opening hours, access and the surge offer.
 * Tests whose agent comes on duty have a helpline of their own (their own agent and queue), so no other test's
 * contacts are offered to them; the others share the desk line, whose agent never comes on duty. Seeding is kept to a
 * few helplines: each signs four users in from one address, and the sign-in throttle counts them.
 */

interface HistoryEntry {
  change: string;
  from: string | null;
  to: string;
  reason: string | null;
}

const MINUTE = 60_000;

describe('callbacks', () => {
  let api: RunningApi;
  /** A helpline whose agent never comes on duty: requests, merges, validation, access, opening hours, surge offer. */
  let desk: SeededHelpline;
  const sockets: AgentSocket[] = [];

  const connect = async (token: string) => {
    const socket = await AgentSocket.connect(api, token);
    sockets.push(socket);
    return socket;
  };
  const available = async (token: string) =>
    expect((await send(api, 'POST', '/agents/me/state', token, { state: 'available' })).status).toBe(200);
  const contactOf = async (seed: SeededHelpline, id: string) =>
    (await send(api, 'GET', `/contacts/${id}`, seed.users.supervisor.accessToken)).body;
  const historyOf = async (seed: SeededHelpline, id: string) =>
    (await send(api, 'GET', `/contacts/${id}/history`, seed.users.supervisor.accessToken))
      .body as unknown as HistoryEntry[];
  const callbackOf = async (seed: SeededHelpline, id: string) =>
    (await send(api, 'GET', `/callbacks/${id}`, seed.users.supervisor.accessToken)).body;
  const webForm = (seed: SeededHelpline, key: string, number: string, extra: Record<string, unknown> = {}) =>
    send(api, 'POST', '/callbacks', seed.service.token, {
      idempotencyKey: key,
      queueId: seed.queueId,
      language: 'fi',
      number,
      ...extra,
    });

  const openIds = async (seed: SeededHelpline) =>
    (
      (await send(api, 'GET', '/callbacks?status=open', seed.users.supervisor.accessToken)).body as unknown as {
        id: string;
      }[]
    ).map((c) => c.id);

  beforeAll(async () => {
    api = await startApi('callbacks');
    desk = await freshLine(api, 'Desk line');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api.close();
  });

  it('serves a callback at the place of its first arrival: before those who came after it', async () => {
    const seed = await freshLine(api, 'Order line');
    const token = seed.users.agent.accessToken;
    // Nobody is on duty: A calls, then B calls, then W asks for a callback on the web form; all wait.
    const a = await arrive(api, seed, 'order-a');
    await sleep(20);
    const b = await arrive(api, seed, 'order-b');
    await sleep(20);
    const w = await webForm(seed, 'order-w', '+358405550102');
    const wId = w.body.callback.id as string;
    const wArrival = (await contactOf(seed, wId)).firstArrivedAt as number;
    expect(a.firstArrivedAt).toBeLessThan(b.firstArrivedAt);
    expect(b.firstArrivedAt).toBeLessThan(wArrival);
    await sleep(20);

    // A leaves a number and hangs up: A's contact becomes the callback and keeps A's first arrival.
    const requested = await send(api, 'POST', `/contacts/${a.id}/callback`, seed.service.token, {
      number: '+358 40 555 0101',
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({
      merged: false,
      callback: { id: a.id, queueId: seed.queueId, source: 'queue', status: 'open', attemptsMade: 0 },
    });
    expect(JSON.stringify(requested.body)).not.toContain('5550101');
    const pending = await contactOf(seed, a.id);
    expect(pending).toMatchObject({ state: 'callback-pending', channel: 'callback', firstArrivedAt: a.firstArrivedAt });
    expect(pending.notBefore).toBeLessThanOrEqual(Date.now());
    // B is still told they are second: A's callback holds A's place ahead of them.
    const told = await send(api, 'GET', `/contacts/${b.id}/position`, seed.service.token);
    expect(told.body).toMatchObject({ state: 'queued', position: 2 });
    // Asking again (a re-sent request) gets the first answer; the same contact with another number is a conflict.
    expect(
      await send(api, 'POST', `/contacts/${a.id}/callback`, seed.service.token, { number: '+358 40 555 0101' }),
    ).toMatchObject({ status: 200, body: { merged: false, callback: { id: a.id } } });
    expect(
      await send(api, 'POST', `/contacts/${a.id}/callback`, seed.service.token, { number: '+358405550102' }),
    ).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    // An agent comes on duty, with room for one callback and one voice call, but one phone: the first offer goes to A,
    // who asked last of all but arrived first; B (a voice call) and W (asked for before A asked) wait.
    const agent = await connect(token);
    await available(token);
    await until(() => agent.offers.some((o) => o.channel === 'callback'), 8000, 'a callback offer');
    expect(agent.offers.find((o) => o.channel === 'callback')).toMatchObject({
      contactId: a.id,
      queueId: seed.queueId,
    });
    await sleep(300);
    expect(agent.offers.map((o) => o.contactId)).toEqual([a.id]);
    expect((await contactOf(seed, wId)).state).toBe('callback-pending');
    expect(await historyOf(seed, a.id)).toEqual([
      expect.objectContaining({ change: 'created', to: 'queued' }),
      expect.objectContaining({ change: 'request-callback', from: 'queued', to: 'callback-pending' }),
      expect.objectContaining({ change: 'offer', from: 'callback-pending', to: 'offered' }),
    ]);
    expect((await contactOf(seed, a.id)).firstArrivedAt).toBe(a.firstArrivedAt);

    // A is called back and reached; once the agent is free again, B (second to arrive) is next, then W.
    expect(await send(api, 'POST', `/offers/${a.id}/accept`, token)).toMatchObject({ status: 200 });
    await send(api, 'POST', `/callbacks/${a.id}/attempts`, token);
    await send(api, 'POST', `/callbacks/${a.id}/attempts/1/outcome`, token, { outcome: 'reached' });
    await send(api, 'POST', `/contacts/${a.id}/end`, token);
    expect(await send(api, 'POST', `/contacts/${a.id}/complete`, token)).toMatchObject({
      status: 200,
      body: { state: 'completed' },
    });
    await until(() => agent.offers.some((o) => o.contactId === b.id), 8000, "B's offer");
    expect(agent.offers.map((o) => o.contactId)).not.toContain(wId);
    expect(await send(api, 'POST', `/offers/${b.id}/accept`, token)).toMatchObject({ status: 200 });
    await send(api, 'POST', `/contacts/${b.id}/end`, token);
    await send(api, 'POST', `/contacts/${b.id}/complete`, token);
    await until(() => agent.offers.some((o) => o.contactId === wId), 8000, "W's offer");
  });

  it('takes callbacks from web forms, chats and agents, and merges a second request for the same number', async () => {
    const seed = desk;
    const form = await webForm(seed, 'form-1', '+358405550201');
    expect(form).toMatchObject({
      status: 200,
      body: { merged: false, callback: { source: 'web-form', status: 'open' } },
    });
    const formId = form.body.callback.id as string;
    expect(await contactOf(seed, formId)).toMatchObject({
      channel: 'callback',
      state: 'callback-pending',
      queueId: seed.queueId,
      language: 'fi',
    });

    const chatForm = await webForm(seed, 'chat-form-1', '+358405550202', { source: 'chat', topic: 'extortion' });
    expect(chatForm).toMatchObject({ status: 200, body: { merged: false, callback: { source: 'chat' } } });

    const chat = await arrive(api, seed, 'chat-waiting', { channel: 'chat' });
    const fromChat = await send(api, 'POST', `/contacts/${chat.id}/callback`, seed.service.token, {
      number: '+358405550203',
    });
    expect(fromChat).toMatchObject({ status: 200, body: { merged: false, callback: { id: chat.id, source: 'chat' } } });

    const onBehalf = await send(api, 'POST', '/callbacks/on-behalf', seed.users.agent.accessToken, {
      idempotencyKey: 'agent-1',
      queueId: seed.queueId,
      language: 'fi',
      number: '+358405550204',
    });
    expect(onBehalf).toMatchObject({ status: 200, body: { merged: false, callback: { source: 'agent' } } });
    const bySupervisor = await send(api, 'POST', '/callbacks/on-behalf', seed.users.supervisor.accessToken, {
      idempotencyKey: 'supervisor-1',
      queueId: seed.queueId,
      language: 'sv',
      number: '+358405550205',
    });
    expect(bySupervisor).toMatchObject({ status: 200, body: { merged: false, callback: { source: 'agent' } } });

    // The same number written otherwise, from another path: one callback, the requests counted.
    const again = await webForm(seed, 'form-2', '+358 40 555 0201');
    expect(again).toMatchObject({ status: 200, body: { merged: true, callback: { id: formId, mergedRequests: 1 } } });
    const againByAgent = await send(api, 'POST', '/callbacks/on-behalf', seed.users.agent.accessToken, {
      idempotencyKey: 'agent-2',
      queueId: seed.queueId,
      language: 'fi',
      number: '+358-40-555-02-01',
    });
    expect(againByAgent).toMatchObject({
      status: 200,
      body: { merged: true, callback: { id: formId, mergedRequests: 2 } },
    });

    const open = await send(api, 'GET', '/callbacks?status=open', seed.users.supervisor.accessToken);
    expect(open.status).toBe(200);
    const ids = [formId, chatForm.body.callback.id, chat.id, onBehalf.body.callback.id, bySupervisor.body.callback.id];
    const mine = (open.body as unknown as { id: string; mergedRequests: number; source: string }[]).filter((c) =>
      ids.includes(c.id),
    );
    expect(mine).toHaveLength(5);
    expect(mine.filter((c) => c.id === formId)).toEqual([expect.objectContaining({ mergedRequests: 2 })]);
    expect(mine.map((c) => c.source).sort()).toEqual(['agent', 'agent', 'chat', 'chat', 'web-form']);
  });

  it('merges a waiting caller into the open callback of their number, which takes the earlier place', async () => {
    const seed = desk;
    const early = await arrive(api, seed, 'merge-early');
    await sleep(20);
    const form = await webForm(seed, 'merge-form', '+358405550301');
    const formId = form.body.callback.id as string;
    const formArrival = (await contactOf(seed, formId)).firstArrivedAt as number;
    expect(formArrival).toBeGreaterThan(early.firstArrivedAt);

    const merged = await send(api, 'POST', `/contacts/${early.id}/callback`, seed.service.token, {
      number: '+358 (40) 555 0301',
    });
    expect(merged).toMatchObject({ status: 200, body: { merged: true, callback: { id: formId, mergedRequests: 1 } } });
    expect(await contactOf(seed, early.id)).toMatchObject({ state: 'merged' });
    // The callback now ranks by the earlier arrival of the two.
    expect((await contactOf(seed, formId)).firstArrivedAt).toBe(early.firstArrivedAt);
    expect((await historyOf(seed, formId)).map((h) => h.change)).toContain('rerank');

    // A later caller with the same number merges too, but does not move the callback back.
    const late = await arrive(api, seed, 'merge-late');
    const mergedLate = await send(api, 'POST', `/contacts/${late.id}/callback`, seed.service.token, {
      number: '+358405550301',
    });
    expect(mergedLate).toMatchObject({ status: 200, body: { merged: true, callback: { mergedRequests: 2 } } });
    expect((await contactOf(seed, formId)).firstArrivedAt).toBe(early.firstArrivedAt);
    expect(
      await send(api, 'POST', `/contacts/${early.id}/callback`, seed.service.token, { number: '+358405550399' }),
    ).toMatchObject({ status: 409 });
    const open = await openIds(seed);
    expect(open).toContain(formId);
    expect(open).not.toContain(early.id);
    expect(open).not.toContain(late.id);
  });

  it('answers a re-sent web form (same idempotency key) with the same callback, counted once', async () => {
    const seed = desk;
    const first = await webForm(seed, 'resend-1', '+358405550401');
    expect(first.status).toBe(200);
    const resent = await webForm(seed, 'resend-1', '+358405550401');
    expect(resent.status).toBe(200);
    expect(resent.body.callback.id).toBe(first.body.callback.id);
    // A re-sent form is the same request, not a second one.
    expect(resent.body.callback.mergedRequests).toBe(0);
  });

  it('answers a re-used idempotency key with another number without a server error', async () => {
    const seed = desk;
    expect((await webForm(seed, 'resend-2', '+358405550403')).status).toBe(200);
    const sameKeyOtherNumber = await webForm(seed, 'resend-2', '+358405550402');
    expect(sameKeyOtherNumber).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(JSON.stringify(sameKeyOtherNumber.body)).not.toContain('5550402');
  });

  it('refuses a bad number or window with 400 without repeating the number', async () => {
    const seed = desk;
    const openBefore = await openIds(seed);
    for (const number of ['040 5550501', '+358 1', '+1 555 0501 999 999', 'call me maybe']) {
      const reply = await webForm(seed, `bad-${number}`, number);
      expect(reply).toMatchObject({ status: 400, body: { code: 'INVALID_CALLBACK_NUMBER' } });
      expect(JSON.stringify(reply.body)).not.toContain('5550501');
    }
    const waiting = await arrive(api, seed, 'invalid-waiting');
    const fromQueue = await send(api, 'POST', `/contacts/${waiting.id}/callback`, seed.service.token, {
      number: '0405550502',
    });
    expect(fromQueue).toMatchObject({ status: 400, body: { code: 'INVALID_CALLBACK_NUMBER' } });
    expect(JSON.stringify(fromQueue.body)).not.toContain('5550502');
    expect((await contactOf(seed, waiting.id)).state).toBe('queued');

    const badWindows = [
      { notBefore: 'after lunch' },
      { notBefore: '2026-11-29T17:00:00' }, // an instant without its offset
      { notBefore: '18:00', notAfter: '17:00' },
      { notAfter: DateTime.now().minus({ hours: 1 }).toISO() },
      { notBefore: DateTime.now().plus({ days: 8 }).toISO() },
    ];
    for (const window of badWindows) {
      const reply = await webForm(seed, 'bad-window', '+358405550503', { window });
      expect(reply).toMatchObject({ status: 400 });
      expect(reply.body.message).toMatch(/window/);
    }
    expect(await openIds(seed)).toEqual(openBefore);
  });

  it('dials through the agent who took the offer: the number to them only, retries, expiry and completion', async () => {
    const seed = await freshLine(api, 'Dial line');
    const queue = await defineQueue(api, seed, {
      callbackPolicy: { maxAttempts: 2, retryDelaysSeconds: [60], offerAfterWaitSeconds: null },
    });
    expect(queue.callbackPolicy).toEqual({
      enabled: true,
      offerAfterWaitSeconds: null,
      maxAttempts: 2,
      initialDelaySeconds: 0,
      retryDelaysSeconds: [60],
      expireAfterHours: 48,
      defaultPromiseMinutes: 120,
    });
    const other = await addAgent(api, seed, 'other');
    const token = seed.users.agent.accessToken;
    const supervisor = seed.users.supervisor.accessToken;
    const agent = await connect(token);
    await available(token);
    const request = (key: string, number: string) =>
      send(api, 'POST', '/callbacks', seed.service.token, {
        idempotencyKey: key,
        queueId: queue.id,
        language: 'fi',
        number,
      });

    // --- Not reached: the agent is free at once and the callback waits for its next attempt, 60 s later.
    const first = await request('dial-1', '+358 40 555 0601');
    const id = first.body.callback.id as string;
    expect(await agent.nextOffer(1)).toMatchObject({ contactId: id, channel: 'callback' });
    // Nobody dials before accepting.
    expect(await send(api, 'POST', `/callbacks/${id}/attempts`, token)).toMatchObject({ status: 404 });
    expect(await send(api, 'POST', `/offers/${id}/accept`, token)).toMatchObject({
      status: 200,
      body: { state: 'connected' },
    });

    const dial = await send(api, 'POST', `/callbacks/${id}/attempts`, token);
    expect(dial).toMatchObject({
      status: 200,
      body: { callbackId: id, attempt: 1, mode: 'manual', number: '+358405550601' },
    });
    // Nobody else gets the number, or an attempt of their own.
    expect(await send(api, 'POST', `/callbacks/${id}/attempts`, other.token)).toMatchObject({ status: 404 });
    expect(JSON.stringify((await send(api, 'POST', `/callbacks/${id}/attempts`, other.token)).body)).not.toContain(
      '5550601',
    );
    expect((await send(api, 'POST', `/callbacks/${id}/attempts`, supervisor)).status).toBe(403);
    expect(
      await send(api, 'POST', `/callbacks/${id}/attempts/1/outcome`, other.token, { outcome: 'reached' }),
    ).toMatchObject({ status: 404 });
    // A reload during the attempt shows the same attempt again, and the read is counted.
    expect(await send(api, 'POST', `/callbacks/${id}/attempts`, token)).toMatchObject({
      status: 200,
      body: { attempt: 1, number: '+358405550601' },
    });
    const during = await callbackOf(seed, id);
    expect(during).toMatchObject({ openAttempt: 1, attemptsMade: 0 });
    expect(during.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        agentId: seed.users.agent.id,
        dialMode: 'manual',
        outcome: null,
        numberReads: 2,
      }),
    ]);
    // Nobody withdraws a callback while it is being dialled.
    expect((await send(api, 'POST', `/callbacks/${id}/cancel`, supervisor)).status).toBe(409);
    // The conversation cannot end without the attempt's outcome; a bad outcome or attempt is refused.
    expect(await send(api, 'POST', `/contacts/${id}/end`, token)).toMatchObject({ status: 409 });
    expect((await send(api, 'POST', `/callbacks/${id}/attempts/1/outcome`, token, { outcome: 'maybe' })).status).toBe(
      400,
    );
    // An attempt that was never started is not found.
    expect((await send(api, 'POST', `/callbacks/${id}/attempts/2/outcome`, token, { outcome: 'busy' })).status).toBe(
      404,
    );

    const before = Date.now();
    const noAnswer = await send(api, 'POST', `/callbacks/${id}/attempts/1/outcome`, token, { outcome: 'no-answer' });
    const after = Date.now();
    expect(noAnswer).toMatchObject({ status: 200, body: { id, state: 'callback-pending', agentId: null } });
    expect(noAnswer.body.notBefore).toBeGreaterThanOrEqual(before + MINUTE);
    expect(noAnswer.body.notBefore).toBeLessThanOrEqual(after + MINUTE);
    const waiting = await callbackOf(seed, id);
    expect(waiting).toMatchObject({
      status: 'open',
      attemptsMade: 1,
      openAttempt: null,
      nextAttemptAt: noAnswer.body.notBefore,
    });
    expect(waiting.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'no-answer' })]);
    expect(waiting.attempts[0].endedAt).toBeGreaterThanOrEqual(before);
    expect((await send(api, 'GET', '/agents/me', token)).body).toMatchObject({ state: 'available' });
    // The outcome is recorded once; the number is no longer the agent's to see.
    expect(
      (await send(api, 'POST', `/callbacks/${id}/attempts/1/outcome`, token, { outcome: 'reached' })).status,
    ).toBeGreaterThanOrEqual(400);
    expect(await send(api, 'POST', `/callbacks/${id}/attempts`, token)).toMatchObject({ status: 404 });

    // --- Wrong number: expired at once, whatever attempts are left, and not offered again.
    const wrong = await request('dial-2', '+358405550602');
    const wrongId = wrong.body.callback.id as string;
    expect(await agent.nextOffer(2)).toMatchObject({ contactId: wrongId, channel: 'callback' });
    await send(api, 'POST', `/offers/${wrongId}/accept`, token);
    expect((await send(api, 'POST', `/callbacks/${wrongId}/attempts`, token)).body).toMatchObject({ attempt: 1 });
    const wrongOutcome = await send(api, 'POST', `/callbacks/${wrongId}/attempts/1/outcome`, token, {
      outcome: 'wrong-number',
    });
    expect(wrongOutcome).toMatchObject({ status: 200, body: { id: wrongId, state: 'expired' } });
    expect(await callbackOf(seed, wrongId)).toMatchObject({ status: 'expired', attemptsMade: 1, nextAttemptAt: null });
    expect((await callbackOf(seed, wrongId)).closedAt).toEqual(expect.any(Number));
    expect((await send(api, 'GET', '/agents/me', token)).body).toMatchObject({ state: 'available' });
    // The number is free for a new request once its callback closed.
    const afresh = await request('dial-2b', '+358405550602');
    expect(afresh).toMatchObject({ status: 200, body: { merged: false } });
    expect(afresh.body.callback.id).not.toBe(wrongId);

    // --- Reached: the callback is completed and the conversation goes on; end and complete as any other.
    const reachedId = afresh.body.callback.id as string;
    expect(await agent.nextOffer(3)).toMatchObject({ contactId: reachedId, channel: 'callback' });
    await send(api, 'POST', `/offers/${reachedId}/accept`, token);
    await send(api, 'POST', `/callbacks/${reachedId}/attempts`, token);
    const reached = await send(api, 'POST', `/callbacks/${reachedId}/attempts/1/outcome`, token, {
      outcome: 'reached',
    });
    expect(reached).toMatchObject({ status: 200, body: { id: reachedId, state: 'connected' } });
    expect(await callbackOf(seed, reachedId)).toMatchObject({ status: 'completed', openAttempt: null });
    expect(await send(api, 'POST', `/callbacks/${reachedId}/attempts`, token)).toMatchObject({ status: 404 });
    expect(await send(api, 'POST', `/contacts/${reachedId}/end`, token)).toMatchObject({
      status: 200,
      body: { state: 'wrap-up' },
    });
    expect(await send(api, 'POST', `/contacts/${reachedId}/complete`, token)).toMatchObject({
      status: 200,
      body: { state: 'completed' },
    });
    const completed = await send(api, 'GET', '/callbacks?status=completed', supervisor);
    expect((completed.body as unknown as { id: string }[]).map((c) => c.id)).toEqual([reachedId]);
    const expired = await send(api, 'GET', '/callbacks?status=expired', supervisor);
    expect((expired.body as unknown as { id: string }[]).map((c) => c.id)).toEqual([wrongId]);
    expect(await send(api, 'GET', '/callbacks?status=lost', supervisor)).toMatchObject({ status: 400 });

    // --- The last attempt not reached: expired. (maxAttempts 1 here; the first callback still waits for its retry.)
    const once = await defineQueue(api, seed, { callbackPolicy: { maxAttempts: 1 } });
    const last = await send(api, 'POST', '/callbacks', seed.service.token, {
      idempotencyKey: 'dial-3',
      queueId: once.id,
      language: 'fi',
      number: '+358405550603',
    });
    const lastId = last.body.callback.id as string;
    expect(await agent.nextOffer(4)).toMatchObject({ contactId: lastId });
    await send(api, 'POST', `/offers/${lastId}/accept`, token);
    await send(api, 'POST', `/callbacks/${lastId}/attempts`, token);
    expect(
      await send(api, 'POST', `/callbacks/${lastId}/attempts/1/outcome`, token, { outcome: 'busy' }),
    ).toMatchObject({ status: 200, body: { state: 'expired' } });
    expect(await callbackOf(seed, lastId)).toMatchObject({ status: 'expired', attemptsMade: 1 });

    // --- An attempt its agent left open (their desk went away mid-call): a supervisor records the outcome, the agent's
    // room comes back, and the callback waits for its next attempt instead of being stuck.
    const left = await request('dial-4', '+358405550604');
    const leftId = left.body.callback.id as string;
    expect(await agent.nextOffer(5)).toMatchObject({ contactId: leftId });
    await send(api, 'POST', `/offers/${leftId}/accept`, token);
    await send(api, 'POST', `/callbacks/${leftId}/attempts`, token);
    const closedBySupervisor = await send(api, 'POST', `/callbacks/${leftId}/attempts/1/outcome`, supervisor, {
      outcome: 'no-answer',
    });
    expect(closedBySupervisor).toMatchObject({ status: 200, body: { state: 'callback-pending' } });
    expect(await callbackOf(seed, leftId)).toMatchObject({ status: 'open', attemptsMade: 1, openAttempt: null });
    expect((await send(api, 'GET', '/agents/me', token)).body).toMatchObject({ state: 'available' });

    // The retries are not due yet: nothing else was offered meanwhile.
    await sleep(500);
    expect(agent.offers.map((o) => o.contactId)).toEqual([id, wrongId, reachedId, lastId, leftId]);
    expect((await contactOf(seed, id)).state).toBe('callback-pending');
  });

  it('keeps a callback that the caller hung up on after leaving the number', async () => {
    const seed = await freshLine(api, 'Hangup line');
    const waiting = await arrive(api, seed, 'hangup-1');
    const requested = await send(api, 'POST', `/contacts/${waiting.id}/callback`, seed.service.token, {
      number: '+358405550701',
    });
    expect(requested.status).toBe(200);
    // The IVR reports the hang-up that follows "we will call you back" through the api's hang-up route, as it does for
    // every call ("leave a number, hang up, keep their place": the issue). A hang-up is not a withdrawal.
    await send(api, 'POST', `/contacts/${waiting.id}/abandon`, seed.service.token);
    expect(await callbackOf(seed, waiting.id)).toMatchObject({ status: 'open' });
    expect((await contactOf(seed, waiting.id)).state).toBe('callback-pending');
    const agent = await connect(seed.users.agent.accessToken);
    await available(seed.users.agent.accessToken);
    expect(await agent.nextOffer(1)).toMatchObject({ contactId: waiting.id, channel: 'callback' });
  });

  it('lets the caller withdraw their callback through their channel, and only while nobody is ringing', async () => {
    const seed = desk;
    const form = await webForm(seed, 'withdraw-1', '+358405550761');
    const id = form.body.callback.id as string;
    expect((await send(api, 'POST', `/callbacks/${id}/withdraw`, seed.users.supervisor.accessToken)).status).toBe(401);
    const withdrawn = await send(api, 'POST', `/callbacks/${id}/withdraw`, seed.service.token);
    expect(withdrawn).toMatchObject({ status: 200, body: { id, status: 'cancelled' } });
    expect(await contactOf(seed, id)).toMatchObject({ state: 'abandoned' });
  });

  it('lets a supervisor withdraw a waiting callback: closed, its number freed, never offered', async () => {
    const seed = desk;
    const supervisor = seed.users.supervisor.accessToken;
    const form = await webForm(seed, 'cancel-1', '+358405550751');
    const id = form.body.callback.id as string;
    expect((await send(api, 'POST', `/callbacks/${id}/cancel`, seed.users.agent.accessToken)).status).toBe(403);
    expect((await send(api, 'POST', `/callbacks/${id}/cancel`, seed.service.token)).status).toBe(401);
    const cancelled = await send(api, 'POST', `/callbacks/${id}/cancel`, supervisor);
    expect(cancelled).toMatchObject({ status: 200, body: { id, status: 'cancelled', closedAt: expect.any(Number) } });
    expect(await contactOf(seed, id)).toMatchObject({ state: 'abandoned' });
    expect((await send(api, 'POST', `/callbacks/${id}/cancel`, supervisor)).status).toBe(409);
    const listed = await send(api, 'GET', '/callbacks?status=cancelled', supervisor);
    expect((listed.body as unknown as { id: string }[]).map((c) => c.id)).toContain(id);
    expect(await openIds(seed)).not.toContain(id);
    expect(await webForm(seed, 'cancel-2', '+358405550751')).toMatchObject({ status: 200, body: { merged: false } });
  });

  it('waits for the caller’s window and for the queue’s opening hours', async () => {
    const seed = await freshLine(api, 'Window line');
    // A queue that waits two minutes before the first try (time to reach a quiet place): a waiting caller asks.
    const delayed = await defineQueue(api, seed, { callbackPolicy: { initialDelaySeconds: 120 } });
    const caller = await arrive(api, seed, 'window-delayed', { queueId: delayed.id });
    const asking = Date.now();
    const delayedReceipt = await send(api, 'POST', `/contacts/${caller.id}/callback`, seed.service.token, {
      number: '+358405550800',
    });
    expect(delayedReceipt.status).toBe(200);
    expect(delayedReceipt.body.callback.nextAttemptAt).toBeGreaterThanOrEqual(asking + 2 * MINUTE);
    const agent = await connect(seed.users.agent.accessToken);
    await available(seed.users.agent.accessToken);

    // "Not before an hour from now": not offered now, though an agent is free.
    const inAnHour = DateTime.now().setZone(HELSINKI).plus({ hours: 1 });
    const later = await webForm(seed, 'window-1', '+358405550801', { window: { notBefore: inAnHour.toISO() } });
    expect(later.status).toBe(200);
    const laterId = later.body.callback.id as string;
    expect(later.body.callback).toMatchObject({ windowStart: inAnHour.toMillis(), windowEnd: null });
    expect(later.body.callback.nextAttemptAt).toBe(inAnHour.toMillis());
    expect(later.body.callback.promisedBy).toBeGreaterThan(inAnHour.toMillis());
    expect(await contactOf(seed, laterId)).toMatchObject({ state: 'callback-pending', notBefore: inAnHour.toMillis() });

    // A window that ends: its end is the deadline.
    const until2h = DateTime.now().plus({ hours: 2 });
    const bounded = await webForm(seed, 'window-2', '+358405550802', {
      window: { notBefore: inAnHour.toISO(), notAfter: until2h.toISO() },
    });
    expect(bounded.body.callback).toMatchObject({ windowEnd: until2h.toMillis(), deadline: until2h.toMillis() });

    // "Not before 23:59" (local time today): then, or now if that is past. (On the desk line: nobody to offer it to.)
    const lateToday = DateTime.now().setZone(HELSINKI).set({ hour: 23, minute: 59, second: 0, millisecond: 0 });
    const asked = Date.now();
    const tonight = await webForm(desk, 'window-hhmm', '+358405550805', { window: { notBefore: '23:59' } });
    expect(tonight.status).toBe(200);
    expect(tonight.body.callback.windowStart).toBe(Math.max(lateToday.toMillis(), tonight.body.callback.requestedAt));
    expect(tonight.body.callback.requestedAt).toBeGreaterThanOrEqual(asked);

    // None is offered now, not even the one that was in the queue as a live caller a moment ago.
    await sleep(1000);
    const offered = agent.offers.map((o) => o.contactId);
    for (const id of [caller.id as string, laterId, bounded.body.callback.id as string])
      expect(offered).not.toContain(id);

    // A few seconds ahead: not offered before its time, offered when it comes due (the timer, then routing).
    const soon = DateTime.now().plus({ seconds: 3 });
    const shortly = await webForm(seed, 'window-soon', '+358405550806', { window: { notBefore: soon.toISO() } });
    const soonId = shortly.body.callback.id as string;
    await sleep(1000);
    expect(agent.offers.map((o) => o.contactId)).not.toContain(soonId);
    await until(() => agent.offers.some((o) => o.contactId === soonId), 8000, 'the callback to come due');
    const offer = agent.offers.find((o) => o.contactId === soonId)!;
    expect(offer.channel).toBe('callback');
    expect(Date.now()).toBeGreaterThanOrEqual(soon.toMillis());

    // Declined: the callback waits again as a callback (not as a caller in the queue).
    expect((await send(api, 'POST', `/offers/${soonId}/decline`, seed.users.agent.accessToken)).status).toBeLessThan(
      300,
    );
    expect(await contactOf(seed, soonId)).toMatchObject({ state: 'callback-pending', agentId: null });
    expect((await historyOf(seed, soonId)).at(-1)).toMatchObject({ change: 'decline', to: 'callback-pending' });
    expect(await callbackOf(seed, soonId)).toMatchObject({ status: 'open', attemptsMade: 0 });
  });

  it('expires a callback nobody reached by the end of its window, and shreds its number', async () => {
    const seed = desk;
    const ends = DateTime.now().plus({ seconds: 2 });
    const brief = await webForm(seed, 'window-short', '+358405550807', { window: { notAfter: ends.toISO() } });
    expect(brief).toMatchObject({ status: 200, body: { callback: { deadline: ends.toMillis() } } });
    const id = brief.body.callback.id as string;
    await until(async () => (await callbackOf(seed, id)).status === 'expired', 8000, 'the callback to expire');
    expect(await callbackOf(seed, id)).toMatchObject({
      status: 'expired',
      attemptsMade: 0,
      closedAt: expect.any(Number),
    });
    expect(await contactOf(seed, id)).toMatchObject({ state: 'expired' });
    // The number is free again: a new request makes a new callback.
    const again = await webForm(seed, 'window-short-2', '+358405550807');
    expect(again).toMatchObject({ status: 200, body: { merged: false } });
    expect(again.body.callback.id).not.toBe(id);
  });

  it('keeps callbacks for the queue’s opening hours, and counts only open hours in the promise', async () => {
    // Nobody on duty: the promise is the policy's default, 2 hours of open time.
    const seed = desk;
    const today = DateTime.now().setZone(HELSINKI).startOf('day');
    // Closed today and tomorrow (a closure), open round the clock otherwise: the first try is the next opening.
    const allDay = [{ open: '00:00', close: '24:00' }];
    const closed = await defineQueue(api, seed, {
      openingHours: {
        weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        closures: [{ from: today.toISODate(), to: today.plus({ days: 1 }).toISODate(), reason: 'staff training' }],
      },
    });
    expect(closed.openingHours).toMatchObject({
      timeZone: HELSINKI,
      closures: [{ from: today.toISODate(), to: today.plus({ days: 1 }).toISODate(), reason: 'staff training' }],
    });
    const reopens = today.plus({ days: 2 }).toMillis();
    const closure = await send(api, 'POST', '/callbacks', seed.service.token, {
      idempotencyKey: 'window-3',
      queueId: closed.id,
      language: 'fi',
      number: '+358405550803',
    });
    expect(closure.status).toBe(200);
    expect(closure.body.callback.nextAttemptAt).toBe(reopens);
    expect(closure.body.callback.promisedBy).toBe(today.plus({ days: 2, hours: 2 }).toMillis());
    // 48 hours of open time from the reopening: the closed days do not count.
    expect(closure.body.callback.deadline).toBe(today.plus({ days: 4 }).toMillis());
    expect(await contactOf(seed, closure.body.callback.id as string)).toMatchObject({
      state: 'callback-pending',
      notBefore: reopens,
    });

    // Open one hour a week, three days from now.
    const day = today.plus({ days: 3 });
    const weekday = day.toFormat('ccc').toLowerCase();
    const weekly = await defineQueue(api, seed, {
      openingHours: { weekly: { [weekday]: [{ open: '10:00', close: '11:00' }] } },
    });
    const opensAt = day.set({ hour: 10 }).toMillis();
    const once = await send(api, 'POST', '/callbacks', seed.service.token, {
      idempotencyKey: 'window-4',
      queueId: weekly.id,
      language: 'fi',
      number: '+358405550804',
    });
    expect(once.status).toBe(200);
    expect(once.body.callback.nextAttemptAt).toBe(opensAt);
    // The 2-hour promise counts only open hours: this week's hour, then the next week's.
    expect(once.body.callback.promisedBy).toBe(day.plus({ weeks: 1 }).set({ hour: 11 }).toMillis());
    // 48 hours of open time at one hour a week: 48 weeks.
    expect(once.body.callback.deadline).toBe(day.plus({ weeks: 47 }).set({ hour: 11 }).toMillis());
    expect(await openIds(seed)).toEqual(expect.arrayContaining([closure.body.callback.id, once.body.callback.id]));
  });

  it('validates opening hours and callback policies, naming the field', async () => {
    const seed = desk;
    const admin = seed.users.admin.accessToken;
    const base = { name: 'Bad hours', languages: ['fi'], requiredSkills: {} };
    const reversed = await send(api, 'POST', '/routing-queues', admin, {
      ...base,
      openingHours: { weekly: { mon: [{ open: '20:00', close: '08:00' }] } },
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/mon/);
    const badTime = await send(api, 'POST', '/routing-queues', admin, {
      ...base,
      openingHours: { weekly: { tue: [{ open: '25:00', close: '26:00' }] } },
    });
    expect(badTime.status).toBe(400);
    expect(badTime.body.message).toMatch(/open/);
    const badClosure = await send(api, 'POST', '/routing-queues', admin, {
      ...base,
      openingHours: { weekly: {}, closures: [{ from: '2026-12-26', to: '2026-12-24' }] },
    });
    expect(badClosure.status).toBe(400);
    expect(badClosure.body.message).toMatch(/closures/);
    const badPolicy = await send(api, 'POST', '/routing-queues', admin, {
      ...base,
      callbackPolicy: { retryDelaysSeconds: [30] },
    });
    expect(badPolicy.status).toBe(400);
    expect(badPolicy.body.message).toMatch(/retryDelaysSeconds/);

    const good = await defineQueue(api, seed, {});
    const shown = await send(api, 'GET', `/routing-queues/${good.id}`, seed.users.supervisor.accessToken);
    expect(shown.body).toMatchObject({
      openingHours: null,
      callbackPolicy: { enabled: true, offerAfterWaitSeconds: 300 },
    });
  });

  it('shows callbacks to supervisors without the number; agents, services and strangers are refused', async () => {
    const seed = desk;
    const number = { e164: '+358405550901', digits: '358405550901', national: '0405550901', subscriber: '405550901' };
    const waiting = await arrive(api, seed, 'access-1');
    const requested = await send(api, 'POST', `/contacts/${waiting.id}/callback`, seed.service.token, {
      number: '+358 40 555 0901',
    });
    expect(requested.status).toBe(200);
    const supervisor = seed.users.supervisor.accessToken;
    const readings = [
      await send(api, 'GET', '/callbacks', supervisor),
      await send(api, 'GET', '/callbacks?status=open', seed.users.admin.accessToken),
      await send(api, 'GET', `/callbacks/${waiting.id}`, supervisor),
      await send(api, 'GET', `/contacts/${waiting.id}`, supervisor),
      await send(api, 'GET', `/contacts/${waiting.id}/history`, supervisor),
    ];
    for (const reading of readings) {
      expect(reading.status).toBe(200);
      const json = JSON.stringify(reading.body);
      for (const form of Object.values(number)) expect(json).not.toContain(form);
      expect(json).not.toMatch(/"number|numberHash|numberSealed|dataKey/i);
    }
    expect(readings[0].body).toContainEqual(expect.objectContaining({ id: waiting.id, source: 'queue' }));

    const agent = seed.users.agent.accessToken;
    expect((await send(api, 'GET', '/callbacks', agent)).status).toBe(403);
    expect((await send(api, 'GET', `/callbacks/${waiting.id}`, agent)).status).toBe(403);
    expect((await send(api, 'GET', '/callbacks', seed.users.analyst.accessToken)).status).toBe(403);
    // As everywhere in the api: a service credential on a staff route, or a person on a service route, is 401.
    expect((await send(api, 'GET', '/callbacks', seed.service.token)).status).toBe(401);
    const body = { idempotencyKey: 'svc', queueId: seed.queueId, language: 'fi', number: '+358405550902' };
    expect((await send(api, 'POST', '/callbacks/on-behalf', seed.service.token, body)).status).toBe(401);
    expect((await send(api, 'POST', '/callbacks/on-behalf', seed.users.admin.accessToken, body)).status).toBe(403);
    expect((await send(api, 'POST', '/callbacks/on-behalf', seed.users.analyst.accessToken, body)).status).toBe(403);
    expect((await send(api, 'POST', '/callbacks', agent, body)).status).toBe(401);
    expect(
      (await send(api, 'POST', `/contacts/${waiting.id}/callback`, agent, { number: '+358405550902' })).status,
    ).toBe(401);
    expect((await send(api, 'GET', '/callbacks')).status).toBe(401);
    expect((await send(api, 'GET', `/callbacks/${waiting.id}`)).status).toBe(401);
    expect((await send(api, 'POST', '/callbacks', undefined, body)).status).toBe(401);
    expect((await send(api, 'POST', '/callbacks/on-behalf', undefined, body)).status).toBe(401);
    expect(
      (await send(api, 'POST', `/contacts/${waiting.id}/callback`, undefined, { number: '+358405550902' })).status,
    ).toBe(401);
    expect((await send(api, 'POST', `/callbacks/${waiting.id}/attempts`)).status).toBe(401);

    // Another helpline's supervisor does not see it.
    const other = await freshLine(api, 'Access other line');
    expect((await send(api, 'GET', `/callbacks/${waiting.id}`, other.users.supervisor.accessToken)).status).toBe(404);
    expect((await send(api, 'GET', '/callbacks', other.users.supervisor.accessToken)).body).toEqual([]);
  });

  it('tells the channel to offer a callback first when the wait passes the queue’s threshold', async () => {
    const seed = desk;
    const atOnce = await defineQueue(api, seed, { callbackPolicy: { offerAfterWaitSeconds: 0 } });
    const never = await defineQueue(api, seed, { callbackPolicy: { offerAfterWaitSeconds: null } });
    const today = DateTime.now().setZone(HELSINKI).toISODate()!;
    const closedNow = await defineQueue(api, seed, {
      callbackPolicy: { offerAfterWaitSeconds: 0 },
      openingHours: { weekly: {}, closures: [{ from: today, to: today }] },
    });

    // Nobody on duty: no estimate is possible, the wait is open-ended.
    const surge = await arrive(api, seed, 'surge-1', { queueId: atOnce.id });
    expect(surge).toMatchObject({ state: 'queued', offerCallback: true, estimatedWaitSeconds: null });
    const position = await send(api, 'GET', `/contacts/${surge.id}/position`, seed.service.token);
    expect(position.body).toMatchObject({ offerCallback: true });

    expect(await arrive(api, seed, 'surge-2', { queueId: never.id })).toMatchObject({ offerCallback: false });
    // Outside opening hours nobody can call back soon: not offered first.
    expect(await arrive(api, seed, 'surge-3', { queueId: closedNow.id })).toMatchObject({ offerCallback: false });
    // The default threshold (300 s) and nobody on duty: offered.
    expect(await arrive(api, seed, 'surge-4')).toMatchObject({ offerCallback: true });

    // A supervisor turns the surge offer off at run time.
    const patched = await send(api, 'PATCH', `/routing-queues/${atOnce.id}`, seed.users.supervisor.accessToken, {
      callbackOfferAfterWaitSeconds: null,
    });
    expect(patched.status).toBe(200);
    const after = await send(api, 'GET', `/contacts/${surge.id}/position`, seed.service.token);
    expect(after.body).toMatchObject({ offerCallback: false });
  });

  it('makes one callback of 50 simultaneous requests for one number, spread over two api processes', async () => {
    const seed = desk;
    const second = await startApi('callbacks-second', { config: api.config });
    try {
      const spellings = ['+358405551001', '+358 40 555 1001', '+358-40-555-1001', '+358 (40) 5551001'];
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          send(i % 2 === 0 ? api : second, 'POST', '/callbacks', seed.service.token, {
            idempotencyKey: `burst-${i}`,
            queueId: seed.queueId,
            language: 'fi',
            number: spellings[i % spellings.length],
          }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
      const ids = new Set(replies.map((r) => r.body.callback.id as string));
      expect(ids.size).toBe(1);
      expect(replies.filter((r) => r.body.merged === false)).toHaveLength(1);
      const [id] = [...ids];
      expect(await callbackOf(seed, id)).toMatchObject({ status: 'open', mergedRequests: 49 });
    } finally {
      await second.close();
    }
  });
});
