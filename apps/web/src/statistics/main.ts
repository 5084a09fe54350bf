import type { StatisticsExportView, StatisticsQuery, StatisticsReport, StatisticsResult } from '@tuki/contracts';
import { ApiError, element, make, show } from '../shared/dom';
import { Session } from '../shared/session';
import { StatisticsClient } from './client';
import { ExportsList } from './exports-list';
import { REPORT_LABELS } from './labels';
import { QueryForm, type StatisticsSettingsView } from './query-form';
import { ResultView } from './result-view';

/*
 * The analyst's statistics page: sign in, build an anonymised export (or the standard report), follow it while the
 * worker builds it, preview its first table with its method, and download it as CSV or JSON. The token stays in
 * memory, so downloads are fetched by the page and handed to the browser as object URLs.
 */

/** Poll the list this often while an export is queued or running. */
const POLL_MS = 1000;
/** An object URL lives this long after its download starts, then is revoked (the file is the browser's by then). */
const REVOKE_AFTER_MS = 10_000;

const session = new Session((reason) => backToSignIn(reason));
const client = new StatisticsClient(session);
const preview = new ResultView();
const exportsList = new ExportsList({ download, preview: showPreview });
const form = new QueryForm(client, request);
let poll: ReturnType<typeof setTimeout> | undefined;
const objectUrls = new Set<string>();

function notice(text: string | null): void {
  element('notice').textContent = text ?? '';
  show(element('notice'), text !== null);
}

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const password = element<HTMLInputElement>('password');
  const totp = element<HTMLInputElement>('totp');
  try {
    await session.signIn(
      element<HTMLInputElement>('login').value,
      password.value,
      totp.value.replace(/\s+/g, '') || undefined,
    );
  } catch (error) {
    // Analysts have no second factor; an account that has one is asked for its code, then signs in again.
    if (error instanceof ApiError && error.code === 'MFA_REQUIRED') {
      show(element('totp-field'), true);
      element<HTMLInputElement>('totp').required = true;
    }
    totp.value = '';
    notice((error as Error).message);
    return;
  }
  password.value = '';
  totp.value = '';
  notice(null);
  try {
    form.configure(await client.call<StatisticsSettingsView>('GET', '/statistics/settings'));
    await refresh();
  } catch (error) {
    const text =
      error instanceof ApiError && error.status === 403
        ? 'This page is for analysts: this account may not make statistics exports.'
        : (error as Error).message;
    backToSignIn(text);
    return;
  }
  show(element('sign-in'), false);
  show(element('workspace'), true);
  show(element('sign-out'), true);
  element('query-title').focus();
}

async function request(report: StatisticsReport, query: StatisticsQuery): Promise<void> {
  await client.call<StatisticsExportView>('POST', '/statistics/exports', { report, query });
  // Queued: a failure to read the list now is not a refusal of the export, so it goes to the page's notice.
  await refresh().catch((error: unknown) => notice(`The exports could not be read: ${(error as Error).message}`));
}

/** Reads the list; while any export is queued or running, reads it again in a second. */
async function refresh(): Promise<void> {
  clearTimeout(poll);
  const views = await client.call<StatisticsExportView[]>('GET', '/statistics/exports');
  if (!session.signedIn) return;
  exportsList.render(views);
  if (views.some((view) => view.state === 'queued' || view.state === 'running')) schedule(POLL_MS);
}

/** The next poll; a failed one is said on the page and tried again less often, until the list can be read. */
function schedule(delay: number): void {
  poll = setTimeout(() => {
    refresh().then(
      () => {
        if (delay !== POLL_MS) notice(null);
      },
      (error: unknown) => {
        if (!session.signedIn) return;
        notice(`The exports could not be read: ${(error as Error).message}. Trying again.`);
        schedule(POLL_MS * 5);
      },
    );
  }, delay);
}

async function download(view: StatisticsExportView, format: 'csv' | 'json'): Promise<void> {
  try {
    const blob = await client.file(`/statistics/exports/${view.id}/download?format=${format}`);
    const url = URL.createObjectURL(blob);
    objectUrls.add(url);
    const link = make('a', undefined, { href: url, download: `tuki-statistics-${view.id}.${format}`, hidden: '' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => revoke(url), REVOKE_AFTER_MS);
    notice(null);
  } catch (error) {
    notice(`The download failed: ${(error as Error).message}`);
  }
}

async function showPreview(view: StatisticsExportView): Promise<void> {
  try {
    const blob = await client.file(`/statistics/exports/${view.id}/download?format=json`);
    const result = JSON.parse(await blob.text()) as StatisticsResult;
    const q = view.query;
    preview.show(`${REPORT_LABELS[view.report]}, ${q.from === q.to ? q.from : `${q.from} to ${q.to}`}`, result);
    notice(null);
  } catch (error) {
    notice(`The preview failed: ${(error as Error).message}`);
  }
}

function revoke(url: string): void {
  URL.revokeObjectURL(url);
  objectUrls.delete(url);
}

function backToSignIn(reason: string | null): void {
  if (session.signedIn) void session.signOut().catch((error: Error) => console.warn('Sign-out failed', error.message));
  clearTimeout(poll);
  for (const url of [...objectUrls]) revoke(url);
  exportsList.clear();
  preview.clear();
  show(element('workspace'), false);
  show(element('sign-out'), false);
  show(element('sign-in'), true);
  notice(reason);
  element<HTMLInputElement>('login').focus();
}

element<HTMLFormElement>('sign-in').addEventListener('submit', (event) => void signIn(event));
element('sign-out').addEventListener('click', () => backToSignIn(null));
