import { AgentSocket } from './support/agent-socket';
import { seedHelpline, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send, until } from './support/http';

describe('routing contacts to agents', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let agent: AgentSocket;

  beforeAll(async () => {
    api = await startApi('routing');
    seed = await seedHelpline(api, 'Routing line');
    await send(api, 'PATCH', `/routing-queues/${seed.queueId}`, seed.users.supervisor.accessToken, {
      offerTimeoutSeconds: 5,
    });
    agent = await AgentSocket.connect(api, seed.users.agent.accessToken);
  });

  afterAll(async () => {
    agent.close();
    await api.close();
  });

  it('offers the waiting caller to an agent who becomes available, with a deadline, and takes them through to completed', async () => {
    const available = await send(api, 'POST', '/agents/me/state', seed.users.agent.accessToken, { state: 'available' });
    expect(available.status).toBe(200);
    const offer = await agent.nextOffer(1);
    expect(offer).toMatchObject({ contactId: seed.contactId, queueId: seed.queueId, language: 'fi', channel: 'voice' });
    expect(offer.deadline).toBeGreaterThan(Date.now());
    expect(offer.deadline).toBeLessThanOrEqual(Date.now() + 5000);

    const token = seed.users.agent.accessToken;
    expect(await send(api, 'POST', `/offers/${seed.contactId}/accept`, token)).toMatchObject({
      status: 200,
      body: { state: 'connected' },
    });
    expect(await send(api, 'POST', `/offers/${seed.contactId}/accept`, token)).toMatchObject({
      status: 409,
      body: { code: 'OFFER_NOT_OPEN' },
    });
    expect((await send(api, 'GET', '/agents/me', token)).body).toMatchObject({ state: 'busy' });
    expect(await send(api, 'POST', `/contacts/${seed.contactId}/end`, token)).toMatchObject({
      status: 200,
      body: { state: 'wrap-up' },
    });
    expect(await send(api, 'POST', `/contacts/${seed.contactId}/complete`, token)).toMatchObject({
      status: 200,
      body: { state: 'completed' },
    });
    expect((await send(api, 'GET', '/agents/me', token)).body).toMatchObject({ state: 'available' });

    const history = await send(api, 'GET', `/contacts/${seed.contactId}/history`, seed.users.supervisor.accessToken);
    expect((history.body as unknown as { to: string }[]).map((h) => h.to)).toEqual([
      'queued',
      'offered',
      'connected',
      'wrap-up',
      'completed',
    ]);
  });

  it('offers a new contact at once to the available agent, and brings it back to the queue when the deadline passes', async () => {
    const created = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: 'routing-timeout',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const offer = await agent.nextOffer(2);
    expect(offer.contactId).toBe(id);
    // Nobody answers: within the timeout plus a moment the offer is withdrawn and the caller waits again.
    await until(() => agent.withdrawn.some((w) => w.contactId === id), 8000, 'the offer to be withdrawn');
    const contact = await send(api, 'GET', `/contacts/${id}`, seed.users.supervisor.accessToken);
    expect(contact.body).toMatchObject({ state: 'queued', agentId: null });
    const history = await send(api, 'GET', `/contacts/${id}/history`, seed.users.supervisor.accessToken);
    expect(history.body).toEqual([
      expect.objectContaining({ to: 'queued', change: 'created' }),
      expect.objectContaining({ to: 'offered', change: 'offer' }),
      expect.objectContaining({ to: 'queued', change: 'offer-timeout' }),
    ]);
  });

  it('takes the offer back from the agent when the caller hangs up', async () => {
    const created = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: 'routing-hangup',
      queueId: seed.queueId,
      channel: 'chat',
      language: 'fi',
    });
    const id = created.body.id as string;
    await until(() => agent.offers.some((o) => o.contactId === id), 8000, 'the chat offer');
    expect((await send(api, 'POST', `/contacts/${id}/abandon`, seed.service.token)).status).toBe(200);
    await until(
      () => agent.withdrawn.some((w) => w.contactId === id && w.reason === 'caller-left'),
      3000,
      'withdrawal',
    );
    expect(await send(api, 'POST', `/offers/${id}/accept`, seed.users.agent.accessToken)).toMatchObject({
      status: 409,
    });
  });

  it('accepts an offer over the socket as over HTTP', async () => {
    const created = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: 'routing-socket-accept',
      queueId: seed.queueId,
      channel: 'chat',
      language: 'fi',
    });
    const id = created.body.id as string;
    await until(() => agent.offers.some((o) => o.contactId === id), 8000, 'the chat offer');
    const reply: unknown = await agent.socket.emitWithAck('offer.accept', { contactId: id });
    expect(reply).toEqual({ contactId: id, state: 'connected' });
  });

  it("ends wrap-up by itself after the agent's wrap-up time: the contact is completed and the agent is free", async () => {
    const supervisor = seed.users.supervisor.accessToken;
    const token = seed.users.agent.accessToken;
    const profile = await send(api, 'PUT', `/agents/${seed.users.agent.id}/profile`, supervisor, {
      languages: ['fi'],
      skills: { extortion: 5 },
      wrapUpSeconds: 1,
    });
    expect(profile.status).toBe(200);
    const chat = [...agent.offers].reverse().find((o) => o.channel === 'chat')!;
    const ended = await send(api, 'POST', `/contacts/${chat.contactId}/end`, token);
    expect(ended).toMatchObject({ status: 200, body: { state: 'wrap-up' } });
    expect((await send(api, 'GET', '/agents/me', token)).body).toMatchObject({ state: 'wrap-up' });
    await until(
      async () =>
        ((await send(api, 'GET', `/contacts/${chat.contactId}`, supervisor)).body.state as string) === 'completed',
      5000,
      'wrap-up to end by itself',
    );
    // The contact's completion and the agent's state are two writes: the agent follows a moment later.
    await until(
      async () => ((await send(api, 'GET', '/agents/me', token)).body.state as string) === 'available',
      2000,
      'the agent to be available after their wrap-up',
    );
    const history = await send(api, 'GET', `/contacts/${chat.contactId}/history`, supervisor);
    expect(history.body).toContainEqual(expect.objectContaining({ change: 'finish-wrap-up', actorKind: 'system' }));
  });

  it('takes an agent whose desk went silent offline, and gives their offer to the queue at once', async () => {
    // A deadline far beyond the heartbeat's: the offer must come back because the agent is lost, not because it lapsed.
    await send(api, 'PATCH', `/routing-queues/${seed.queueId}`, seed.users.supervisor.accessToken, {
      offerTimeoutSeconds: 60,
    });
    const created = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: 'routing-lost-agent',
      queueId: seed.queueId,
      channel: 'chat',
      language: 'fi',
    });
    const id = created.body.id as string;
    await until(() => agent.offers.some((o) => o.contactId === id), 8000, 'the offer');
    const lostAt = Date.now();
    agent.close();
    const token = seed.users.agent.accessToken;
    await until(
      async () => ((await send(api, 'GET', '/agents/me', token)).body.state as string) === 'offline',
      15_000,
      'the agent to go offline',
    );
    expect(Date.now() - lostAt).toBeLessThan(13_000);
    await until(
      async () =>
        ((await send(api, 'GET', `/contacts/${id}`, seed.users.supervisor.accessToken)).body.state as string) ===
        'queued',
      2000,
      'the offer to return',
    );
    const history = await send(api, 'GET', `/contacts/${id}/history`, seed.users.supervisor.accessToken);
    expect(history.body).toContainEqual(expect.objectContaining({ change: 'agent-lost', to: 'queued' }));
  });
});
