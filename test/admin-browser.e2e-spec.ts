import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as OTPAuth from 'otpauth';
import { TEST_PASSWORD, startApi, totpNow, type RunningApi, type SeededHelpline } from './support/api-harness';
import { AgentSocket } from './support/agent-socket';
import { buildWebPages, launchChromium, seriousAxeFaults } from './support/browser';
import { freshLine } from './support/callbacks';
import { send } from './support/http';

/*
 * The administration page (/web/admin) in headless Chromium, as admins and supervisors use it. An admin creates an
 * agent (with a routing profile that has no skills) and a queue that needs a skill but widens to any agent after a
 * second; the new agent signs in and is offered a caller of that queue. A supervisor, new and without an authenticator,
 * sets one up while signing in, sees only Queues, is told #staff and #keys are not for their role (the api refuses the
 * admin routes too), opens and closes a queue and sets its thresholds, and every change is in the audit with who did
 * it. An invalid definition shows each problem beside its field (from the validation pipe and from the domain) and
 * changes nothing. axe-core finds no serious or critical fault on any of it; the console stays clean.
 */

const ARTEFACTS = join(process.env.TEST_ARTEFACTS_DIR ?? join(__dirname, '..', 'test-artefacts'), 'admin');

const unique = () => Math.random().toString(36).slice(2, 8);

