import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AgentSocket } from './support/agent-socket';
import { TEST_PASSWORD, startApi, totpNow, type RunningApi, type SeededHelpline } from './support/api-harness';
import { buildWebPages, launchChromium, seriousAxeFaults } from './support/browser';
import { addAgent, arrive, freshLine } from './support/callbacks';
import { answerCall } from './support/cases';
import { send, until } from './support/http';

/*
 * The agent desk in headless Chromium, as a volunteer uses it on their first shift: sign in, start the shift, take
 * an offer created through the API with the keyboard, confirm the repeat caller by their code word, write a note
 * (reloading the page halfway: the draft comes back from the server and the browser's storage holds none of it),
 * classify, ask for help (a supervisor's dashboard shows it and answers), complete; a note left when wrap-up runs out
 * stays flagged on the desk until finished; a callback is dialled with the number shown only during the attempt.
 * Screenshots of each step are kept, and axe-core finds no serious or critical fault.
 */

const ARTEFACTS = join(process.env.TEST_ARTEFACTS_DIR ?? join(__dirname, '..', 'test-artefacts'), 'agent-desk');
const CALLER = '+358 40 5550199';
const CODE_WORD = 'kielo';
const NOTE = 'Caller got a second blackmail e-mail about the therapy notes; advised not to pay, to report it.';

/** What the browser keeps for the page: nothing in any storage, no cookie. */
async function browserStorage(page: Page, context: BrowserContext) {
  // A string, evaluated in the page (the test's own TypeScript has no DOM types).
  const stored = await page.evaluate<{ local: string[]; session: string[]; indexedDb: string[]; caches: string[] }>(
    `(async () => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      indexedDb: (await indexedDB.databases()).map((db) => db.name),
      caches: await caches.keys(),
    }))()`,
  );

  return { ...stored, cookies: (await context.cookies()).map((c) => c.name) };
}

