import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_CHAT_SETTINGS } from '@tuki/chat';
import { TEST_PASSWORD, startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { buildWebPages, launchChromium } from './support/browser';
import { arrive, found, freshLine, numberNeedles } from './support/callbacks';
import { send, until } from './support/http';
import { TcpProxy } from './support/tcp-proxy';
import { OutputCapture, pgDump, redisDump, settled } from './support/theft';

/*
 * The web chat in headless Chromium, as a caller and an agent use it: triage, the place in the queue falling, an agent
 * accepting on the chat panel, messages and typing both ways, the network cut outside the browser (a proxy the test
 * stops and starts) and nothing lost or doubled after the reconnect, then quick exit leaving nothing in the browser.
 * Also: the embed loads only on allowed sites, and a number left through the page's callback form is nowhere in clear.
 */

/** A tiny site of the test's own: a neutral page for quick exit, and host pages that embed the chat. */
async function site(html: (path: string) => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html(request.url ?? '/'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const CALLBACK_NUMBER = { e164: '+358405550177', national: '0405550177' };

describe('web chat in a browser', () => {
  const output = new OutputCapture();
  let api: RunningApi;
  let seed: SeededHelpline;
  let browser: Browser;
  let proxy: TcpProxy;
  const servers: Server[] = [];
  let neutral: string;
  let allowedHost: string;
  let otherHost: string;

  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

  beforeAll(async () => {
    buildWebPages();
    output.start();
    api = await startApi('chat-browser', { env: { LOG_LEVEL: 'trace' } });
    seed = await freshLine(api, 'Browser chat line');
    proxy = new TcpProxy('127.0.0.1', Number(new URL(api.url).port));
    await proxy.start();
    const neutralSite = await site(() => '<!doctype html><title>Weather</title><h1>Weather today</h1>');
    neutral = `${neutralSite.origin}/weather`;
    const embedding = (origin: () => string) =>
      site(() => `<!doctype html><title>Host</title><iframe title="chat" src="${origin()}"></iframe>`);
    const allowed = await embedding(() => `${proxy.url}/web/embed/${seed.helplineId}`);
    const other = await embedding(() => `${proxy.url}/web/embed/${seed.helplineId}`);
    servers.push(neutralSite.server, allowed.server, other.server);
    allowedHost = allowed.origin;
    otherHost = other.origin;
    const configured = await send(api, 'PUT', '/chat-settings', seed.users.admin.accessToken, {
      ...DEFAULT_CHAT_SETTINGS,
      enabled: true,
      queueId: seed.queueId,
      embedOrigins: [allowedHost],
      quickExitUrl: neutral,
    });
    if (configured.status !== 200) throw new Error(`chat settings refused: ${JSON.stringify(configured.body)}`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    try {
      await browser?.close();
      await proxy?.stop();
      for (const server of servers) server.close();
      await api?.close();
    } finally {
      output.stop();
    }
  });

  it('embeds only in the helpline’s allowed sites', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(allowedHost);
    await page.frameLocator('iframe').locator('#start').waitFor({ timeout: 10_000 });

    const refused = await context.newPage();
    const blocked = new Promise<boolean>((resolve) => {
      refused.on('console', (message) => {
        if (/frame-ancestors/.test(message.text())) resolve(true);
      });
    });
    await refused.goto(otherHost);
    expect(await Promise.race([blocked, new Promise((resolve) => setTimeout(() => resolve(false), 8000))])).toBe(true);
    expect(await refused.frameLocator('iframe').locator('#start').count()).toBe(0);
    await context.close();
  });

  it('carries a whole chat through a cut network, then leaves nothing behind on quick exit', async () => {
    // Two callers wait ahead on the phone.
    const ahead = [await arrive(api, seed, 'ahead-1'), await arrive(api, seed, 'ahead-2')];

    const callerContext: BrowserContext = await browser.newContext();
    const caller = await callerContext.newPage();
    await caller.goto('about:blank');
    await caller.goto(`${proxy.url}/web/chat/${seed.helplineId}`);
    await caller.locator('#language').selectOption('fi');
    await caller.locator('#a-safe-now-yes').check();
    await caller.locator('#start').click();
    const status = caller.locator('#status');
    await until(async () => (await status.getAttribute('data-position')) === '3', 10_000, 'place 3');
    // The place falls as those ahead hang up.
    for (const [i, contact] of ahead.entries()) {
      await send(api, 'POST', `/contacts/${contact.id}/abandon`, seed.service.token);
      await until(async () => (await status.getAttribute('data-position')) === String(2 - i), 10_000, `place ${2 - i}`);
    }

    // The agent signs in on the chat panel, starts the shift and accepts the offer.
    const agentContext = await browser.newContext();
    const agent = await agentContext.newPage();
    await agent.goto(`${api.url}/web/agent`);
    await agent.locator('#login').fill(seed.users.agent.login);
    await agent.locator('#password').fill(TEST_PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.locator('#start-shift').click();
    await agent.locator('.offer').getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await until(async () => (await status.getAttribute('data-state')) === 'connected', 10_000, 'caller connected');

    // Messages and typing both ways.
    await caller.locator('#message').fill('Sain kiristysviestin eilen.');
    await caller.locator('#send').click();
    const chat = agent.locator('.chat');
    await chat.locator('li.caller', { hasText: 'Sain kiristysviestin eilen.' }).waitFor({ timeout: 10_000 });
    await chat.locator('textarea').pressSequentially('Olen tä', { delay: 20 });
    await caller.locator('#typing').waitFor({ state: 'visible', timeout: 10_000 });
    await chat.locator('textarea').fill('Olen täällä. Kerro lisää.');
    await chat.getByRole('button', { name: 'Send' }).click();
    await caller.locator('li.agent', { hasText: 'Olen täällä. Kerro lisää.' }).waitFor({ timeout: 10_000 });
    await caller.locator('#message').pressSequentially('He uhkaavat', { delay: 20 });
    await chat.getByText('The caller is typing…').waitFor({ state: 'visible', timeout: 10_000 });
    await caller.locator('#message').fill('');

    // The network between the caller and Tuki goes; the page shows it.
    await proxy.stop();
    await caller.locator('#connection').waitFor({ state: 'visible', timeout: 15_000 });
    // Meanwhile the agent writes twice and the caller once (kept on the page until it can be sent).
    for (const text of ['Älä maksa mitään.', 'Tehdään rikosilmoitus yhdessä.']) {
      await chat.locator('textarea').fill(text);
      await chat.getByRole('button', { name: 'Send' }).click();
      await chat.locator('li.agent', { hasText: text }).waitFor({ timeout: 10_000 });
    }
    await caller.locator('#message').fill('Olenko vaarassa?');
    await caller.locator('#send').click();
    await proxy.start();
    await caller.locator('#connection').waitFor({ state: 'hidden', timeout: 20_000 });

    // Everything arrives once, in order, on both sides.
    const expected = [
      'Sain kiristysviestin eilen.',
      'Olen täällä. Kerro lisää.',
      'Älä maksa mitään.',
      'Tehdään rikosilmoitus yhdessä.',
      'Olenko vaarassa?',
    ];
    await until(
      async () => (await texts(caller, '#messages li:not(.pending)')).length === 5,
      15_000,
      'caller caught up',
    );
    expect(await texts(caller, '#messages li')).toEqual(expected);
    const numbers = await Promise.all(
      (await caller.locator('#messages li').all()).map((li) => li.getAttribute('data-seq')),
    );
    expect(numbers).toEqual(['1', '2', '3', '4', '5']);
    await until(async () => (await texts(agent, '.chat li')).length === 5, 10_000, 'agent caught up');
    expect(await texts(agent, '.chat li')).toEqual(expected);

    // Quick exit: the page is replaced by the neutral site, and the chat is not in the history.
    const cdp = await callerContext.newCDPSession(caller);
    await caller.locator('#quick-exit').click();
    await caller.waitForURL(neutral, { timeout: 10_000 });
    const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
    expect(entries.map((entry) => entry.url).filter((url) => url.includes('/web/'))).toEqual([]);
    expect(entries.at(-1)?.url).toBe(neutral);
    await caller.goBack();
    expect(caller.url()).toBe('about:blank');

    // Nothing of the chat in the browser: cookies, local and session storage, IndexedDB, caches, service workers.
    expect(await callerContext.cookies()).toEqual([]);
    await caller.goto(`${proxy.url}/ready`);
    // Evaluated in the page (the test's own types have no DOM).
    const stored: unknown = await caller.evaluate(`(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      indexedDb: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
      serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    }))()`);
    expect(stored).toEqual({ local: 0, session: 0, indexedDb: 0, caches: 0, serviceWorkers: 0 });
    const state = await callerContext.storageState();
    expect(state.cookies).toEqual([]);
    expect(state.origins.filter((origin) => origin.localStorage.length > 0)).toEqual([]);

    await callerContext.close();
    await agentContext.close();
    // The shift ends, so nobody is on duty for the next test.
    await send(api, 'POST', '/agents/me/state', seed.users.agent.accessToken, { state: 'offline' });
  });

  it('takes a number through the page’s callback form and keeps it out of the database, Redis and logs', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${proxy.url}/web/chat/${seed.helplineId}`);
    await page.locator('#start').click();
    // Nobody is on duty, so the page offers a callback at once.
    await page.locator('#callback-form').waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('#callback-number').fill('+358 40 555 0177');
    await page.locator('#callback-submit').click();
    await page.getByText(/We will call you back|Soitamme sinulle/).waitFor({ timeout: 10_000 });
    await context.close();

    await settled(api);
    const needles = numberNeedles(CALLBACK_NUMBER.e164, CALLBACK_NUMBER.national);
    const open = await send(api, 'GET', '/callbacks?status=open', seed.users.supervisor.accessToken);
    expect((open.body as unknown as { source: string }[]).map((c) => c.source)).toContain('chat');
    const { database } = api.config;
    if (database.type !== 'postgres') throw new Error('this test runs on PostgreSQL');
    expect(found(await pgDump(database.schema), needles)).toEqual([]);
    expect(found((await redisDump(api.config)).text, needles)).toEqual([]);
    expect(found(output.text, needles)).toEqual([]);
  });
});
