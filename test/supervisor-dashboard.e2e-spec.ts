import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { SUPERVISOR_NAMESPACE, SUPERVISOR_SNAPSHOT_PARTS, type MetricsMessage } from '@tuki/contracts';
import { TEST_PASSWORD, startApi, totpNow, type RunningApi, type SeededHelpline } from './support/api-harness';
import { buildWebPages, launchChromium, seriousAxeFaults } from './support/browser';
import { arrive, defineQueue, freshLine } from './support/callbacks';
import { send, until } from './support/http';

/*
 * The supervisor dashboard in headless Chromium, as a supervisor uses it: sign in with the second factor, watch the
 * waiting count and the longest wait move without a reload as contacts arrive and leave, close a queue, change its
 * callback threshold and send an agent offline from the page. Screenshots at a laptop's and a wall screen's size are
 * kept as artefacts, and axe-core finds no serious or critical accessibility fault. The `/supervisors` handshake
 * refuses other roles, and its messages keep the contract (numbered snapshot, consecutive changes, resync).
 */

/** Where the screenshots go (TEST_ARTEFACTS_DIR in CI, to collect them with the job). */
const ARTEFACTS = join(
  process.env.TEST_ARTEFACTS_DIR ?? join(__dirname, '..', 'test-artefacts'),
  'supervisor-dashboard',
);

/** What the `/supervisors` handshake answers a token: 'connected', or the connect_error's message. */
function handshake(api: RunningApi, token?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(`${api.url}${SUPERVISOR_NAMESPACE}`, {
      transports: ['websocket'],
      auth: token ? { token } : {},
      reconnection: false,
      forceNew: true,
    });
    const done = (answer: string) => {
      socket.disconnect();
      resolve(answer);
    };
    socket.once('connect', () => done('connected'));
    socket.once('connect_error', (error) => done(error.message));
  });
}

