import { statusOf, within } from './support/http';
import { OwnRedis } from '@tuki/testing';
import { startApi, type RunningApi } from './support/api-harness';

let ownRedis: OwnRedis | undefined;
/** Whether our Redis runs, so cleanup after a failed test restarts it before closing the app. */
let redisUp = false;
let api: RunningApi | undefined;

/** Polls GET path until it answers `expected`; checks on every round that /health still answers 200. */
async function waitForReady(base: string, expected: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last: number | undefined;
  while (Date.now() < deadline) {
    last = await statusOf(`${base}/ready`);
    expect(await statusOf(`${base}/health`)).toBe(200);
    if (last === expected) return;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  throw new Error(`/ready answered ${last ?? 'nothing'}, not ${expected}, for ${ms} ms`);
}

beforeAll(async () => {
  ownRedis = await OwnRedis.start();
  redisUp = true;
  api = await startApi('readiness', { redisUrl: ownRedis.url });
}, 60_000);

afterAll(async () => {
  try {
    // Closing waits for BullMQ's connections: give it its Redis back if a failed test left it down.
    if (ownRedis && !redisUp) {
      await ownRedis.start();
      redisUp = true;
    }
    if (api) await within(api.close(), 20_000, 'closing the api');
  } finally {
    if (ownRedis && redisUp) await ownRedis.stop();
  }
}, 45_000);

describe('readiness while Redis goes away and comes back', () => {
  it('answers /ready 503 while its Redis is down and 200 again once it is back, with /health 200 throughout', async () => {
    const base = api!.url;
    expect(await statusOf(`${base}/ready`)).toBe(200);
    expect(await statusOf(`${base}/health`)).toBe(200);

    const consoleErrors = jest.spyOn(console, 'error');
    await ownRedis!.stop();
    redisUp = false;
    const downAt = Date.now();
    await waitForReady(base, 503, 10_000);
    expect(Date.now() - downAt).toBeLessThan(10_000);

    // Still down a while later: the process keeps answering and does not crash on reconnection errors, and nothing
    // spins while it waits (BullMQ workers on a connection without an offline queue once retried in a tight loop).
    const cpuBefore = process.cpuUsage();
    await new Promise((wait) => setTimeout(wait, 3000));
    const cpu = process.cpuUsage(cpuBefore);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(1500);
    expect(await statusOf(`${base}/health`)).toBe(200);
    const body = (await (await fetch(`${base}/ready`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      statusCode: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      details: { database: 'ok', redis: 'down' },
    });
    // Reconnection errors go through the rate-limited Redis logger, not a stack trace per attempt.
    expect(consoleErrors).not.toHaveBeenCalled();
    consoleErrors.mockRestore();

    await ownRedis!.start();
    redisUp = true;
    const upAt = Date.now();
    await waitForReady(base, 200, 15_000);
    expect(Date.now() - upAt).toBeLessThan(15_000);
    expect(await statusOf(`${base}/health`)).toBe(200);
  }, 60_000);
});
