import { DataSource } from 'typeorm';
import { seedHelpline, startApi, TEST_PASSWORD, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send } from './support/http';

describe('agents: profiles, states and history', () => {
  let api: RunningApi;
  let a: SeededHelpline;
  let b: SeededHelpline;
  const asAgent = (method: string, path: string, body?: unknown) =>
    send(api, method, path, a.users.agent.accessToken, body);
  const asSupervisor = (method: string, path: string, body?: unknown) =>
    send(api, method, path, a.users.supervisor.accessToken, body);
  const historyOf = async (agentId: string) => {
    const history = await asSupervisor('GET', `/agents/${agentId}/history`);
    expect(history.status).toBe(200);
    return history.body as unknown as Record<string, unknown>[];
  };

  beforeAll(async () => {
    api = await startApi('agents');
    a = await seedHelpline(api, 'Agents A');
    b = await seedHelpline(api, 'Agents B');
  });

  afterAll(async () => {
    await api.close();
  });

  it('lets a supervisor set an agent’s languages, skills, capacity and wrap-up time, filling in defaults', async () => {
    const set = await asSupervisor('PUT', `/agents/${a.users.agent.id}/profile`, {
      languages: ['fi', 'sv'],
      skills: { extortion: 7, 'data-breach': 4 },
      capacity: { chat: 2 },
      wrapUpSeconds: 30,
    });
    expect(set).toMatchObject({
      status: 200,
      body: {
        id: a.users.agent.id,
        languages: ['fi', 'sv'],
        skills: { extortion: 7, 'data-breach': 4 },
        capacity: { voice: 1, chat: 2, callback: 1 },
        wrapUpSeconds: 30,
      },
    });
    const listed = await asSupervisor('GET', '/agents');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: a.users.agent.id, wrapUpSeconds: 30 })]);
    const own = await asAgent('GET', '/agents/me');
    expect(own).toMatchObject({ status: 200, body: { id: a.users.agent.id, capacity: { chat: 2 } } });
  });

  it('starts a new agent offline with the default capacity, and refuses a profile for someone who is not an agent', async () => {
    const created = await send(api, 'POST', '/staff/users', a.users.admin.accessToken, {
      login: `new.agent.${Date.now()}`,
      displayName: 'New agent',
      roles: ['agent'],
      password: TEST_PASSWORD,
    });
    expect(created.status).toBe(201);
    const profile = await send(api, 'PUT', `/agents/${created.body.id as string}/profile`, a.users.admin.accessToken, {
      languages: ['fi'],
      skills: {},
    });
    expect(profile).toMatchObject({
      status: 200,
      body: { state: 'offline', awayReason: null, capacity: { voice: 1, chat: 3, callback: 1 }, wrapUpSeconds: 60 },
    });
    expect(await historyOf(created.body.id as string)).toEqual([
      expect.objectContaining({ from: null, to: 'offline', actorKind: 'admin', actorId: a.users.admin.id }),
    ]);

    const analyst = await asSupervisor('PUT', `/agents/${a.users.analyst.id}/profile`, {
      languages: ['fi'],
      skills: {},
    });
    expect(analyst).toMatchObject({ status: 409, body: { code: 'NOT_AN_AGENT' } });
  });

  it('lets an agent go available and then away with a reason, announcing each change', async () => {
    const available = await asAgent('POST', '/agents/me/state', { state: 'available' });
    expect(available).toMatchObject({ status: 200, body: { state: 'available', awayReason: null } });
    const away = await asAgent('POST', '/agents/me/state', { state: 'away', reason: 'break' });
    expect(away).toMatchObject({ status: 200, body: { state: 'away', awayReason: 'break' } });
    expect((await asAgent('GET', '/agents/me')).body).toMatchObject({ state: 'away', awayReason: 'break' });

    const dataSource = api.app.get(DataSource);
    const schema = api.config.database.type === 'postgres' ? `"${api.config.database.schema}".` : '';
    const events = await dataSource.query<{ payload: string }[]>(
      `SELECT payload FROM ${schema}"outbox_events" WHERE type = 'agent.state-changed' ORDER BY occurred_at`,
    );
    const mine = events
      .map((e) => JSON.parse(e.payload) as Record<string, unknown>)
      .filter((p) => p.agentId === a.users.agent.id);
    expect(mine.slice(-1)).toEqual([
      { agentId: a.users.agent.id, from: 'available', to: 'away', reason: 'break', languages: ['fi', 'sv'] },
    ]);
  });

  it('refuses an agent who sets themselves busy, changing nothing', async () => {
    const before = await asAgent('GET', '/agents/me');
    const historyBefore = await historyOf(a.users.agent.id);
    const busy = await asAgent('POST', '/agents/me/state', { state: 'busy' });
    expect(busy).toMatchObject({ status: 409, body: { code: 'ILLEGAL_AGENT_TRANSITION' } });
    expect(await historyOf(a.users.agent.id)).toEqual(historyBefore);
    expect((await asAgent('GET', '/agents/me')).body).toEqual(before.body);
  });

  it('shows the supervisor every change in order, their own included, and never lets them make an agent available', async () => {
    const start = (await historyOf(a.users.agent.id)).length;
    await asAgent('POST', '/agents/me/state', { state: 'available' });
    const sentAway = await asSupervisor('POST', `/agents/${a.users.agent.id}/state`, {
      state: 'away',
      reason: 'training',
    });
    expect(sentAway).toMatchObject({ status: 200, body: { state: 'away', awayReason: 'training' } });
    await asSupervisor('POST', `/agents/${a.users.agent.id}/state`, { state: 'offline' });
    const backOn = await asSupervisor('POST', `/agents/${a.users.agent.id}/state`, { state: 'available' });
    expect(backOn).toMatchObject({ status: 409, body: { code: 'ILLEGAL_AGENT_TRANSITION' } });

    const history = await historyOf(a.users.agent.id);
    expect(history[0]).toMatchObject({ from: null, to: 'offline', actorKind: 'admin' });
    expect(history.slice(start)).toEqual([
      expect.objectContaining({ to: 'available', actorKind: 'self', actorId: a.users.agent.id, reason: null }),
      expect.objectContaining({ from: 'available', to: 'away', actorKind: 'supervisor', reason: 'training' }),
      expect.objectContaining({ from: 'away', to: 'offline', actorKind: 'supervisor', actorId: a.users.supervisor.id }),
    ]);
    const times = history.map((entry) => entry.at as number);
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('treats another helpline’s agent as not found', async () => {
    const agentOfB = b.users.agent.id;
    expect(await asSupervisor('GET', `/agents/${agentOfB}/history`)).toMatchObject({
      status: 404,
      body: { code: 'AGENT_NOT_FOUND' },
    });
    expect(await asSupervisor('POST', `/agents/${agentOfB}/state`, { state: 'offline' })).toMatchObject({
      status: 404,
      body: { code: 'AGENT_NOT_FOUND' },
    });
    const profile = await asSupervisor('PUT', `/agents/${agentOfB}/profile`, { languages: ['fi'], skills: {} });
    expect(profile.status).toBe(404);
    const listed = await asSupervisor('GET', '/agents');
    expect((listed.body as unknown as { id: string }[]).map((agent) => agent.id)).not.toContain(agentOfB);
    expect((await send(api, 'GET', '/agents/me', b.users.agent.accessToken)).body).toMatchObject({ state: 'offline' });
  });

  it('names the bad fields of a malformed profile or state change', async () => {
    const profile = await asSupervisor('PUT', `/agents/${a.users.agent.id}/profile`, {
      languages: ['Finnish'],
      skills: { extortion: 11 },
      capacity: { voice: 2 },
      wrapUpSeconds: -1,
    });
    expect(profile.status).toBe(400);
    for (const field of ['languages', 'skills', 'capacity.voice', 'wrapUpSeconds']) {
      expect(profile.body.message).toContain(field);
    }
    const noReason = await asAgent('POST', '/agents/me/state', { state: 'away' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason/);
    const missedOffers = await asAgent('POST', '/agents/me/state', { state: 'away', reason: 'missed-offers' });
    expect(missedOffers.status).toBe(400);
    expect(missedOffers.body.message).toMatch(/reason/);
    const unknown = await asAgent('POST', '/agents/me/state', { state: 'asleep' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/state/);
  });
});
