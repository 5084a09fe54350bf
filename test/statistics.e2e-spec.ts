import { DataSource } from 'typeorm';
import type { StatisticsExportView, StatisticsResult } from '@tuki/contracts';
import { insertContactFacts, type ContactFactFields } from '@tuki/testing';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { freshLine } from './support/callbacks';
import { send, until } from './support/http';

/*
 * Statistics through the api and the worker, as an analyst uses them: an export is queued (202), built by a job on
 * the long family with its progress, downloaded as CSV (the method in its first lines) and JSON, and every step is in
 * the audit log. Bad queries get a 400 that names the problem, an overspent budget a 409; the grain cannot change once
 * exports exist; nothing in an export points at a person.
 */

describe('statistics exports', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let analyst: string;

  function facts(count: number, fields: ContactFactFields): Promise<void> {
    const manager = api.app.get(DataSource).manager;
    return insertContactFacts(manager, seed.helplineId, count, {
      queueId: seed.queueId,
      categories: ['breach.extortion'],
      ...fields,
    });
  }

  async function download(id: string, format: string) {
    const response = await fetch(`${api.url}/statistics/exports/${id}/download?format=${format}`, {
      headers: { authorization: `Bearer ${analyst}` },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async function finished(id: string): Promise<StatisticsExportView> {
    let view: StatisticsExportView | undefined;
    await until(
      async () => {
        view = (await send(api, 'GET', `/statistics/exports/${id}`, analyst)).body as StatisticsExportView;
        return view.state === 'done' || view.state === 'failed';
      },
      20_000,
      'the export',
    );
    return view!;
  }

  beforeAll(async () => {
    api = await startApi('statistics');
    seed = await freshLine(api, 'Statistics line');
    analyst = seed.users.analyst.accessToken;
    await facts(40, { channel: 'voice', region: 'uusimaa' });
    await facts(20, { channel: 'chat', region: 'uusimaa' });
    await facts(3, { channel: 'callback', region: 'lappi', ageBand: '13-17' });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('queues an export, builds it on the worker, and hands it out as CSV and JSON, each step audited', async () => {
    const asked = await send(api, 'POST', '/statistics/exports', analyst, {
      query: { from: '2026-03', to: '2026-03', dimensions: ['channel', 'region'] },
    });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ state: 'queued', progress: 0, report: 'custom' });
    const done = await finished(asked.body.id as string);
    expect(done).toMatchObject({ state: 'done', progress: 100 });
    expect(done.method).toMatchObject({
      k: 10,
      contributionBound: 5,
      epsilon: null,
      noise: 'none',
      primarySuppressed: 1,
    });

    const csv = await download(done.id, 'csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const lines = csv.text.split('\n');
    expect(lines[0]).toBe('# Tuki anonymised statistics export');
    expect(lines.find((l) => l.startsWith('# disclosure control'))).toContain('fewer than 10 distinct callers');
    expect(lines.find((l) => l.startsWith('# contribution bound'))).toContain('at most 5 contacts');
    expect(lines).toContain(
      'table,row,period,channel,region,contacts,callers,answered,abandoned,callbacks,suppressed,complete',
    );
    expect(lines).toContain('Contacts,cell,2026-03,voice,uusimaa,40,40,40,0,0,,');
    expect(lines).toContain('Contacts,cell,2026-03,callback,lappi,,,,,,primary,');
    // Nothing that could point back: no surrogate, no id, no day.
    expect(csv.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(csv.text).not.toContain('2026-03-10');

    const json = await download(done.id, 'json');
    const result = JSON.parse(json.text) as StatisticsResult;
    expect(result.tables[0].cells.find((c) => c.values.channel === 'callback')).toMatchObject({
      figures: null,
      suppressed: 'primary',
    });

    const audit = await send(api, 'GET', `/audit?subjectId=${done.id}`, seed.users.admin.accessToken);
    expect(audit.status).toBe(200);
    const actions = (audit.body as unknown as { action: string; subjectId: string }[])
      .filter((entry) => entry.subjectId === done.id)
      .map((entry) => entry.action)
      .sort();
    expect(actions).toEqual([
      'statistics.export-downloaded',
      'statistics.export-downloaded',
      'statistics.export-requested',
    ]);
  });

  it('builds the standard report in Child Helpline International’s shape', async () => {
    const asked = await send(api, 'POST', '/statistics/exports', analyst, {
      report: 'chi',
      query: { from: '2026-03', to: '2026-03', dimensions: [] },
    });
    expect(asked.status).toBe(202);
    await finished(asked.body.id as string);
    const result = JSON.parse((await download(asked.body.id as string, 'json')).text) as StatisticsResult;
    expect(result.tables.map((t) => t.title)).toEqual([
      'Contacts by channel',
      'Contacts by reason for contact',
      'Contacts by age band',
      'Contacts by gender',
    ]);
    expect(result.tables.map((t) => t.dimensions)).toEqual([['channel'], ['category'], ['age-band'], ['gender']]);
  });

  it('answers a bad query with a 400 that names the problem, and changes nothing', async () => {
    const bad = async (query: unknown) => send(api, 'POST', '/statistics/exports', analyst, { query });
    const exportsNow = async () =>
      ((await send(api, 'GET', '/statistics/exports', analyst)).body as unknown as unknown[]).length;
    const before = await exportsNow();
    expect(
      (await bad({ from: '2026-03', to: '2026-03', dimensions: ['channel', 'region', 'gender', 'outcome'] })).body,
    ).toMatchObject({ statusCode: 400, message: expect.stringContaining('dimensions: at most 3') });
    expect((await bad({ from: '2026-03', to: '2026-03', dimensions: ['name'] })).body.message).toContain(
      'dimensions must be among channel',
    );
    expect((await bad({ from: '2026-03', to: '2026-03', dimensions: [], k: 2 })).body.message).toContain(
      'k must be at least 5',
    );
    expect((await bad({ from: '2026-05', to: '2026-03', dimensions: [] })).body).toMatchObject({
      statusCode: 400,
      message: 'from (2026-05) is after to (2026-03)',
    });
    expect((await bad({ from: '2026-W10', to: '2026-W22', dimensions: [] })).body.message).toMatch(
      /statistics are by month/,
    );
    expect((await send(api, 'POST', '/statistics/exports', analyst, {})).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('query is required'),
    });
    expect((await bad({ from: '2026-03', to: '2026-03', dimensions: [], epsilon: 0.00001 })).body.message).toContain(
      'epsilon must be',
    );
    expect(await exportsNow()).toBe(before);
  });

  it('refuses to change the grain once exports exist, and validates the settings', async () => {
    const admin = seed.users.admin.accessToken;
    const settings = (await send(api, 'GET', '/statistics/settings', admin)).body;
    expect(settings).toEqual({ grain: 'month', epsilonBudgetPerPeriod: 5, defaultK: 10 });
    expect(await send(api, 'PUT', '/statistics/settings', admin, { ...settings, grain: 'week' })).toMatchObject({
      status: 409,
      body: { code: 'STATISTICS_GRAIN_FIXED' },
    });
    expect(await send(api, 'PUT', '/statistics/settings', admin, { ...settings, defaultK: 3 })).toMatchObject({
      status: 400,
    });
    expect(await send(api, 'PUT', '/statistics/settings', analyst, settings)).toMatchObject({ status: 403 });
    expect(
      await send(api, 'PUT', '/statistics/settings', admin, { ...settings, epsilonBudgetPerPeriod: 1 }),
    ).toMatchObject({ status: 200 });
  });

  it('refuses, with a 409 that says which period, the export that would overspend the privacy budget', async () => {
    const query = { from: '2026-03', to: '2026-03', dimensions: ['channel'], measures: ['contacts'], epsilon: 0.5 };
    const first = await send(api, 'POST', '/statistics/exports', analyst, { query });
    expect(first.status).toBe(202);
    const done = await finished(first.body.id as string);
    expect(done.method).toMatchObject({ noise: 'discrete-laplace', epsilon: 0.5, epsilonCharged: 1 });
    expect((await send(api, 'GET', '/statistics/budget?from=2026-03&to=2026-03', analyst)).body).toEqual([
      { period: '2026-03', spent: 1, budget: 1, remaining: 0 },
    ]);
    expect(await send(api, 'POST', '/statistics/exports', analyst, { query })).toMatchObject({
      status: 409,
      body: {
        code: 'PRIVACY_BUDGET_EXHAUSTED',
        message: 'The privacy budget of 2026-03 would be overspent: 1 of 1 spent, this export needs 1',
      },
    });
  });
});
