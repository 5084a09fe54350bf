import { RoutingQueuesService } from '@tuki/queueing';
import { AgentSocket } from './support/agent-socket';
import { seedHelpline, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send, until } from './support/http';

interface HistoryEntry {
  change: string;
  from: string | null;
  to: string;
  queueId: string;
  actorKind: string;
  reason: string | null;
}

describe('handing callers to another queue, and the wait they were told', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let agent: AgentSocket;
  /** Needs a legal-aid skill the seeded agent lacks, so a transferred caller does not come straight back to them. */
  let legalAidId: string;
  let closedId: string;
  let swedishOnlyId: string;
  let waitingId: string;

  const agentToken = () => seed.users.agent.accessToken;
  const supervisorToken = () => seed.users.supervisor.accessToken;
  const contact = async (id: string) => (await send(api, 'GET', `/contacts/${id}`, supervisorToken())).body;
  const history = async (id: string) =>
    (await send(api, 'GET', `/contacts/${id}/history`, supervisorToken())).body as unknown as HistoryEntry[];

  beforeAll(async () => {
    api = await startApi('transfer');
    seed = await seedHelpline(api, 'Transfer line');
    const queues = api.app.get(RoutingQueuesService);
    legalAidId = (
      await queues.define(
        seed.helplineId,
        { name: 'Legal aid', languages: ['fi'], requiredSkills: { legal: 5 } },
        'Europe/Helsinki',
      )
    ).id;
    closedId = (
      await queues.define(
        seed.helplineId,
        { name: 'Night line', languages: ['fi'], requiredSkills: {} },
        'Europe/Helsinki',
      )
    ).id;
    await send(api, 'PATCH', `/routing-queues/${closedId}`, supervisorToken(), { open: false });
    swedishOnlyId = (
      await queues.define(
        seed.helplineId,
        { name: 'Svenska', languages: ['sv'], requiredSkills: {} },
        'Europe/Helsinki',
      )
    ).id;
    agent = await AgentSocket.connect(api, agentToken());
  });

  afterAll(async () => {
    agent.close();
    await api.close();
  });

  it('keeps the first wait a caller was told and records how far off it was once they are answered', async () => {
    await send(api, 'POST', '/agents/me/state', agentToken(), { state: 'available' });
    await send(api, 'POST', `/offers/${(await agent.nextOffer(1)).contactId}/accept`, agentToken());
    // The agent is busy on the seeded call, so this caller waits, and is told where they are and for how long.
    const created = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: 'transfer-waiting',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
    });
    waitingId = created.body.id as string;
    const told = await send(api, 'GET', `/contacts/${waitingId}/position`, seed.service.token);
    expect(told.body).toMatchObject({ state: 'queued', position: 1, servingAgents: 1 });
    const quoted = await contact(waitingId);
    // The caller hears whole seconds (rounded up); the record keeps the estimate itself.
    const toldMs = (told.body.estimatedWaitSeconds as number) * 1000;
    expect(toldMs - (quoted.quotedWaitMs as number)).toBeGreaterThanOrEqual(0);
    expect(toldMs - (quoted.quotedWaitMs as number)).toBeLessThan(1000);
    // A later estimate does not replace the first.
    await send(api, 'GET', `/contacts/${waitingId}/position`, seed.service.token);
    expect((await contact(waitingId)).quotedWaitMs).toBe(quoted.quotedWaitMs);
    expect(quoted.quoteErrorMs).toBeNull();
  });

  it('lets the agent hand the caller to another queue, where they keep their place, and frees the agent', async () => {
    const before = await contact(seed.contactId);
    const moved = await send(api, 'POST', `/contacts/${seed.contactId}/transfer`, agentToken(), {
      queueId: legalAidId,
    });
    expect(moved).toMatchObject({ status: 200, body: { state: 'queued', queueId: legalAidId, agentId: null } });
    expect(moved.body.firstArrivedAt).toBe(before.firstArrivedAt);
    const entries = await history(seed.contactId);
    expect(entries.at(-1)).toMatchObject({
      change: 'transfer',
      from: 'connected',
      to: 'queued',
      queueId: legalAidId,
      actorKind: 'agent',
      reason: seed.queueId,
    });
    // The agent's room came back: the caller who waited is offered to them now, and the error of their quote kept.
    await until(() => agent.offers.some((o) => o.contactId === waitingId), 8000, 'the waiting offer');
    await send(api, 'POST', `/offers/${waitingId}/accept`, agentToken());
    const answered = await contact(waitingId);
    expect(answered.state).toBe('connected');
    expect(typeof answered.quoteErrorMs).toBe('number');
    expect(await send(api, 'GET', `/contacts/${seed.contactId}/position`, seed.service.token)).toMatchObject({
      body: { state: 'queued', position: 1 },
    });
  });

  it("refuses a transfer of someone else's caller, to a closed queue, or to a queue without the caller's language", async () => {
    expect(
      await send(api, 'POST', `/contacts/${seed.contactId}/transfer`, agentToken(), { queueId: closedId }),
    ).toMatchObject({ status: 404 });
    const toClosed = await send(api, 'POST', `/contacts/${waitingId}/transfer`, agentToken(), { queueId: closedId });
    expect(toClosed).toMatchObject({ status: 409, body: { code: 'QUEUE_CANNOT_TAKE_CONTACT' } });
    expect(toClosed.body.message).toMatch(/closed/);
    const toSwedish = await send(api, 'POST', `/contacts/${waitingId}/transfer`, agentToken(), {
      queueId: swedishOnlyId,
    });
    expect(toSwedish).toMatchObject({ status: 409, body: { code: 'QUEUE_CANNOT_TAKE_CONTACT' } });
    const bad = await send(api, 'POST', `/contacts/${waitingId}/transfer`, agentToken(), { queueId: 'legal' });
    expect(bad.status).toBe(400);
    expect((await contact(waitingId)).state).toBe('connected');
  });

  it('lets a supervisor move a waiting caller to another queue, at their place', async () => {
    const created = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: 'transfer-by-supervisor',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
    });
    const id = created.body.id as string;
    const moved = await send(api, 'POST', `/contacts/${id}/transfer`, supervisorToken(), { queueId: legalAidId });
    expect(moved).toMatchObject({ status: 200, body: { state: 'queued', queueId: legalAidId } });
    expect((await history(id)).at(-1)).toMatchObject({ change: 'transfer', actorKind: 'supervisor' });
    // Behind the earlier transferred caller, who arrived first.
    expect(await send(api, 'GET', `/contacts/${id}/position`, seed.service.token)).toMatchObject({
      body: { position: 2 },
    });
  });
});
