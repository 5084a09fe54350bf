import { ChatConversations, DEFAULT_CHAT_SETTINGS } from '@tuki/chat';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { arrive, freshLine } from './support/callbacks';
import { moveClock } from './support/cases';
import { send } from './support/http';

/*
 * Abuse limits: the supervisors' block list by pseudonymous key (a phone caller's number, a chat's address), with an
 * expiry and a reason code, and the rate limit on callback requests per number.
 */
describe('block list and abuse limits', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  const phone = (key: string, number: string) =>
    send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: key,
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      caller: { kind: 'phone', value: number },
    });
  const webForm = (key: string, number: string) =>
    send(api, 'POST', '/callbacks', seed.service.token, {
      idempotencyKey: key,
      queueId: seed.queueId,
      language: 'fi',
      number,
    });

  beforeAll(async () => {
    api = await startApi('block-list');
    seed = await freshLine(api, 'Block line');
  });

  afterAll(() => api.close());

  it('blocks a phone caller by their key until it is lifted or expires, and tells nobody who it is', async () => {
    const first = await phone('abusive-1', '+358 40 555 0301');
    expect(first.status).toBe(201);
    const supervisor = seed.users.supervisor.accessToken;
    expect(
      (
        await send(api, 'POST', '/block-list', seed.users.agent.accessToken, {
          contactId: first.body.id,
          reason: 'abuse',
          days: 7,
        })
      ).status,
    ).toBe(403);
    expect(
      (await send(api, 'POST', '/block-list', supervisor, { contactId: first.body.id, reason: 'because', days: 0 }))
        .body.message,
    ).toMatch(
      /reason must be one of abuse.*days must not be less than 1|days must not be less than 1.*reason must be one of/s,
    );
    const blocked = await send(api, 'POST', '/block-list', supervisor, {
      contactId: first.body.id,
      reason: 'harassment',
      days: 7,
    });
    expect(blocked.status).toBe(201);
    expect(Object.keys(blocked.body).sort()).toEqual([
      'createdAt',
      'createdBy',
      'expiresAt',
      'id',
      'liftedAt',
      'reason',
    ]);

    // The same number, written another way, is refused on every path a caller starts; another number is not.
    const again = await phone('abusive-2', '+358 40 555 03 01');
    expect(again).toMatchObject({ status: 403, body: { code: 'CALLER_BLOCKED' } });
    expect(JSON.stringify(again.body)).not.toMatch(/harassment|0301/);
    expect(await webForm('abusive-form', '+358405550301')).toMatchObject({
      status: 403,
      body: { code: 'CALLER_BLOCKED' },
    });
    expect((await phone('someone-else', '+358405550302')).status).toBe(201);
    expect((await send(api, 'GET', '/block-list', supervisor)).body).toEqual([blocked.body]);

    // Past the expiry the caller gets through again.
    const later = moveClock(api, 8 * 24 * 3600_000);
    try {
      expect((await phone('abusive-3', '+358405550301')).status).toBe(201);
    } finally {
      later.restore();
    }
    // Lifting ends it at once.
    expect((await send(api, 'DELETE', `/block-list/${blocked.body.id}`, supervisor)).status).toBe(200);
    expect((await phone('abusive-4', '+358405550301')).status).toBe(201);
    expect((await send(api, 'GET', '/block-list', supervisor)).body).toEqual([]);
  });

  it('blocks a web chat caller by the address key', async () => {
    await send(api, 'PUT', '/chat-settings', seed.users.admin.accessToken, {
      ...DEFAULT_CHAT_SETTINGS,
      enabled: true,
      queueId: seed.queueId,
    });
    const started = await send(api, 'POST', `/chat/${seed.helplineId}/conversations`, undefined, { language: 'fi' });
    expect(started.status).toBe(201);
    const contactId = (await api.app.get(ChatConversations).get(seed.helplineId, started.body.conversationId))
      .contactId;
    const blocked = await send(api, 'POST', '/block-list', seed.users.supervisor.accessToken, {
      contactId,
      reason: 'flooding',
      days: 1,
    });
    expect(blocked.status).toBe(201);
    expect(
      await send(api, 'POST', `/chat/${seed.helplineId}/conversations`, undefined, { language: 'fi' }),
    ).toMatchObject({
      status: 403,
      body: { code: 'CALLER_BLOCKED' },
    });
    await send(api, 'DELETE', `/block-list/${blocked.body.id}`, seed.users.supervisor.accessToken);
    expect(
      (await send(api, 'POST', `/chat/${seed.helplineId}/conversations`, undefined, { language: 'fi' })).status,
    ).toBe(201);
  });

  it('limits new callbacks per number, never the requests that merge into one', async () => {
    // Requests at once for one number make one callback and are all answered (merges cost nothing).
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => webForm(`same-${i}`, '+358405550399')));
    expect(burst.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    // Someone having the number rung again and again: after five new callbacks in a day, the next is refused.
    const withdraw = (id: string) => send(api, 'POST', `/callbacks/${id}/withdraw`, seed.service.token);
    await withdraw(burst[0].body.callback.id);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await webForm(`again-${i}`, '+358405550399');
      statuses.push(answer.status);
      if (answer.status === 200) await withdraw(answer.body.callback.id);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // Another number is not held back by it.
    expect((await webForm('calm', '+358405550398')).status).toBe(200);
  });

  it('refuses to block a contact nothing identifies', async () => {
    const anonymous = await arrive(api, seed, 'no-number');
    expect(
      await send(api, 'POST', '/block-list', seed.users.supervisor.accessToken, {
        contactId: anonymous.id,
        reason: 'other',
        days: 1,
      }),
    ).toMatchObject({
      status: 409,
      body: { message: 'Nothing identifies the caller of this contact, so it cannot be blocked' },
    });
  });
});
