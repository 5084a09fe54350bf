import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SignInService } from '@tuki/staff';
import { TEST_PASSWORD, startApi, totpNow, type RunningApi, type SeededHelpline } from './support/api-harness';
import { buildWebPages, launchChromium, seriousAxeFaults } from './support/browser';
import { freshLine } from './support/callbacks';
import { send } from './support/http';

/*
 * The content, safety, and keys and retention panels of the administration page (/web/admin) in headless Chromium.
 * An admin edits content: a category code the server refuses shows its message beside the field and changes nothing;
 * a referral's Finnish label and the chat's greeting are saved and the server has them; the keys panel says rotation
 * is due and a retention period that is not a number, then one out of range, is refused beside its field before one
 * is saved. A second supervisor blocks a caller until an expiry and lifts the block, reviews another supervisor's
 * break-glass opening, filters the audit log to the block list's entries, sees the chain verified, and is refused the
 * content and keys panels. axe-core finds no serious or critical fault on the panels; the console stays clean.
 */

const ARTEFACTS = join(process.env.TEST_ARTEFACTS_DIR ?? join(__dirname, '..', 'test-artefacts'), 'admin-panels');

describe('administration panels: content, safety, keys and retention', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let browser: Browser;
  let context: BrowserContext;
  let reviewer: { id: string; login: string; secret: string };
  let blockedContactId: string;
  const faults: string[] = [];
  const shot = (on: Page, name: string) => on.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

  async function signedIn(login: string, secret: string): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
    // The refusals this test provokes (400) show as "Failed to load resource" lines: those are the page's answers,
    // checked on the page; anything else the console reports is a fault.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        faults.push(`console: ${message.text()}`);
      }
    });
    await page.goto(`${api.url}/web/admin`);
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    // The seed signed in with the current step: the next one is still accepted, and never used before.
    await page.getByLabel('Authenticator code').fill(totpNow(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).waitFor({ timeout: 10_000 });
    return page;
  }

  async function open(page: Page, title: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
  }

  const caseSettings = async () => (await send(api, 'GET', '/case-settings', seed.users.admin.accessToken)).body;

  beforeAll(async () => {
    buildWebPages();
    mkdirSync(ARTEFACTS, { recursive: true });
    api = await startApi('admin_panels_browser');
    seed = await freshLine(api, 'Panels line');
    // A second supervisor: the seeded one broke the glass, and nobody reviews their own opening.
    const login = `supervisor.reviewer.${randomBytes(3).toString('hex')}`;
    const created = await send(api, 'POST', '/staff/users', seed.users.admin.accessToken, {
      login,
      displayName: 'Riikka Reviewer',
      roles: ['supervisor'],
      password: TEST_PASSWORD,
    });
    const signIn = api.app.get(SignInService);
    const { secret } = await signIn.beginMfaEnrolment({ login, password: TEST_PASSWORD }, '127.0.0.9');
    await signIn.confirmMfaEnrolment({ login, password: TEST_PASSWORD, totp: totpNow(secret) }, '127.0.0.9');
    reviewer = { id: created.body.id as string, login, secret };
    const phone = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: `panels-${randomBytes(3).toString('hex')}`,
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      caller: { kind: 'phone', value: '+358 40 555 0777' },
    });
    blockedContactId = phone.body.id as string;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('lets an admin edit content and retention, showing each refused field beside it and changing nothing then', async () => {
    const page = await signedIn(seed.users.admin.login, seed.users.admin.totpSecret!);
    await open(page, 'Content');
    const before = await caseSettings();
    expect(await seriousAxeFaults(page)).toEqual([]);

    // A category code the server refuses: its message beside the field, a summary on top, and nothing saved.
    const categories = page.locator('form#content-categories');
    await categories.locator('summary', { hasText: 'Category group 1: Data breach and extortion' }).click();
    const code = categories.locator('[data-field="taxonomy.0.code"]');
    await code.fill('Bad Code!');
    await categories.getByRole('button', { name: 'Save categories' }).click();
    await categories.locator('.error-summary').waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    const message = categories.locator(`#${await code.getAttribute('id')}-error`);
    expect(await message.textContent()).toBe('must be a lower-case code such as breach.paid');
    // Two problems: the code itself, and the group's "other" category no longer named after it.
    await page.locator('#announcer', { hasText: 'Not saved: there are 2 problems.' }).waitFor();
    expect((await categories.locator('.error-summary li').allTextContents()).sort()).toEqual([
      'Category list of category group 1: every category needs an "other" entry (<code>.other)',
      'Group code: must be a lower-case code such as breach.paid',
    ]);
    expect(await caseSettings()).toEqual(before);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'content-refused');
    await code.fill('breach');

    // A referral's Finnish label: saved, and only the directories' fields of the document changed.
    const directories = page.locator('form#content-directories');
    await directories.locator('[data-field="referrals.1.label.fi"]').fill('Tietosuojavaltuutettu');
    await directories.getByRole('button', { name: 'Save referrals and outcomes' }).click();
    await page.locator('#announcer', { hasText: 'Referrals and outcomes saved.' }).waitFor();
    const after = await caseSettings();
    expect(after.referrals[1].label).toEqual({ en: 'Data Protection Ombudsman', fi: 'Tietosuojavaltuutettu' });
    expect({ ...after, referrals: before.referrals }).toEqual(before);

    // The chat's greeting, in English and Finnish: the public chat setup has it (once the chat is on).
    const chat = page.locator('form#content-chat');
    await chat.locator('[data-field="greeting.en"]').fill('Welcome. You can write anonymously.');
    await chat.locator('[data-field="greeting.fi"]').fill('Tervetuloa. Voit kirjoittaa nimettömästi.');
    await chat.getByRole('button', { name: 'Save web chat' }).click();
    await page.locator('#announcer', { hasText: 'Web chat: greeting, notice and triage saved.' }).waitFor();
    expect((await send(api, 'GET', '/chat-settings', seed.users.admin.accessToken)).body.greeting).toEqual({
      en: 'Welcome. You can write anonymously.',
      fi: 'Tervetuloa. Voit kirjoittaa nimettömästi.',
    });
    await shot(page, 'content');

    // Keys and retention: the rotation reminder, and a period refused by the page, then by the server, then saved.
    await open(page, 'Keys and retention');
    const keys = page.locator('section#keys');
    expect(await keys.locator('#keys-reminder').textContent()).toMatch(/^Rotation is due in 180 days, on /);
    expect(await keys.getByRole('table', { name: 'Keys in the keyring' }).textContent()).toContain('Encrypts new data');
    const retention = keys.locator('form#retention-form');
    const days = retention.getByLabel('Keep closed cases for (days)');
    expect(await days.inputValue()).toBe('365');
    await days.fill('a year');
    await retention.getByRole('button', { name: 'Save periods' }).click();
    await retention.locator('.field-error', { hasText: 'must be a whole number' }).waitFor();
    await days.fill('0');
    await retention.getByRole('button', { name: 'Save periods' }).click();
    await retention.locator('.field-error', { hasText: /too small|>=1/i }).waitFor();
    expect((await caseSettings()).retentionDays).toBe(365);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'keys-refused');
    await days.fill('730');
    await retention.getByRole('button', { name: 'Save periods' }).click();
    await page.locator('#announcer', { hasText: 'Retention and access periods saved.' }).waitFor();
    expect((await caseSettings()).retentionDays).toBe(730);
    expect((await caseSettings()).referrals[1].label.fi).toBe('Tietosuojavaltuutettu');
    expect(faults).toEqual([]);
  });

  it('lets a supervisor block and lift a caller, review an opening, read the audit filtered and the chain check', async () => {
    const page = await signedIn(reviewer.login, reviewer.secret);
    const links = await page.getByRole('navigation', { name: 'Administration' }).getByRole('link').allTextContents();
    expect(links).toContain('Safety');
    expect(links.filter((link) => link === 'Content' || link.startsWith('Keys'))).toEqual([]);
    await open(page, 'Safety');
    const safety = page.locator('section#safety');
    await safety.locator('#audit-verification .verification-ok').waitFor({ timeout: 10_000 });
    expect(await seriousAxeFaults(page)).toEqual([]);

    // Block: a refused number of days beside its field; then a block of two days, shown with its expiry.
    const block = safety.locator('form#block-form');
    await block.getByLabel('Contact id').fill(blockedContactId);
    await block.getByLabel('Reason').selectOption('threats');
    await block.getByLabel('Days (1-365)').fill('0');
    await block.getByRole('button', { name: 'Block caller' }).click();
    await block.locator('.field-error', { hasText: 'must not be less than 1' }).waitFor();
    await block.getByLabel('Days (1-365)').fill('2');
    await block.getByRole('button', { name: 'Block caller' }).click();
    await page.locator('#announcer', { hasText: 'Caller blocked.' }).waitFor();
    const blocks = safety.getByRole('table', { name: 'Blocks in force' });
    await blocks.locator('tbody tr', { hasText: 'Threats' }).waitFor();
    const [stored] = (await send(api, 'GET', '/block-list', seed.users.supervisor.accessToken)).body as {
      expiresAt: number;
      createdAt: number;
    }[];
    expect(stored.expiresAt - stored.createdAt).toBe(2 * 24 * 3600_000);
    expect(await blocks.locator('tbody tr').first().textContent()).toContain('Riikka Reviewer');
    await shot(page, 'safety-blocked');
    await blocks.getByRole('button', { name: /^Lift the block for Threats until / }).click();
    await page.locator('#announcer', { hasText: 'Block lifted: Threats.' }).waitFor();
    expect((await send(api, 'GET', '/block-list', seed.users.supervisor.accessToken)).body).toEqual([]);

    // The seeded supervisor's break-glass opening: reviewed by this one, then shown as reviewed.
    const openings = safety.locator('#safety-break-glass');
    const waiting = openings.locator('tbody tr', { hasText: 'seeded opening for the access test' });
    await waiting.getByRole('button', { name: /^Mark reviewed/ }).click();
    await openings.getByText('No opening waits for review.').waitFor();
    await openings.getByLabel('Only openings waiting for review').uncheck();
    await openings.locator('tbody tr', { hasText: 'Reviewed by Riikka Reviewer' }).waitFor();

    // The audit log, filtered to the block list's family: the block and the lift, newest first, by this supervisor.
    const audit = safety.locator('#safety-audit');
    await audit.getByLabel('Action').fill('caller.*');
    await audit.getByRole('button', { name: 'Show entries' }).click();
    await audit.locator('#audit-count', { hasText: '2 entries shown.' }).waitFor();
    const rows = audit.getByRole('table', { name: 'Audit entries, newest first' }).locator('tbody tr');
    expect(await rows.locator('td:nth-child(3)').allTextContents()).toEqual(['caller.block-lifted', 'caller.blocked']);
    expect(await rows.locator('td:nth-child(2)').allTextContents()).toEqual(['Riikka Reviewer', 'Riikka Reviewer']);
    await audit.getByLabel('From').fill('2030-01-01T00:00');
    await audit.getByLabel('Until').fill('2029-01-01T00:00');
    await audit.getByRole('button', { name: 'Show entries' }).click();
    await audit.locator('.field-error', { hasText: 'must be after the start' }).waitFor();
    expect(await safety.locator('#audit-verification').textContent()).toMatch(/The audit chain is whole: \d+ entries/);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot(page, 'safety');

    // Content and keys are the admins': the page says so and loads nothing of them.
    for (const panel of ['keys', 'content']) {
      await page.goto(`${api.url}/web/admin#${panel}`);
      await page.locator('#not-allowed', { hasText: 'This panel is not allowed for your role.' }).waitFor();
      expect(await page.locator(`section#${panel}`).count()).toBe(0);
    }
    expect((await send(api, 'GET', '/keys/status', seed.users.supervisor.accessToken)).status).toBe(403);
    expect(faults).toEqual([]);
  });
});