describe('administration page', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let browser: Browser;
  let context: BrowserContext;
  let admin: Page;
  const faults: string[] = [];
  const shot = (on: Page, name: string) => on.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

  function watch(on: Page): void {
    on.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
    // The refusals this test provokes (400, 403) show as "Failed to load resource" lines: those are the page's
    // answers, checked on the page; anything else the console reports is a fault.
    on.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        faults.push(`console: ${message.text()}`);
      }
    });
  }

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    watch(page);
    return page;
  }

  /** The queue as the api has it now (the admin's view). */
  async function queueOf(id: string) {
    const reply = await send(api, 'GET', `/routing-queues/${id}`, seed.users.admin.accessToken);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  beforeAll(async () => {
    buildWebPages();
    mkdirSync(ARTEFACTS, { recursive: true });
    api = await startApi('admin_browser');
    seed = await freshLine(api, 'Admin page line');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    admin = await newPage();
    await admin.goto(`${api.url}/web/admin`);
    await admin.getByLabel('Login').fill(seed.users.admin.login);
    await admin.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    // The seed signed in with the current step: the next one is still accepted, and never used before.
    await admin.getByLabel('Authenticator code').fill(totpNow(seed.users.admin.totpSecret!, Date.now() + 30_000));
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Staff', level: 2 }).waitFor({ timeout: 10_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('lets an admin create an agent and a widening queue that the agent is then offered a caller through', async () => {
    const page = admin;
    const nav = page.getByRole('navigation', { name: 'Administration' });
    // Staff and Queues first; the other panels (content, safety, keys) follow.
    expect((await nav.getByRole('link').allTextContents()).slice(0, 2)).toEqual(['Staff', 'Queues']);
    expect(await nav.getByRole('link', { name: 'Staff' }).getAttribute('aria-current')).toBe('page');

    // A new agent: the account, then (the panel opens it at once) a routing profile with Finnish and no skills.
    const login = `agent.new.${unique()}`;
    const staff = page.locator('section#staff');
    await staff.getByRole('button', { name: 'New account' }).click();
    await staff.getByLabel('Login').fill(login);
    await staff.getByLabel('Display name').fill('Aino (new agent)');
    expect(await staff.getByRole('group', { name: 'Roles' }).getByLabel('Agent').isChecked()).toBe(true);
    await staff.getByLabel('Initial password').fill(TEST_PASSWORD);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: `Routing profile of ${login}` }).waitFor();
    await staff.getByLabel('Languages').fill('fi');
    await staff.getByLabel('Skills').fill('');
    await staff.getByLabel('Chats (0-10)').fill('2');
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'staff-profile');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const agentRow = page.locator(`tr[data-user="${login}"]`);
    await agentRow.filter({ hasText: 'calls 1, chats 2, callbacks 1' }).waitFor();
    expect(await agentRow.textContent()).toContain('fi; no skills');
    await page.locator('#announcer', { hasText: `Routing profile of ${login} saved.` }).waitFor();
    expect(await page.locator('#announcer').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('[aria-live]').count()).toBe(1);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'staff');

    // A queue that needs extortion 5, but after a second of waiting takes any agent with the language.
    const name = `Extortion, Finnish ${unique()}`;
    await page.getByRole('link', { name: 'Queues' }).click();
    const queuesPanel = page.locator('section#queues');
    await queuesPanel.getByRole('button', { name: 'New queue' }).click();
    await queuesPanel.getByLabel('Name', { exact: true }).fill(name);
    await queuesPanel.getByLabel('Languages').fill('fi');
    await queuesPanel.getByLabel('Required skills').fill('extortion=5');
    await page.getByRole('button', { name: 'Add widening step' }).click();
    await page.getByLabel('Step 1: after waiting seconds').fill('1');
    await page.getByLabel('Step 1: then').selectOption('any');
    expect(await page.getByLabel('Always open').isChecked()).toBe(true);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'queue-new');
    await page.getByRole('button', { name: 'Create queue' }).click();
    await page.locator(`tr[data-queue="${name}"]`).waitFor();
    const queues = await send(api, 'GET', '/routing-queues', seed.users.admin.accessToken);
    const queue = (queues.body as unknown as { id: string; name: string }[]).find((q) => q.name === name)!;
    expect(await queueOf(queue.id)).toMatchObject({
      languages: ['fi'],
      requiredSkills: { extortion: 5 },
      widening: [{ afterSeconds: 1, relaxBy: 'any' }],
      openingHours: null,
      open: true,
    });

    // A caller arrives in that queue; the new agent signs in, waits past the widening step, and starts the shift.
    const contact = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: `admin-page-${unique()}`,
      queueId: queue.id,
      channel: 'voice',
      language: 'fi',
    });
    expect(contact.status).toBe(201);
    const signIn = await send(api, 'POST', '/auth/sign-in', undefined, { login, password: TEST_PASSWORD });
    expect(signIn.status).toBe(200);
    const token = signIn.body.accessToken as string;
    const socket = await AgentSocket.connect(api, token);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const available = await send(api, 'POST', '/agents/me/state', token, { state: 'available' });
      expect(available.status).toBe(200);
      const offer = await socket.nextOffer(1);
      expect(offer).toMatchObject({ contactId: contact.body.id, queueId: queue.id, language: 'fi' });
    } finally {
      socket.close();
    }

    // Who did it, in the audit: the account, the profile and the queue, each by this admin.
    const audit = await send(api, 'GET', '/audit?limit=50', seed.users.admin.accessToken);
    const actions = (audit.body as unknown as { action: string; actor: { id: string } }[])
      .filter((entry) => entry.actor.id === seed.users.admin.id)
      .map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['staff.user-created', 'agent.profile-set', 'routing-queue.defined']),
    );
  });

  it('shows an invalid definition’s problems beside their fields and changes nothing', async () => {
    const page = admin;
    const before = await queueOf(seed.queueId);
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Queues' }).click();
    const queueName = before.name as string;
    await page.getByRole('button', { name: `Edit definition ${queueName}` }).click();
    await page.getByRole('heading', { name: `Definition of ${queueName}` }).waitFor();

    // The validation pipe's refusal: the offer timeout is below its minimum.
    const timeout = page.getByLabel('Offer timeout, seconds (5-300)');
    await timeout.fill('2');
    await page.getByRole('button', { name: 'Save definition' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('There is a problem');
    expect(await timeout.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await timeout.getAttribute('aria-describedby'))!.split(' ');
    const error = page.locator(`[id="${describedBy[describedBy.length - 1]}"]`);
    expect(await error.textContent()).toBe('must not be less than 5');
    expect(await error.getAttribute('class')).toBe('field-error');
    // The summary has the focus, and its entry leads to the field.
    expect(await page.evaluate('document.activeElement.className')).toBe('error-summary');
    await summary.getByRole('button', { name: /Offer timeout/ }).click();
    expect(await page.evaluate('document.activeElement.id')).toBe(await timeout.getAttribute('id'));
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'queue-invalid-timeout');

    // The domain's refusal: widening steps out of order, named beside the second step's time.
    await timeout.fill('20');
    await page.getByRole('button', { name: 'Add widening step' }).click();
    await page.getByLabel('Step 1: after waiting seconds').fill('60');
    await page.getByRole('button', { name: 'Add widening step' }).click();
    await page.getByLabel('Step 2: after waiting seconds').fill('30');
    await page.getByLabel('Step 2: then').selectOption('1');
    await page.getByRole('button', { name: 'Save definition' }).click();
    const second = page.getByLabel('Step 2: after waiting seconds');
    await page.locator('.error-summary').waitFor();
    expect(await timeout.getAttribute('aria-invalid')).toBeNull();
    expect(await second.getAttribute('aria-invalid')).toBe('true');
    const secondError = (await second.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${secondError}"]`).textContent()).toBe('steps must come in order of afterSeconds');
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'queue-invalid-widening');

    // A time the page cannot read is named the same way before anything is sent.
    await page.getByLabel('Always open').uncheck();
    await page.getByLabel('Monday').fill('from eight');
    await page.getByRole('button', { name: 'Save definition' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.getByLabel('Monday').getAttribute('aria-invalid')).toBe('true');

    expect(await queueOf(seed.queueId)).toEqual(before);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(faults).toEqual([]);
  });

  it('lets a supervisor open, close and set thresholds, and keeps Staff and Keys from them', async () => {
    // A new supervisor: no authenticator yet, so the page sets one up while signing in.
    const login = `supervisor.new.${unique()}`;
    const created = await send(api, 'POST', '/staff/users', seed.users.admin.accessToken, {
      login,
      displayName: 'Sanna (new supervisor)',
      roles: ['supervisor'],
      password: TEST_PASSWORD,
    });
    expect(created.status).toBe(201);
    const page = await newPage();
    await page.goto(`${api.url}/web/admin#staff`);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'sign-in');
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const secretText = page.locator('#enrol-secret');
    await secretText.waitFor();
    const secret = (await secretText.textContent())!.replace(/\s+/g, '');
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'enrolment');
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
    await page.getByLabel('Code from the app').fill(code);
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();

    // Followed a link to #staff: told it is not for them, and nothing of the panel is there.
    const refusal = page.locator('#not-allowed');
    await refusal.filter({ hasText: 'This panel is not allowed for your role.' }).waitFor({ timeout: 10_000 });
    const nav = page.getByRole('navigation', { name: 'Administration' });
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toContain('Queues');
    expect(links.filter((link) => ['Staff', 'Content'].includes(link) || link.startsWith('Keys'))).toEqual([]);
    expect(await page.locator('section#staff').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New account' }).count()).toBe(0);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await nav.getByRole('link', { name: 'Queues' }).click();
    await refusal.waitFor({ state: 'hidden' });
    await page.goto(`${api.url}/web/admin#keys`);
    await refusal.filter({ hasText: 'This panel is not allowed for your role.' }).waitFor();
    expect(await page.locator('section#keys').count()).toBe(0);
    expect(await page.locator('section#queues').isVisible()).toBe(false);

    // The api refuses the same things to a supervisor's token.
    const token = seed.users.supervisor.accessToken;
    const agentId = seed.users.agent.id;
    expect(
      (
        await send(api, 'POST', '/staff/users', token, {
          login: 'x.y.z',
          displayName: 'x',
          roles: ['agent'],
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(403);
    expect((await send(api, 'PATCH', `/staff/users/${agentId}`, token, { disabled: true })).status).toBe(403);
    expect((await send(api, 'POST', `/staff/users/${agentId}/mfa-reset`, token)).status).toBe(403);
    expect((await send(api, 'POST', `/staff/users/${agentId}/unlock`, token)).status).toBe(403);
    expect(
      (
        await send(api, 'PUT', `/routing-queues/${seed.queueId}`, token, {
          name: 'x',
          languages: ['fi'],
          requiredSkills: {},
        })
      ).status,
    ).toBe(403);

    // Queues: definitions read-only, open and close, thresholds.
    await nav.getByRole('link', { name: 'Queues' }).click();
    const queue = await queueOf(seed.queueId);
    const queueName = queue.name as string;
    const row = page.locator(`tr[data-queue="${queueName}"]`);
    await row.waitFor();
    expect(await page.getByRole('button', { name: 'New queue' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: `Edit definition ${queueName}` }).count()).toBe(0);
    await page.getByRole('button', { name: `Definition ${queueName}` }).click();
    await page.getByRole('heading', { name: `Definition of ${queueName}` }).waitFor();
    expect(await page.locator('.definition').textContent()).toContain('extortion 3');
    expect(await page.locator('.definition input').count()).toBe(0);
    expect(await seriousAxeFaults(page)).toEqual([]);

    await page.getByRole('button', { name: `Close ${queueName}` }).click();
    await row.filter({ hasText: 'Closed' }).waitFor();
    expect((await queueOf(seed.queueId)).open).toBe(false);
    await page.getByRole('button', { name: `Open ${queueName}` }).click();
    await row.locator('td', { hasText: /^Open$/ }).waitFor();
    expect((await queueOf(seed.queueId)).open).toBe(true);

    await page.getByRole('button', { name: `Thresholds ${queueName}` }).click();
    await page.getByRole('heading', { name: `Thresholds of ${queueName}` }).waitFor();
    await page.getByLabel('Offer a callback first past an estimated wait of, seconds').fill('120');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.locator('#announcer', { hasText: `Thresholds of ${queueName} saved.` }).waitFor();
    expect((await queueOf(seed.queueId)).callbackPolicy.offerAfterWaitSeconds).toBe(120);

    // Surge levels: out of order is named beside the level; in order is saved.
    await page.getByLabel('Elevated from').fill('2');
    await page.getByLabel('Surge from').fill('1.5');
    await page.getByRole('button', { name: 'Save surge levels' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.getByLabel('Surge from').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'supervisor-thresholds');
    await page.getByLabel('Surge from').fill('4');
    await page.getByLabel('Critical from').fill('8');
    await page.getByRole('button', { name: 'Save surge levels' }).click();
    await page.locator('#announcer', { hasText: `Surge levels of ${queueName} saved.` }).waitFor();
    const levels = await send(api, 'GET', `/supervision/surge-thresholds/${seed.queueId}`, token);
    expect(levels.body).toEqual({ elevated: 2, surge: 4, critical: 8 });

    // Each change is in the audit, with who made it.
    const audit = await send(api, 'GET', `/audit?subjectId=${seed.queueId}&limit=20`, seed.users.admin.accessToken);
    const byNewSupervisor = (
      audit.body as unknown as { action: string; actor: { id: string; roles: string[] }; fields: string[] }[]
    ).filter((entry) => entry.actor.id === created.body.id);
    expect(byNewSupervisor.map((entry) => entry.action).reverse()).toEqual([
      'routing-queue.closed',
      'routing-queue.opened',
      'routing-queue.adjusted',
      'surge-thresholds.set',
    ]);
    expect(byNewSupervisor[0].actor.roles).toEqual(['supervisor']);
    await page.close();
    expect(faults).toEqual([]);
  });

  it('takes an admin through every editor of Staff and Queues, each passing axe', async () => {
    const page = admin;
    const nav = page.getByRole('navigation', { name: 'Administration' });
    const login = `supervisor.phone.lost.${unique()}`;
    const created = await send(api, 'POST', '/staff/users', seed.users.admin.accessToken, {
      login,
      displayName: 'Pekka (lost phone)',
      roles: ['supervisor'],
      password: TEST_PASSWORD,
    });
    expect(created.status).toBe(201);
    // As if Pekka had set up an authenticator: the panel offers to reset it only then.
    const enrolment = await send(api, 'POST', '/auth/mfa/enrol', undefined, { login, password: TEST_PASSWORD });
    const code = totpNow(enrolment.body.secret as string);
    expect(
      (await send(api, 'POST', '/auth/mfa/confirm', undefined, { login, password: TEST_PASSWORD, totp: code })).status,
    ).toBe(200);

    await nav.getByRole('link', { name: 'Staff' }).click();
    const staff = page.locator('section#staff');
    await staff.getByRole('button', { name: 'Reload accounts' }).click();
    const row = staff.locator(`tr[data-user="${login}"]`);
    await row.filter({ hasText: 'Set up' }).waitFor();

    await staff.getByRole('button', { name: `Edit ${login}` }).click();
    await staff.getByRole('heading', { name: `Edit ${login}` }).waitFor();
    expect(await seriousAxeFaults(page)).toEqual([]);
    await staff.getByLabel('Display name').fill('Pekka K.');
    await staff.getByRole('button', { name: 'Save account' }).click();
    await row.filter({ hasText: 'Pekka K.' }).waitFor();

    await staff.getByRole('button', { name: `Reset authenticator ${login}` }).click();
    await staff.getByRole('heading', { name: /^Reset the authenticator of/ }).waitFor();
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'staff-confirm-reset');
    await staff.getByRole('button', { name: 'Reset authenticator', exact: true }).click();
    await row.filter({ hasText: 'Not set up' }).waitFor();
    expect(
      (await send(api, 'GET', `/staff/users/${created.body.id}`, seed.users.admin.accessToken)).body.mfaEnrolled,
    ).toBe(false);

    await staff.getByRole('button', { name: `Disable ${login}` }).click();
    await staff.getByRole('button', { name: 'Disable account' }).click();
    await row.filter({ hasText: 'Disabled' }).waitFor();
    await staff.getByRole('button', { name: `Enable ${login}` }).click();
    await row.filter({ hasText: 'Active' }).waitFor();
    await staff.getByRole('button', { name: `Clear sign-in delay ${login}` }).click();
    await page.locator('#announcer', { hasText: `Sign-in delay of ${login} cleared.` }).waitFor();
    expect(await seriousAxeFaults(page)).toEqual([]);

    // Queues: the opening hours with a holiday, and the thresholds, as an admin sees them.
    await nav.getByRole('link', { name: 'Queues' }).click();
    const queues = page.locator('section#queues');
    const queueName = (await queueOf(seed.queueId)).name as string;
    await queues.getByRole('button', { name: `Edit definition ${queueName}` }).click();
    await queues.getByLabel('Always open').uncheck();
    await queues.getByLabel('Monday').fill('08:00-16:00');
    await queues.getByRole('button', { name: 'Add closure' }).click();
    await queues.getByLabel('Closure 1 from').fill('2026-12-24');
    await queues.getByLabel('Closure 1 to').fill('2026-12-26');
    await queues.getByLabel('Closure 1 reason').fill('Christmas');
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'queue-hours');
    await queues.getByRole('button', { name: 'Save definition' }).click();
    await page.locator('#announcer', { hasText: `Queue ${queueName} saved.` }).waitFor();
    expect((await queueOf(seed.queueId)).openingHours).toEqual({
      timeZone: 'Europe/Helsinki',
      weekly: { mon: [{ open: '08:00', close: '16:00' }] },
      closures: [{ from: '2026-12-24', to: '2026-12-26', reason: 'Christmas' }],
    });
    await queues.getByRole('button', { name: `Thresholds ${queueName}` }).click();
    await queues.getByRole('heading', { name: `Surge levels of ${queueName}` }).waitFor();
    expect(await seriousAxeFaults(page)).toEqual([]);
    expect(faults).toEqual([]);
  });
});