describe('supervisor dashboard', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let browser: Browser;

  beforeAll(async () => {
    buildWebPages();
    mkdirSync(ARTEFACTS, { recursive: true });
    api = await startApi('supervisor-dashboard');
    seed = await freshLine(api, 'Dashboard line');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('admits supervisors and admins to /supervisors and refuses agents, analysts and sockets without a token', async () => {
    expect(await handshake(api, seed.users.agent.accessToken)).toBe('FORBIDDEN');
    expect(await handshake(api, seed.users.analyst.accessToken)).toBe('FORBIDDEN');
    expect(await handshake(api)).toBe('UNAUTHENTICATED');
    expect(await handshake(api, 'not-a-token')).toBe('UNAUTHENTICATED');
    expect(await handshake(api, seed.users.supervisor.accessToken)).toBe('connected');
    expect(await handshake(api, seed.users.admin.accessToken)).toBe('connected');
  });

  it('pushes a whole numbered snapshot, then changes numbered one after another, and answers a resync', async () => {
    const socket = io(`${api.url}${SUPERVISOR_NAMESPACE}`, {
      transports: ['websocket'],
      auth: { token: seed.users.supervisor.accessToken },
      reconnection: false,
      forceNew: true,
    });
    const messages: { event: string; message: MetricsMessage }[] = [];
    socket.on('metrics.snapshot', (message: MetricsMessage) => messages.push({ event: 'metrics.snapshot', message }));
    socket.on('metrics.changed', (message: MetricsMessage) => messages.push({ event: 'metrics.changed', message }));
    try {
      await until(() => messages.length > 0, 10_000, 'the first snapshot');
      const first = messages[0];
      expect(first.event).toBe('metrics.snapshot');
      expect(Object.keys(first.message.parts).sort()).toEqual([...SUPERVISOR_SNAPSHOT_PARTS].sort());
      expect(first.message.parts.helplineId).toBe(seed.helplineId);

      // Something changes: a contact arrives.
      const contact = await arrive(api, seed, 'contract-1');
      await until(
        () => messages.some((m) => m.event === 'metrics.changed' && m.message.parts.overall?.waiting === 1),
        10_000,
        'a change with one caller waiting',
      );
      const numbers = messages.map((m) => m.message.seq);
      expect(numbers).toEqual(numbers.map((_, i) => first.message.seq + i));
      for (const { message } of messages.slice(1))
        expect(message.parts.helplineId ?? seed.helplineId).toBe(seed.helplineId);

      const resynced = (await socket.timeout(5000).emitWithAck('metrics.resync')) as MetricsMessage;
      expect(Object.keys(resynced.parts).sort()).toEqual([...SUPERVISOR_SNAPSHOT_PARTS].sort());
      expect(resynced.seq).toBeGreaterThanOrEqual(messages[messages.length - 1].message.seq);
      expect(resynced.parts.overall?.waiting).toBe(1);
      await send(api, 'POST', `/contacts/${contact.id}/abandon`, seed.service.token);
    } finally {
      socket.disconnect();
    }
  });

  it('shows the waiting count and the longest wait moving live, takes the supervisor’s actions, and passes axe', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page: Page = await context.newPage();
    const faults: string[] = [];
    page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
    // A failed request is reported by its response (with its address); the browser's own favicon request is not
    // the page's.
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
        faults.push(`${response.status()} ${response.url()}`);
      }
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        faults.push(`console: ${message.text()}`);
      }
    });
    const value = (selector: string) => page.locator(selector).getAttribute('data-value');

    await page.goto(`${api.url}/web/supervisor`);
    await page.getByLabel('Login').fill(seed.users.supervisor.login);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    // The seeding used this 30 s step's code, and a code is accepted once: the next step's is still within the ±1
    // step window the server allows.
    await page.getByLabel('Authenticator code').fill(totpNow(seed.users.supervisor.totpSecret!, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 15_000 });
    await until(async () => (await value('#tile-waiting .tile-value')) === '0', 10_000, 'nobody waiting');
    // Set in the page's own JavaScript world: a reload would lose it.
    await page.evaluate('window.sameDocument = true');

    // An admin defines a queue; it appears as a row without a reload.
    const queue = await defineQueue(api, seed, { name: 'Dashboard test queue' });
    const row = page.locator('#queues-body tr', { has: page.locator('th', { hasText: 'Dashboard test queue' }) });
    await row.waitFor({ timeout: 10_000 });

    // Two callers arrive (nobody is on duty, so they wait): the count and the longest wait appear.
    const contacts = [
      await arrive(api, seed, 'dash-1', { queueId: queue.id }),
      await arrive(api, seed, 'dash-2', { queueId: queue.id }),
    ];
    await until(async () => (await value('#tile-waiting .tile-value')) === '2', 10_000, 'two waiting on the tile');
    await until(async () => (await row.locator('td').nth(1).getAttribute('data-value')) === '2', 10_000, 'row: 2');
    const longest = async () => Number(await value('#tile-longest-wait .tile-value'));
    const before = await longest();
    // The page counts the wait up by itself between messages.
    await until(async () => (await longest()) >= before + 2, 6000, 'the longest wait counting up');

    // One hangs up: the count falls.
    await send(api, 'POST', `/contacts/${contacts[0].id}/abandon`, seed.service.token);
    await until(async () => (await value('#tile-waiting .tile-value')) === '1', 10_000, 'one waiting on the tile');
    expect(await page.evaluate('window.sameDocument')).toBe(true);

    // The window toggle restates the tiles' window.
    await page.getByLabel('Today', { exact: true }).check();
    await until(
      async () => (await page.locator('#tile-abandonment .tile-caption').textContent())?.startsWith('today') ?? false,
      2000,
      'the abandonment tile over today',
    );
    await page.getByLabel('Rolling 15 min', { exact: true }).check();

    // The supervisor sets the callback threshold and closes the queue from the row.
    await row.getByLabel(/Offer a callback in Dashboard test queue/).fill('120');
    await row.getByRole('button', { name: 'Save' }).click();
    await until(
      async () =>
        (await send(api, 'GET', `/routing-queues/${queue.id}`, seed.users.supervisor.accessToken)).body.callbackPolicy
          ?.offerAfterWaitSeconds === 120,
      5000,
      'the threshold saved',
    );
    await row.getByRole('button', { name: 'Close queue Dashboard test queue' }).click();
    await until(
      async () =>
        (await send(api, 'GET', `/routing-queues/${queue.id}`, seed.users.supervisor.accessToken)).body.open === false,
      5000,
      'the queue closed',
    );
    await row.getByRole('button', { name: 'Open queue Dashboard test queue' }).waitFor({ timeout: 5000 });
    await until(async () => (await row.getAttribute('data-open')) === 'false', 10_000, 'the row shown closed');

    // An agent asks for help: the page shows it by name at once, and "I'm coming" answers it.
    const help = await send(api, 'POST', '/help-requests', seed.users.agent.accessToken, {});
    expect(help.status).toBe(201);
    const helpItem = page.locator('#help-list li', { hasText: 'agent Dashboard line asks for help' });
    await helpItem.waitFor({ timeout: 5000 });
    await helpItem.getByRole('button', { name: 'I’m coming' }).click();
    await until(
      async () =>
        ((await send(api, 'GET', '/help-requests', seed.users.supervisor.accessToken)).body as unknown[]).length === 0,
      5000,
      'the call for help answered',
    );
    await page.locator('#help-empty').waitFor({ state: 'visible', timeout: 5000 });

    // An agent takes a break; the board shows them by name, and the supervisor signs them out from the page.
    await send(api, 'POST', '/agents/me/state', seed.users.agent.accessToken, { state: 'away', reason: 'break' });
    const agentRow = page.locator('#agents-body tr', { has: page.locator('th', { hasText: 'agent Dashboard line' }) });
    await agentRow.locator('[data-agent-state="away"]').waitFor({ timeout: 10_000 });
    expect(await agentRow.locator('td').first().textContent()).toBe('Away (break)');
    await agentRow.getByLabel('New state for agent Dashboard line').selectOption('offline');
    await agentRow.getByRole('button', { name: 'Apply' }).click();
    await until(
      async () => {
        const agents = (await send(api, 'GET', '/agents', seed.users.supervisor.accessToken)).body as unknown as {
          id: string;
          state: string;
        }[];
        return agents.find((agent) => agent.id === seed.users.agent.id)?.state === 'offline';
      },
      5000,
      'the agent offline',
    );

    // Layouts: no sideways scrolling of the page at either size, and a screenshot of each.
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      const tablesScrolling = await page.evaluate(
        `[...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth).map((w) => w.ariaLabel)`,
      );
      expect(tablesScrolling).toEqual([]);
      await page.screenshot({ path: join(ARTEFACTS, `supervisor-${size.width}x${size.height}.png`), fullPage: true });
    }

    expect(await seriousAxeFaults(page)).toEqual([]);

    // Still live after a quiet spell (the page probes a silent server rather than guess).
    expect(await page.locator('#connection').getAttribute('data-state')).toBe('live');
    await send(api, 'POST', `/contacts/${contacts[1].id}/abandon`, seed.service.token);
    expect(faults).toEqual([]);
    await context.close();
  }, 120_000);
});
