import { AgentSocket } from './support/agent-socket';
import { seedHelpline, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send, until } from './support/http';

/**
 * Counsellor care on the real stack (PostgreSQL or SQLite, Redis): the helpline's cap on high-risk contacts in a row,
 * the pause after one, and routing that respects both.
 */
describe('counsellor care', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let agent: AgentSocket;

  beforeAll(async () => {
    api = await startApi('counsellor-care');
    seed = await seedHelpline(api, 'Care line');
    agent = await AgentSocket.connect(api, seed.users.agent.accessToken);
  });

  afterAll(async () => {
    agent.close();
    await api.close();
  });

  const newContact = async (key: string, extra: Record<string, unknown>) => {
    const created = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: key,
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  const me = async () => (await send(api, 'GET', '/agents/me', seed.users.agent.accessToken)).body;

  it('serves the defaults to every desk, lets only an admin change them, names each bad field, and audits', async () => {
    const defaults = { highRiskCap: 3, pauseAfterHighRiskSeconds: 120, capOverrideAfterSeconds: 180 };
    for (const role of ['agent', 'supervisor', 'admin'] as const)
      expect(await send(api, 'GET', '/care-settings', seed.users[role].accessToken)).toMatchObject({
        status: 200,
        body: defaults,
      });
    expect((await send(api, 'GET', '/care-settings', seed.users.analyst.accessToken)).status).toBe(403);
    const settings = { highRiskCap: 1, pauseAfterHighRiskSeconds: 2, capOverrideAfterSeconds: 600 };
    expect((await send(api, 'PUT', '/care-settings', seed.users.supervisor.accessToken, settings)).status).toBe(403);

    const bad = await send(api, 'PUT', '/care-settings', seed.users.admin.accessToken, {
      highRiskCap: -1,
      pauseAfterHighRiskSeconds: 5000,
      capOverrideAfterSeconds: 'soon',
      shiftLength: 8,
    });
    expect(bad.status).toBe(400);
    const messages = String(bad.body.message);
    expect(messages).toContain('highRiskCap must be at least 0');
    expect(messages).toContain('pauseAfterHighRiskSeconds must be at most 1800');
    expect(messages).toContain('capOverrideAfterSeconds must be a whole number of seconds');
    expect(messages).toContain('shiftLength');
    expect((await send(api, 'PUT', '/care-settings', seed.users.admin.accessToken, { highRiskCap: 2 })).status).toBe(
      400,
    );

    expect(await send(api, 'PUT', '/care-settings', seed.users.admin.accessToken, settings)).toMatchObject({
      status: 200,
      body: settings,
    });
    expect((await send(api, 'GET', '/care-settings', seed.users.agent.accessToken)).body).toEqual(settings);
    const audit = await send(api, 'GET', '/audit?action=care-settings.replaced', seed.users.admin.accessToken);
    expect(audit.body).toEqual([
      expect.objectContaining({
        action: 'care-settings.replaced',
        actor: expect.objectContaining({ id: seed.users.admin.id }) as unknown,
        fields: ['highRiskCap', 'pauseAfterHighRiskSeconds', 'capOverrideAfterSeconds'],
      }),
    ]);
  });

  it('pauses the agent after a high-risk caller, then offers them the normal caller, not the next high-risk one', async () => {
    const token = seed.users.agent.accessToken;
    // Cap 1, a 2 s pause (set above), 1 s of wrap-up: small enough to watch.
    const profile = await send(
      api,
      'PUT',
      `/agents/${seed.users.agent.id}/profile`,
      seed.users.supervisor.accessToken,
      {
        languages: ['fi'],
        skills: { extortion: 5 },
        wrapUpSeconds: 1,
      },
    );
    expect(profile.status).toBe(200);

    // The seeded caller (not high-risk) first: the streak stays 0.
    expect((await send(api, 'POST', '/agents/me/state', token, { state: 'available' })).status).toBe(200);
    expect((await agent.nextOffer(1)).contactId).toBe(seed.contactId);
    expect((await send(api, 'POST', `/offers/${seed.contactId}/accept`, token)).status).toBe(200);
    expect(await me()).toMatchObject({ state: 'busy', highRiskStreak: 0, wrapUpEndsAt: null });
    expect((await send(api, 'POST', `/contacts/${seed.contactId}/end`, token)).status).toBe(200);
    expect((await send(api, 'POST', `/contacts/${seed.contactId}/complete`, token)).status).toBe(200);

    // A caller with a risk flag: the agent takes them, and their run of high-risk contacts is 1, the cap.
    const danger = await newContact('care-danger-1', { riskFlags: ['self-harm'] });
    expect((await agent.nextOffer(2)).contactId).toBe(danger);
    expect((await send(api, 'POST', `/offers/${danger}/accept`, token)).status).toBe(200);
    expect(await me()).toMatchObject({ state: 'busy', highRiskStreak: 1 });
    const before = Date.now();
    expect((await send(api, 'POST', `/contacts/${danger}/end`, token)).status).toBe(200);
    const after = Date.now();

    // Wrap-up: 1 s of the agent's own plus the 2 s care pause, on the server's clock.
    const inWrapUp = await me();
    expect(inWrapUp).toMatchObject({ state: 'wrap-up', highRiskStreak: 1 });
    expect(inWrapUp.wrapUpEndsAt).toBeGreaterThanOrEqual(before + 3000);
    expect(inWrapUp.wrapUpEndsAt).toBeLessThanOrEqual(after + 3000);

    // Meanwhile a second high-risk caller (ranked first: high priority) and a normal one arrive.
    const nextDanger = await newContact('care-danger-2', { riskFlags: ['danger-from-other'], priority: 'high' });
    const normal = await newContact('care-normal', {});

    await until(
      async () =>
        ((await send(api, 'GET', `/contacts/${danger}`, seed.users.supervisor.accessToken)).body.state as string) ===
        'completed',
      8000,
      'wrap-up with the care pause to end by itself',
    );
    const history = (await send(api, 'GET', `/contacts/${danger}/history`, seed.users.supervisor.accessToken))
      .body as unknown as { at: number; change: string; actorKind: string }[];
    const ended = history.find((h) => h.change === 'end-conversation')!;
    const finished = history.find((h) => h.change === 'finish-wrap-up')!;
    expect(finished.actorKind).toBe('system');
    expect(finished.at - ended.at).toBeGreaterThanOrEqual(3000);

    // At the cap: the normal caller is offered, though the high-risk one ranks above them.
    const offer = await agent.nextOffer(3);
    expect(offer.contactId).toBe(normal);
    expect((await send(api, 'GET', `/contacts/${nextDanger}`, seed.users.supervisor.accessToken)).body).toMatchObject({
      state: 'queued',
    });

    // Taking a contact that is not high-risk starts the run again: the high-risk caller comes next.
    expect((await send(api, 'POST', `/offers/${normal}/accept`, token)).status).toBe(200);
    expect(await me()).toMatchObject({ highRiskStreak: 0 });
    expect((await send(api, 'POST', `/contacts/${normal}/end`, token)).status).toBe(200);
    expect((await send(api, 'POST', `/contacts/${normal}/complete`, token)).status).toBe(200);
    expect((await agent.nextOffer(4)).contactId).toBe(nextDanger);
  });

  it('gives a high-risk caller to the agent at the cap once they have waited past the override', async () => {
    const token = seed.users.agent.accessToken;
    const settings = { highRiskCap: 1, pauseAfterHighRiskSeconds: 0, capOverrideAfterSeconds: 3 };
    expect((await send(api, 'PUT', '/care-settings', seed.users.admin.accessToken, settings)).status).toBe(200);
    // The agent takes the high-risk caller offered last: at the cap again.
    const held = agent.offers[3].contactId;
    expect((await send(api, 'POST', `/offers/${held}/accept`, token)).status).toBe(200);
    expect(await me()).toMatchObject({ highRiskStreak: 1 });
    expect((await send(api, 'POST', `/contacts/${held}/end`, token)).status).toBe(200);
    expect((await send(api, 'POST', `/contacts/${held}/complete`, token)).status).toBe(200);
    expect(await me()).toMatchObject({ state: 'available' });

    // Only a high-risk caller waits: held back at first, then offered by the sweep once they waited 3 s.
    const arrived = Date.now();
    const danger = await newContact('care-danger-3', { priority: 'urgent' });
    await agent.nextOffer(5, 8000);
    expect(agent.offers[4].contactId).toBe(danger);
    expect(Date.now() - arrived).toBeGreaterThanOrEqual(3000);
  });

  it('migrates and keeps the same on SQLite', async () => {
    const sqlite = await startApi('counsellor-care-sqlite', { database: 'sqlite' });
    try {
      const line = await seedHelpline(sqlite, 'Care line sqlite');
      const settings = { highRiskCap: 0, pauseAfterHighRiskSeconds: 1800, capOverrideAfterSeconds: 0 };
      expect((await send(sqlite, 'PUT', '/care-settings', line.users.admin.accessToken, settings)).status).toBe(200);
      expect((await send(sqlite, 'GET', '/care-settings', line.users.supervisor.accessToken)).body).toEqual(settings);
      expect((await send(sqlite, 'GET', '/agents/me', line.users.agent.accessToken)).body).toMatchObject({
        state: 'offline',
        highRiskStreak: 0,
        wrapUpEndsAt: null,
      });
    } finally {
      await sqlite.close();
    }
  });
});