describe('agent desk', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const faults: string[] = [];
  const shot = (name: string, on: Page = page) =>
    on.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

  async function signIn(): Promise<void> {
    await page.goto(`${api.url}/web/agent`);
    await page.getByLabel('Login').fill(seed.users.agent.login);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#state').filter({ hasText: 'State:' }).waitFor({ timeout: 10_000 });
  }

  beforeAll(async () => {
    buildWebPages();
    mkdirSync(ARTEFACTS, { recursive: true });
    api = await startApi('agent_desk');
    seed = await freshLine(api, 'Desk line');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        faults.push(`console: ${message.text()}`);
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('takes a repeat caller from offer to completed note, across a reload, with help on the way', async () => {
    // Earlier: the same caller talked to this agent, who kept a code word in the case. (Through the API: this test
    // is about the next call.)
    const earlier = await AgentSocket.connect(api, seed.users.agent.accessToken);
    const first = await answerCall(
      api,
      seed,
      { token: seed.users.agent.accessToken, socket: earlier },
      'desk-0',
      CALLER,
    );
    let earlierCase: { id: string; version: number } | undefined;
    await until(
      async () => {
        const opened = await send(api, 'POST', `/contacts/${first}/case`, seed.users.agent.accessToken);
        earlierCase = opened.status === 200 ? (opened.body as { id: string; version: number }) : undefined;
        return earlierCase !== undefined;
      },
      8000,
      'the earlier case',
    );
    const patched = await send(api, 'PATCH', `/cases/${earlierCase!.id}`, seed.users.agent.accessToken, {
      version: earlierCase!.version,
      codeWord: CODE_WORD,
    });
    expect(patched.status).toBe(200);
    await send(api, 'POST', `/contacts/${first}/end`, seed.users.agent.accessToken);
    await send(api, 'POST', `/contacts/${first}/complete`, seed.users.agent.accessToken);
    await send(api, 'POST', '/agents/me/state', seed.users.agent.accessToken, { state: 'offline' });
    earlier.close();

    // The shift starts.
    await signIn();
    await page.locator('#start-shift').click();
    await page.locator('#state[data-state="available"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#profile-languages').textContent()).toBe('Languages: fi');
    await shot('1-shift-started');

    // An offer: what routing knows, the repeat-caller hint, and a countdown to the server's deadline.
    const contact = await arrive(api, seed, 'desk-1', {
      caller: { kind: 'phone', value: CALLER },
      priority: 'high',
      riskFlags: ['extortion-deadline'],
      topic: 'extortion',
    });
    const offer = page.locator(`.offer[data-contact="${contact.id}"]`);
    await offer.waitFor({ timeout: 10_000 });
    const offerText = await offer.textContent();
    expect(offerText).toContain('Call · FI');
    expect(offerText).toContain('Topic: extortion');
    expect(offerText).toContain('Risk: extortion deadline (set when the contact arrived)');
    expect(offerText).toContain('Possible repeat caller: 1 earlier contacts');
    expect(await offer.locator('.countdown').textContent()).toMatch(/^\d+ s to answer$/);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot('2-offer');

    // Accepted with the keyboard; the caller gives their code word, and the earlier case opens.
    await page.keyboard.press('Alt+KeyA');
    const panel = page.locator(`.contact[data-contact="${contact.id}"]`);
    await panel.waitFor({ timeout: 10_000 });
    await panel.getByLabel('Code word').fill(CODE_WORD);
    await panel.getByRole('button', { name: 'Check code word' }).click();
    await panel.getByText(/Confirmed: the earlier case .+ is open\./).waitFor({ timeout: 10_000 });
    await shot('3-repeat-confirmed');
    const note = panel.getByLabel('Note for this contact');
    await note.waitFor({ timeout: 10_000 });
    expect(await panel.locator('.case h4').textContent()).toMatch(/^Case [0-9A-Z-]+$/);

    // Half the note, saved to the server as it is typed.
    const half = NOTE.slice(0, 40);
    await note.pressSequentially(half, { delay: 10 });
    await panel.locator('.save-status[data-state="saved"]').waitFor({ timeout: 10_000 });
    await shot('4-note-typed');

    // A reload (a crash, a closed tab): the draft comes back from the server; the browser kept nothing.
    await page.reload();
    expect(await browserStorage(page, context)).toEqual({
      local: [],
      session: [],
      indexedDb: [],
      caches: [],
      cookies: [],
    });
    await signIn();
    const restored = page.locator(`.contact[data-contact="${contact.id}"]`);
    const restoredNote = restored.getByLabel('Note for this contact');
    await until(async () => (await restoredNote.inputValue()) === half, 10_000, 'the draft after the reload');
    await restoredNote.press('End');
    await restoredNote.pressSequentially(NOTE.slice(40), { delay: 5 });
    await restored.locator('.save-status[data-state="saved"]').waitFor({ timeout: 10_000 });
    expect(await browserStorage(page, context)).toEqual({
      local: [],
      session: [],
      indexedDb: [],
      caches: [],
      cookies: [],
    });
    await shot('5-after-reload');

    // Help: the supervisor's dashboard shows the call at once, and "I'm coming" reaches the agent.
    const supervisorPage = await context.newPage();
    await supervisorPage.goto(`${api.url}/web/supervisor`);
    await supervisorPage.getByLabel('Login').fill(seed.users.supervisor.login);
    await supervisorPage.getByLabel('Password').fill(TEST_PASSWORD);
    await supervisorPage
      .getByLabel('Authenticator code')
      .fill(totpNow(seed.users.supervisor.totpSecret!, Date.now() + 30_000));
    await supervisorPage.getByRole('button', { name: 'Sign in' }).click();
    await supervisorPage.locator('#connection[data-state="live"]').waitFor({ timeout: 15_000 });
    await restored.getByRole('button', { name: 'Ask for help' }).click();
    await restored.getByText('Supervisors have been alerted.').waitFor({ timeout: 5000 });
    const helpItem = supervisorPage.locator('#help-list li', { hasText: 'agent Desk line asks for help' });
    await helpItem.waitFor({ timeout: 5000 });
    await shot('6-help-on-dashboard', supervisorPage);
    await helpItem.getByRole('button', { name: 'I’m coming' }).click();
    await restored.getByText('Someone is coming.').waitFor({ timeout: 5000 });
    await supervisorPage.close();

    // Classify, then complete with the keyboard: the note joins the case.
    await restored.locator('.checkboxes input[type="checkbox"]').first().check();
    const outcome = restored.getByLabel('Outcome');
    await outcome.selectOption({ index: 1 });
    await restored.getByLabel('Risk level').selectOption('high');
    await restored.getByRole('button', { name: 'Save case' }).click();
    await page.locator('#notice', { hasText: 'Case saved.' }).waitFor({ timeout: 5000 });
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot('7-classified');
    await restoredNote.focus();
    await page.keyboard.press('Alt+KeyC');
    await restored.waitFor({ state: 'detached', timeout: 10_000 });
    await shot('8-completed');

    const caseView = await send(api, 'GET', `/cases/${earlierCase!.id}`, seed.users.agent.accessToken);
    expect(caseView.status).toBe(200);
    const detail = caseView.body as {
      notes: { body: string; contactId: string }[];
      contacts: { contactId: string; outcome: string | null; categories: string[] }[];
      riskLevel: string;
    };
    expect(detail.notes).toEqual(
      expect.arrayContaining([expect.objectContaining({ body: NOTE, contactId: contact.id })]),
    );
    expect(detail.contacts.find((c) => c.contactId === contact.id)).toMatchObject({
      outcome: expect.any(String),
      categories: [expect.any(String)],
    });
    expect(detail.riskLevel).toBe('high');
    expect((await send(api, 'GET', '/note-drafts', seed.users.agent.accessToken)).body).toEqual([]);

    // Another agent, who never worked with this caller, cannot open the case.
    const other = await addAgent(api, seed, 'outsider');
    expect([403, 404]).toContain((await send(api, 'GET', `/cases/${earlierCase!.id}`, other.token)).status);
    expect(faults).toEqual([]);
  }, 180_000);

  it('keeps a note that wrap-up ran out on as a flagged draft until it is finished', async () => {
    const profile = await send(api, 'PUT', `/agents/${seed.users.agent.id}/profile`, seed.users.admin.accessToken, {
      languages: ['fi'],
      skills: { extortion: 5 },
      wrapUpSeconds: 4,
    });
    expect(profile.status).toBe(200);
    await page.locator('#state[data-state="available"]').waitFor({ timeout: 15_000 });
    const contact = await arrive(api, seed, 'desk-2', { caller: { kind: 'phone', value: '+358 40 5550288' } });
    const offer = page.locator(`.offer[data-contact="${contact.id}"]`);
    await offer.getByRole('button', { name: 'Accept' }).click({ timeout: 10_000 });
    const panel = page.locator(`.contact[data-contact="${contact.id}"]`);
    const note = panel.getByLabel('Note for this contact');
    await note.waitFor({ timeout: 10_000 });
    await panel.locator('.case h4').waitFor({ timeout: 10_000 });
    await note.pressSequentially('Unfinished: called about', { delay: 5 });
    await panel.getByRole('button', { name: 'End contact' }).click();
    await page.locator('#wrap-up', { hasText: /^Wrap-up: \d+ s left$/ }).waitFor({ timeout: 5000 });
    await shot('9-wrap-up');

    // Wrap-up runs out: the agent is available again, the contact closes, its note waits on the desk.
    await panel.waitFor({ state: 'detached', timeout: 20_000 });
    await page.locator('#state[data-state="available"]').waitFor({ timeout: 10_000 });
    const flagged = page.locator(`#drafts .draft[data-contact="${contact.id}"]`);
    await flagged.waitFor({ timeout: 10_000 });
    // Listed without its text.
    expect(await flagged.textContent()).not.toContain('Unfinished');
    await shot('10-flagged-draft');
    await flagged.getByRole('button', { name: 'Finish note' }).click();
    const editor = flagged.getByLabel('Note for this contact');
    await until(async () => (await editor.inputValue()) === 'Unfinished: called about', 10_000, 'the draft');
    await editor.pressSequentially(' a leaked record.', { delay: 5 });
    await flagged.getByRole('button', { name: 'Complete' }).click();
    await flagged.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await send(api, 'GET', '/note-drafts', seed.users.agent.accessToken)).body).toEqual([]);
    expect(faults).toEqual([]);
  }, 120_000);

  it('dials a callback with the number shown only during the attempt', async () => {
    const request = await send(api, 'POST', '/callbacks', seed.service.token, {
      number: '+358 40 5550377',
      queueId: seed.queueId,
      language: 'fi',
      idempotencyKey: 'desk-callback-1',
    });
    expect(request.status).toBe(200);
    const callbackId = (request.body as { callback: { id: string } }).callback.id;
    const offer = page.locator(`.offer[data-contact="${callbackId}"]`);
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toContain('Callback · FI');
    await offer.getByRole('button', { name: 'Accept' }).click();
    const panel = page.locator(`.contact[data-contact="${callbackId}"]`);
    expect(await panel.locator('.number').count()).toBe(0);
    await panel.getByRole('button', { name: 'Call back' }).click();
    await panel.locator('.number', { hasText: '+358405550377' }).waitFor({ timeout: 10_000 });
    await shot('11-callback-dialling');
    await panel.getByRole('button', { name: 'Reached' }).click();
    await panel.getByText('The number is hidden again.').waitFor({ timeout: 10_000 });
    expect(await page.content()).not.toContain('5550377');
    await panel.locator('.case h4').waitFor({ timeout: 10_000 });
    await panel.locator('.checkboxes input[type="checkbox"]').first().check();
    await panel.getByLabel('Outcome').selectOption({ index: 1 });
    await panel.getByRole('button', { name: 'Complete' }).click();
    await panel.waitFor({ state: 'detached', timeout: 10_000 });

    // The desk reads in Finnish and Swedish too.
    await page.getByLabel('Desk language').selectOption('fi');
    expect(await page.locator('#shift-heading').textContent()).toBe('Vuorosi');
    await page.getByLabel('Työpöydän kieli').selectOption('sv');
    expect(await page.locator('#shift-heading').textContent()).toBe('Ditt pass');
    expect(await page.evaluate('document.documentElement.lang')).toBe('sv');
    await page.getByLabel('Skrivbordets språk').selectOption('en');
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await shot(`desk-${size.width}x${size.height}`);
    }
    expect(await seriousAxeFaults(page)).toEqual([]);
    expect(faults).toEqual([]);
  }, 120_000);
});
