import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PlanReportView } from '@tuki/contracts';
import {
  TEST_PASSWORD,
  seedHelpline,
  startApi,
  totpNow,
  type RunningApi,
  type SeededHelpline,
} from './support/api-harness';
import { buildWebPages, launchChromium, seriousAxeFaults } from './support/browser';

/*
 * "Rehearse a surge" on the supervisor dashboard, in headless Chromium: a supervisor runs the shipped normal week with
 * the staffing search, follows its progress, reads the summary, the hourly chart and the staffing answer, downloads
 * the report, and axe-core finds no serious or critical accessibility fault in the panel.
 */

const ARTEFACTS = join(process.env.TEST_ARTEFACTS_DIR ?? join(__dirname, '..', 'test-artefacts'), 'planner');

describe('the planner on the supervisor dashboard', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let browser: Browser;

  beforeAll(async () => {
    buildWebPages();
    mkdirSync(ARTEFACTS, { recursive: true });
    api = await startApi('planner-browser');
    seed = await seedHelpline(api, 'Planner page');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('runs normal-week with the staffing search and shows the summary, the chart and the answer', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    const page: Page = await context.newPage();
    const faults: string[] = [];
    page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
        faults.push(`${response.status()} ${response.url()}`);
      }
    });
    const statuses: string[] = [];
    await page.exposeFunction('recordStatus', (text: string) => statuses.push(text));

    await page.goto(`${api.url}/web/supervisor`);
    await page.getByLabel('Login').fill(seed.users.supervisor.login);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    // The seeding used this 30 s step's code, and a code is accepted once: the next step's is within the server's window.
    await page.getByLabel('Authenticator code').fill(totpNow(seed.users.supervisor.totpSecret!, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();

    const planner = page.getByRole('region', { name: 'Rehearse a surge' });
    const scenario = planner.getByLabel('Scenario');
    await scenario.locator('option[value="normal-week"]').waitFor({ state: 'attached', timeout: 10_000 });
    await scenario.selectOption('normal-week');
    expect(await planner.locator('#planner-scenario-hint').textContent()).toMatch(/ordinary week.*\(7 days\.\)$/);
    await planner.getByLabel('Find the staffing that holds the target').check();
    // Every word the live region says, as it says it.
    await page.evaluate(`new MutationObserver(() => window.recordStatus(document.getElementById('planner-status').textContent))
      .observe(document.getElementById('planner-status'), { childList: true, characterData: true, subtree: true })`);
    const started = Date.now();
    await planner.getByRole('button', { name: 'Run' }).click();
    // One plan at a time: the button waits for this one.
    expect(await planner.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);

    const result = planner.locator('#planner-result');
    await result.waitFor({ state: 'visible', timeout: 40_000 });
    const took = Date.now() - started;
    expect(await planner.getByRole('status').textContent()).toBe('Plan of normal-week done.');
    expect(statuses[statuses.length - 1]).toBe('Plan of normal-week done.');
    expect(statuses.some((text) => /queued|running/.test(text))).toBe(true);
    // One announcement per change: never the same words twice in a row.
    expect(statuses.filter((text, i) => i > 0 && text === statuses[i - 1])).toEqual([]);
    expect(await planner.getByRole('button', { name: 'Run' }).isEnabled()).toBe(true);

    // The summary: service level against the target, waits, abandonment, callbacks, hours below target.
    const tile = (key: string) => result.locator(`#planner-summary [data-key="${key}"] .tile-value`).textContent();
    expect(await tile('service-level')).toMatch(/^\d{1,3} %$/);
    expect(await tile('mean-wait')).toMatch(/^\d+ s$|^\d+ min \d\d s$/);
    expect(await tile('p95-wait')).toMatch(/ s$/);
    expect(await tile('abandonment')).toMatch(/^\d+\.\d %$/);
    expect(Number(await tile('callbacks'))).toBeGreaterThan(0);
    expect(Number(await tile('hours-below-target'))).toBeGreaterThanOrEqual(0);

    // The chart: a bar for (nearly) every hour of the week, the service-level line, the target, a label per day.
    const chart = result.getByRole('img', { name: 'Service level and arrivals per hour of the plan' });
    expect(await chart.locator('.chart-arrivals rect').count()).toBeGreaterThan(150);
    expect(await chart.locator('path.chart-service-level').getAttribute('d')).toMatch(/^M/);
    expect(await chart.locator('line.chart-target').count()).toBe(1);
    expect(await chart.locator('desc').textContent()).toMatch(/^Over 168 hours: arrivals peaked at \d+/);

    // The staffing answer: peak agents per language, and the busiest day hour by hour.
    const peaks = result.getByRole('table', { name: 'Peak agents needed by language' });
    expect(await peaks.locator('tbody th').allTextContents()).toEqual(['fi', 'sv', 'en']);
    for (const cell of await peaks.locator('tbody td').allTextContents())
      expect(Number(cell)).toBeGreaterThanOrEqual(1);
    const day = result.getByRole('table', { name: /^Agents needed per hour, \w{3} \d+ Oct$/ });
    expect(await day.locator('tbody tr').count()).toBeGreaterThanOrEqual(23);
    expect(await day.locator('thead th').allTextContents()).toEqual(['Hour', 'fi', 'sv', 'en']);

    // The report downloads as the whole JSON.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      result.getByRole('button', { name: 'Download the report (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tuki-plan-normal-week-[0-9a-f]{8}\.json$/);
    const report = JSON.parse(readFileSync(await download.path(), 'utf8')) as PlanReportView;
    expect(report.scenario.name).toBe('normal-week');
    expect(report.hours).toHaveLength(168);
    expect(report.staffing?.byLanguage).toHaveLength(3);

    await planner.scrollIntoViewIfNeeded();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: join(ARTEFACTS, 'planner-1366x768.png'), fullPage: true });

    expect(await seriousAxeFaults(page)).toEqual([]);
    expect(faults).toEqual([]);
    process.stdout.write(`normal-week with staffing, from Run to the report on the page: ${took} ms\n`);
    await context.close();
  }, 60_000);
});
