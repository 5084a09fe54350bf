import { DataSource } from 'typeorm';
import { seedHelpline, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send } from './support/http';

const NUMBER = '+358 40 765 4321';

describe('contacts: intake, states and history', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  const intake = (body: Record<string, unknown>) => send(api, 'POST', '/contacts', seed.service.token, body);

  beforeAll(async () => {
    api = await startApi('contacts');
    seed = await seedHelpline(api, 'Intake line');
  });

  afterAll(async () => {
    await api.close();
  });

  it('makes one contact of a webhook sent twice, even when both arrive at once', async () => {
    const body = {
      idempotencyKey: 'call-CA123',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      priority: 'high',
    };
    const answers = await Promise.all(Array.from({ length: 8 }, () => intake(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id as string)).size).toBe(1);
    expect(answers[0].body).toMatchObject({ state: 'queued', priority: 'high', language: 'fi' });

    const reused = await intake({ ...body, language: 'sv' });
    expect(reused).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('keeps no trace of the phone number: only a keyed hash of it', async () => {
    const created = await intake({
      idempotencyKey: 'call-number',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      caller: { kind: 'phone', value: NUMBER },
    });
    expect(created).toMatchObject({ status: 201, body: { knownCaller: true } });
    const dataSource = api.app.get(DataSource);
    const digits = NUMBER.replace(/\D/g, '');
    for (const table of ['contacts', 'contact_history', 'outbox_events']) {
      const schema = api.config.database.type === 'postgres' ? `"${api.config.database.schema}".` : '';
      const rows: unknown[] = await dataSource.query(`SELECT * FROM ${schema}"${table}"`);
      const text = JSON.stringify(rows);
      expect({ table, leaked: text.includes(digits) || text.includes('765 4321') }).toEqual({ table, leaked: false });
    }
  });

  it('records a hang-up within 5 s as a short abandon, and refuses to abandon it again without changing anything', async () => {
    const created = await intake({
      idempotencyKey: 'call-hangup',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
    });
    const id = created.body.id as string;
    const abandoned = await send(api, 'POST', `/contacts/${id}/abandon`, seed.service.token);
    expect(abandoned).toMatchObject({ status: 200, body: { state: 'abandoned' } });
    expect(abandoned.body.waitMs).toBeGreaterThanOrEqual(0);

    const again = await send(api, 'POST', `/contacts/${id}/abandon`, seed.service.token);
    expect(again).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });

    const history = await send(api, 'GET', `/contacts/${id}/history`, seed.users.supervisor.accessToken);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({ from: null, to: 'queued', change: 'created', actorKind: 'service' }),
      expect.objectContaining({ from: 'queued', to: 'abandoned', change: 'abandon', reason: 'short-abandon' }),
    ]);
  });

  it('gives a caller who rings again soon after hanging up their old place back', async () => {
    const caller = { kind: 'phone', value: '+358 50 111 2222' };
    const first = await intake({
      idempotencyKey: 'call-first',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      caller,
    });
    await send(api, 'POST', `/contacts/${first.body.id as string}/abandon`, seed.service.token);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await intake({
      idempotencyKey: 'call-second',
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      caller,
    });
    expect(second.status).toBe(201);
    expect(second.body.firstArrivedAt).toBe(first.body.firstArrivedAt);
    const history = await send(
      api,
      'GET',
      `/contacts/${second.body.id as string}/history`,
      seed.users.admin.accessToken,
    );
    expect(history.body[0]).toMatchObject({ change: 'created', reason: 'resumed-place' });
  });

  it('refuses new contacts while a supervisor has closed the queue', async () => {
    const closed = await send(api, 'PATCH', `/routing-queues/${seed.queueId}`, seed.users.supervisor.accessToken, {
      open: false,
    });
    expect(closed).toMatchObject({ status: 200, body: { open: false } });
    const refused = await intake({
      idempotencyKey: 'call-closed',
      queueId: seed.queueId,
      channel: 'chat',
      language: 'sv',
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'ROUTING_QUEUE_CLOSED' } });
    await send(api, 'PATCH', `/routing-queues/${seed.queueId}`, seed.users.supervisor.accessToken, { open: true });
    expect(
      (await intake({ idempotencyKey: 'call-closed', queueId: seed.queueId, channel: 'chat', language: 'sv' })).status,
    ).toBe(201);
  });

  it('names the bad fields of a malformed contact and of a queue definition', async () => {
    const bad = await intake({
      idempotencyKey: 'x',
      queueId: seed.queueId,
      channel: 'pigeon',
      language: 'Finnish',
      riskFlags: ['free text'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/channel/);
    expect(bad.body.message).toMatch(/language/);
    expect(bad.body.message).toMatch(/riskFlags/);
    const queue = await send(api, 'POST', '/routing-queues', seed.users.admin.accessToken, {
      name: 'Broken',
      languages: ['fi'],
      requiredSkills: { Extortion: 11 },
    });
    expect(queue).toMatchObject({ status: 400, body: { code: 'INVALID_QUEUE_DEFINITION' } });
    const overflow = await send(api, 'POST', '/routing-queues', seed.users.admin.accessToken, {
      name: 'Overflowing',
      languages: ['fi'],
      requiredSkills: {},
      maxWaitSeconds: 120,
    });
    expect(overflow).toMatchObject({
      status: 400,
      body: { message: 'overflowQueueId: needed with maxWaitSeconds (where long waits go)' },
    });
  });

  it('moves a caller who waited past the maximum to the overflow queue, keeping their place by first arrival', async () => {
    const admin = seed.users.admin.accessToken;
    const overflow = await send(api, 'POST', '/routing-queues', admin, {
      name: 'Overflow',
      languages: ['fi'],
      requiredSkills: {},
    });
    const strict = await send(api, 'POST', '/routing-queues', admin, {
      name: 'Strict',
      languages: ['fi'],
      requiredSkills: { extortion: 9 },
      maxWaitSeconds: 10,
      overflowQueueId: overflow.body.id,
    });
    expect(strict.status).toBe(201);
    const created = await intake({
      idempotencyKey: 'call-overflow',
      queueId: strict.body.id,
      channel: 'voice',
      language: 'fi',
    });
    const id = created.body.id as string;
    const deadline = Date.now() + 15_000;
    let contact = created;
    while (Date.now() < deadline && contact.body.queueId !== overflow.body.id) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      contact = await send(api, 'GET', `/contacts/${id}`, seed.users.supervisor.accessToken);
    }
    expect(contact.body).toMatchObject({
      queueId: overflow.body.id,
      state: 'queued',
      firstArrivedAt: created.body.firstArrivedAt,
    });
    const history = await send(api, 'GET', `/contacts/${id}/history`, seed.users.supervisor.accessToken);
    expect(history.body).toContainEqual(expect.objectContaining({ change: 'overflow', from: 'queued', to: 'queued' }));
  });
});
