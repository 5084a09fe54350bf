import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { insertContactFacts, type ContactFactFields } from '@tuki/testing';
import { TEST_PASSWORD, startApi, totpNow, type RunningApi, type SeededHelpline } from './support/api-harness';
import { buildWebPages, launchChromium, seriousAxeFaults } from './support/browser';
import { freshLine } from './support/callbacks';
import { send } from './support/http';

/*
 * The analyst's statistics page in headless Chromium, as an analyst uses it: sign in (no second factor), see the
 * helpline's grain, run a custom export by channel and region, follow its progress to done without a reload, preview
 * it (the lone 13-17-year-old callback caller in Lappi is "suppressed", never blank), download the CSV through the
 * page's object URL (the token is in memory only), check the privacy budget, run the standard report, and read the
 * server's sentence for a reversed range and for months on a weekly helpline. An account with a second factor is asked
 * for its code, and staff who are not analysts are turned away. Screenshots are kept, axe-core finds no
 * serious or critical fault, the console stays clean and the browser stores nothing.
 */

const ARTEFACTS = join(process.env.TEST_ARTEFACTS_DIR ?? join(__dirname, '..', 'test-artefacts'), 'statistics');

describe('statistics page', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const faults: string[] = [];
  const shot = (name: string, on: Page = page) =>
    on.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

  /** `count` callers of one contact each in March 2026, alike but for `fields`. */
  function facts(helplineId: string, count: number, fields: ContactFactFields): Promise<void> {
    const manager = api.app.get(DataSource).manager;
    const alike = { queueId: seed.queueId, categories: ['breach.extortion'], ageBand: '25-34', region: 'uusimaa' };
    return insertContactFacts(manager, helplineId, count, { ...alike, ...fields });
  }

  function watch(on: Page): void {
    on.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
    // The refusals this test provokes (400) show as "Failed to load resource" lines: those are the page's answers,
    // checked on the page; anything else the console reports is a fault.
    on.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        faults.push(`console: ${message.text()}`);
      }
    });
  }

  async function signIn(on: Page, login: string): Promise<void> {
    await on.goto(`${api.url}/web/statistics`);
    await on.getByLabel('Login').fill(login);
    await on.getByLabel('Password').fill(TEST_PASSWORD);
    await on.getByRole('button', { name: 'Sign in' }).click();
    await on.locator('#grain').filter({ hasText: 'This helpline counts by' }).waitFor({ timeout: 10_000 });
  }

  /** The newest export's row, once the list holds `count` and it says it is done (the page polls; no reload). */
  async function newestDone(on: Page, count: number) {
    await on.locator(`#exports > li:nth-child(${count})`).waitFor({ timeout: 10_000 });
    const row = on.locator('#exports > li').first();
    await row.locator('.state', { hasText: 'State: Done' }).waitFor({ timeout: 20_000 });
    return row;
  }

  beforeAll(async () => {
    buildWebPages();
    mkdirSync(ARTEFACTS, { recursive: true });
    api = await startApi('statistics_browser');
    seed = await freshLine(api, 'Statistics page line');
    await facts(seed.helplineId, 40, { channel: 'voice', region: 'uusimaa' });
    await facts(seed.helplineId, 20, { channel: 'chat', region: 'uusimaa', gender: 'woman', ageBand: '18-24' });
    await facts(seed.helplineId, 3, { channel: 'callback', region: 'lappi', ageBand: '13-17' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page = await context.newPage();
    watch(page);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('runs a custom export to done, previews it with suppressed cells, and downloads the CSV', async () => {
    await page.goto(`${api.url}/web/statistics`);
    // Analysts have no second factor: the code field only appears if the server asks for it.
    expect(await page.locator('#totp').isVisible()).toBe(false);
    expect(await seriousAxeFaults(page)).toEqual([]);
    await shot('sign-in');
    await signIn(page, seed.users.analyst.login);
    expect(await page.locator('#grain').textContent()).toContain('This helpline counts by month.');
    await page.evaluate('window.sameDocument = true');

    // The period inputs follow the grain; k starts at the helpline's default and cannot go below 5.
    const from = page.getByLabel('From', { exact: true });
    const to = page.getByLabel('To', { exact: true });
    expect(await from.getAttribute('type')).toBe('month');
    expect(await page.getByLabel(/Smallest cell published/).inputValue()).toBe('10');
    expect(await page.getByLabel(/Smallest cell published/).getAttribute('min')).toBe('5');
    await from.fill('2026-03');
    await to.fill('2026-03');

    // Three dimensions at most: with three ticked, a fourth cannot be.
    for (const name of ['Channel', 'Region', 'Gender']) await page.getByLabel(name, { exact: true }).check();
    expect(await page.getByLabel('Outcome', { exact: true }).isDisabled()).toBe(true);
    expect(await page.locator('#dimensions-count').textContent()).toContain('3 of 3 chosen');
    await page.getByLabel('Gender', { exact: true }).uncheck();
    expect(await page.getByLabel('Outcome', { exact: true }).isDisabled()).toBe(false);

    // Differential privacy shows what is left of March's budget (not spent here).
    await page.getByRole('switch', { name: 'Add differential privacy noise' }).check();
    await page.locator('#budget-list li', { hasText: '2026-03: 5 of 5 left' }).waitFor({ timeout: 5000 });
    expect(await page.locator('#charge').textContent()).toContain('would spend 2.5 of each period’s budget');
    await shot('query-with-budget');
    await page.getByRole('switch', { name: 'Add differential privacy noise' }).uncheck();

    await page.getByRole('button', { name: 'Run export' }).click();
    const row = await newestDone(page, 1);
    expect(await row.locator('progress').getAttribute('value')).toBe('100');
    expect(await row.locator('h3').textContent()).toBe('Custom export, 2026-03');
    expect(await page.evaluate('window.sameDocument')).toBe(true);

    // The preview: the first table's cells, a suppressed one saying so, and the method.
    await row.getByRole('button', { name: /^Preview/ }).click();
    await page.locator('#preview').waitFor({ state: 'visible', timeout: 10_000 });
    const lappi = page.locator('#preview-table tbody tr', { has: page.locator('td', { hasText: 'lappi' }) });
    expect(await lappi.locator('td').allTextContents()).toEqual([
      'callback',
      'lappi',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
      'yes: fewer than k callers',
    ]);
    const voice = page.locator('#preview-table tbody tr', { has: page.locator('td', { hasText: 'voice' }) });
    expect(await voice.locator('td').allTextContents()).toEqual(['voice', 'uusimaa', '40', '40', '40', '0', '0', 'no']);
    const method = await page.locator('#method').textContent();
    expect(method).toContain('10 distinct callers');
    expect(method).toContain('1 below k');
    expect(method).toContain('at most 5 contacts of one caller');
    expect(method).toContain('none (no noise)');
    await shot('preview');
    expect(await seriousAxeFaults(page)).toEqual([]);

    // The CSV, fetched by the page with its in-memory token and handed over as an object URL.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /^Download CSV/ }).click(),
    ]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toMatch(/^tuki-statistics-[0-9a-f-]+\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('# Tuki anonymised statistics export')).toBe(true);
    expect(csv).toContain('Contacts,cell,2026-03,callback,lappi,,,,,,primary,');
  });

  it('runs the standard report and says clearly why a reversed range is not run', async () => {
    await page.getByLabel('From', { exact: true }).fill('2026-03');
    await page.getByLabel('To', { exact: true }).fill('2026-03');
    await page.getByRole('button', { name: 'Standard report (Child Helpline International)' }).click();
    const row = await newestDone(page, 2);
    expect(await row.locator('h3').textContent()).toBe('Standard report (Child Helpline International), 2026-03');
    expect(await page.locator('#exports > li').count()).toBe(2);
    await row.getByRole('button', { name: /^Preview/ }).click();
    await page.locator('#preview-table caption', { hasText: 'Contacts by channel' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#preview-caption').textContent()).toContain('(of 4 in the files)');

    // To before from: the server's sentence beside the form, and no export made.
    await page.getByLabel('From', { exact: true }).fill('2026-05');
    await page.getByLabel('To', { exact: true }).fill('2026-03');
    await page.getByRole('button', { name: 'Run export' }).click();
    const error = page.locator('#query-error');
    await error.filter({ hasText: 'from (2026-05) is after to (2026-03)' }).waitFor({ timeout: 5000 });
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await page.locator('#exports > li').count()).toBe(2);
    await shot('reversed-range');
    expect(await seriousAxeFaults(page)).toEqual([]);

    // Tokens in memory only: nothing in any storage, no cookie.
    expect(
      await page.evaluate<{ local: number; session: number }>(
        '({ local: localStorage.length, session: sessionStorage.length })',
      ),
    ).toEqual({ local: 0, session: 0 });
    expect(await context.cookies()).toEqual([]);
    expect(faults).toEqual([]);
  });

  it('asks for the code when the account has a second factor, and turns away staff who are not analysts', async () => {
    const other = await context.newPage();
    watch(other);
    try {
      await other.goto(`${api.url}/web/statistics`);
      await other.getByLabel('Login').fill(seed.users.supervisor.login);
      await other.getByLabel('Password').fill(TEST_PASSWORD);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.getByLabel('Authenticator code').waitFor({ state: 'visible', timeout: 5000 });
      await other.getByLabel('Password').fill(TEST_PASSWORD);
      // The seeding used this 30 s step's code, and a code is accepted once: the next step's is within the window.
      await other
        .getByLabel('Authenticator code')
        .fill(totpNow(seed.users.supervisor.totpSecret!, Date.now() + 30_000));
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.locator('#notice', { hasText: 'This page is for analysts' }).waitFor({ timeout: 5000 });
      expect(await other.locator('#workspace').isVisible()).toBe(false);
      expect(faults).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('asks for ISO weeks on a weekly helpline and shows the server’s refusal of months', async () => {
    const weekly = await freshLine(api, 'Weekly statistics line');
    const settings = await send(api, 'PUT', '/statistics/settings', weekly.users.admin.accessToken, {
      grain: 'week',
      epsilonBudgetPerPeriod: 5,
      defaultK: 12,
    });
    expect(settings.status).toBe(200);
    const other = await context.newPage();
    watch(other);
    try {
      await signIn(other, weekly.users.analyst.login);
      expect(await other.locator('#grain').textContent()).toContain('This helpline counts by week');
      const from = other.getByLabel('From', { exact: true });
      expect(await from.getAttribute('type')).toBe('text');
      expect(await from.getAttribute('pattern')).toBe('[0-9]{4}-W[0-9]{2}');
      expect(await other.getByLabel(/Smallest cell published/).inputValue()).toBe('12');
      await from.fill('2026-03');
      await other.getByLabel('To', { exact: true }).fill('2026-04');
      await other.getByRole('button', { name: 'Run export' }).click();
      await other
        .locator('#query-error')
        .filter({ hasText: /statistics are by ISO week/ })
        .waitFor({ timeout: 5000 });
      await shot('weekly-refusal', other);
      expect(await seriousAxeFaults(other)).toEqual([]);
      expect(faults).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
