import { io, type Socket } from 'socket.io-client';
import { RealtimePublisher, rooms } from '@tuki/platform';
import type { StreamEnvelope } from '@tuki/contracts';
import { seedHelpline, startApi, type RunningApi } from './support/api-harness';

function connect(api: RunningApi, token: string): Promise<Socket> {
  const socket = io(api.url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function next<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (payload: T) => resolve(payload)));
}

describe('realtime fan-out', () => {
  let api: RunningApi;
  let other: RunningApi;
  let a: Awaited<ReturnType<typeof seedHelpline>>;
  let b: Awaited<ReturnType<typeof seedHelpline>>;

  beforeAll(async () => {
    api = await startApi('realtime');
    other = await startApi('realtime-2', { config: api.config });
    a = await seedHelpline(api, 'Fan A');
    b = await seedHelpline(api, 'Fan B');
  });

  afterAll(async () => {
    await other.close();
    await api.close();
  });

  it('delivers an event published anywhere to every api process, numbered per stream, and only to its helpline', async () => {
    const onFirst = await connect(api, a.users.supervisor.accessToken);
    const onSecond = await connect(other, a.users.agent.accessToken);
    const otherHelpline = await connect(other, b.users.supervisor.accessToken);
    let leaked = false;
    otherHelpline.on('test.happened', () => (leaked = true));

    const publisher = api.app.get(RealtimePublisher);
    const stream = rooms.helpline(a.helplineId);
    const received = Promise.all([
      next<StreamEnvelope<{ n: number }>>(onFirst, 'test.happened'),
      next<StreamEnvelope<{ n: number }>>(onSecond, 'test.happened'),
    ]);
    const sent = await publisher.publish(stream, 'test.happened', { n: 1 });
    const [first, second] = await received;
    expect(first).toEqual(sent);
    expect(second).toEqual(sent);

    const again = next<StreamEnvelope<{ n: number }>>(onSecond, 'test.happened');
    await publisher.publish(stream, 'test.happened', { n: 2 });
    expect((await again).seq).toBe(sent.seq + 1);

    // A client that missed messages compares its last seq with the server's and resyncs.
    const positions = await onSecond.emitWithAck('streams.positions');
    expect(positions).toMatchObject({ [stream]: sent.seq + 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(leaked).toBe(false);
    [onFirst, onSecond, otherHelpline].forEach((s) => s.disconnect());
  });
});
