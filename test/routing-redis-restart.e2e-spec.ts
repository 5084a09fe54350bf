import { io, type Socket } from 'socket.io-client';
import { RoutingEngine } from '@tuki/assignment';
import type { OfferPayload, StreamEnvelope } from '@tuki/contracts';
import { OwnRedis } from '@tuki/testing';
import { seedHelpline, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { send, until } from './support/http';

const WAITING = 25;

describe('routing when Redis restarts empty', () => {
  let redis: OwnRedis;
  let api: RunningApi;
  let seed: SeededHelpline;
  let socket: Socket | undefined;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    api = await startApi('redis-restart', { redisUrl: redis.url });
    seed = await seedHelpline(api, 'Restart line');
  });

  afterAll(async () => {
    socket?.disconnect();
    await api.close();
    await redis.stop();
  });

  it('puts every waiting contact back at its place within 10 s and routing goes on', async () => {
    const ids = [seed.contactId];
    for (let i = 0; i < WAITING - 1; i++) {
      const created = await send(api, 'POST', '/contacts', seed.service.token, {
        idempotencyKey: `restart-${i}`,
        queueId: seed.queueId,
        channel: 'voice',
        language: 'fi',
        priority: i % 5 === 0 ? 'high' : 'normal',
      });
      ids.push(created.body.id as string);
    }
    const store = api.app.get(RoutingEngine).store;
    const positions = async () =>
      Promise.all(
        ids.map((contactId) => store.position(seed.helplineId, { contactId, queueId: seed.queueId, language: 'fi' })),
      );
    await until(async () => (await positions()).every((p) => p !== undefined), 10_000, 'every contact indexed');
    const before = await positions();

    await redis.stop();
    await redis.start();
    const took = await until(
      async () => JSON.stringify(await positions()) === JSON.stringify(before),
      10_000,
      'the index to be rebuilt with every contact at its place',
    );
    expect(took).toBeLessThan(10_000);

    // The caller is told their place; with nobody on duty there is no honest estimate, so the channel offers a callback.
    const last = ids[before.indexOf(WAITING)];
    const told = await send(api, 'GET', `/contacts/${last}/position`, seed.service.token);
    expect(told.body).toEqual({
      contactId: last,
      state: 'queued',
      position: WAITING,
      estimatedWaitSeconds: null,
      servingAgents: 0,
      offerCallback: true,
    });

    socket = io(api.url, {
      transports: ['websocket'],
      auth: { token: seed.users.agent.accessToken },
      reconnection: false,
      forceNew: true,
    });
    const offer = new Promise<OfferPayload>((resolve) =>
      socket!.once('offer.created', (e: StreamEnvelope<OfferPayload>) => resolve(e.data)),
    );
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });
    expect(
      (await send(api, 'POST', '/agents/me/state', seed.users.agent.accessToken, { state: 'available' })).status,
    ).toBe(200);
    const first = await offer;
    // The best-ranked contact: the first high-priority one (high outranks normal within the ageing window).
    const bestIndex = before.indexOf(1);
    expect(first.contactId).toBe(ids[bestIndex]);
    // One agent on duty for voice, no history yet: rounds of one, 8 minutes each, the first half gone on average.
    const estimate = await send(api, 'GET', `/contacts/${last}/position`, seed.service.token);
    expect(estimate.body).toMatchObject({
      position: WAITING - 1,
      servingAgents: 1,
      estimatedWaitSeconds: (WAITING - 2 + 0.5) * 480,
    });
  });
});
