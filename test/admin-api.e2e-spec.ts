import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DataKeysService,
  KeyringService,
  TransactionRunner,
  activateKey,
  addKey,
  newKeyringDocument,
  writeKeyringFile,
} from '@tuki/platform';
import { SignInService } from '@tuki/staff';
import { TelephonyCalls } from '@tuki/telephony';
import { dropTestSchema, deleteTestKeys, testConfig } from '@tuki/testing';
import {
  TEST_PASSWORD,
  seedHelpline,
  startApi,
  totpNow,
  type RunningApi,
  type SeededHelpline,
} from './support/api-harness';
import { send, until } from './support/http';

/*
 * The api behind the administration panels for content, safety, and keys and retention: break-glass review by
 * supervisors (never of their own opening), the audit log's filters and the chain's verification over HTTP, the keys'
 * rotation status, the chat's and the phone's greetings, announcements and triage, and settings changes audited by
 * the fields they changed. Each with the roles it refuses.
 */

const DAY = 24 * 3600_000;
const LINE = '+358942000100';

describe('administration api: content, safety, keys and retention', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  const config = testConfig('admin_api', { env: { KEY_ROTATION_DAYS: '90' } });

  /** Another supervisor of the helpline, signed in with their second factor. */
  async function secondSupervisor(): Promise<{ id: string; token: string }> {
    const login = `supervisor.two.${randomBytes(3).toString('hex')}`;
    const created = await send(api, 'POST', '/staff/users', seed.users.admin.accessToken, {
      login,
      displayName: 'Second supervisor',
      roles: ['supervisor'],
      password: TEST_PASSWORD,
    });
    expect(created.status).toBe(201);
    const signIn = api.app.get(SignInService);
    const { secret } = await signIn.beginMfaEnrolment({ login, password: TEST_PASSWORD }, '127.0.0.9');
    const tokens = await signIn.confirmMfaEnrolment(
      { login, password: TEST_PASSWORD, totp: totpNow(secret) },
      '127.0.0.9',
    );
    return { id: created.body.id as string, token: tokens.accessToken };
  }

  beforeAll(async () => {
    // The deployment's keyring was made 100 days ago, and rotation is due every 90: the page must say it is overdue.
    writeKeyringFile(config.keyringFile, newKeyringDocument(new Date(Date.now() - 100 * DAY)));
    api = await startApi('admin_api', { config });
    seed = await seedHelpline(api, 'Admin line');
  });

  afterAll(async () => {
    await api?.close();
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('lets supervisors review each other’s break-glass openings, never their own, and audits the review', async () => {
    const other = await secondSupervisor();
    const { agent, analyst, supervisor } = seed.users;
    for (const [token, status] of [
      [agent.accessToken, 403],
      [analyst.accessToken, 403],
      [supervisor.accessToken, 200],
      [seed.users.admin.accessToken, 200],
    ] as const)
      expect((await send(api, 'GET', '/case-access/break-glass?unreviewed=true', token)).status).toBe(status);

    const waiting = await send(api, 'GET', '/case-access/break-glass?unreviewed=true', other.token);
    expect(waiting.body).toEqual([
      expect.objectContaining({ id: seed.breakGlassId, userId: supervisor.id, reviewedAt: null }),
    ]);
    const review = (token: string) => send(api, 'POST', `/case-access/break-glass/${seed.breakGlassId}/review`, token);
    expect((await review(agent.accessToken)).status).toBe(403);
    const own = await review(supervisor.accessToken);
    expect([own.status, own.body.code]).toEqual([409, 'OWN_BREAK_GLASS_REVIEW']);
    const reviewed = await review(other.token);
    expect(reviewed.body).toMatchObject({ id: seed.breakGlassId, reviewedBy: other.id });
    expect((await send(api, 'GET', '/case-access/break-glass?unreviewed=true', other.token)).body).toEqual([]);

    const audit = await send(
      api,
      'GET',
      `/audit?action=case.break-glass-reviewed&actorId=${other.id}`,
      supervisor.accessToken,
    );
    expect(audit.body).toEqual([
      expect.objectContaining({ subjectType: 'case', subjectId: seed.caseId, purposeRef: seed.breakGlassId }),
    ]);
  });

  it('filters the audit log by action family, kind of object, object, who and time, and names a bad filter', async () => {
    const supervisor = seed.users.supervisor.accessToken;
    const before = Date.now() - 1;
    const blocked = await send(api, 'POST', '/block-list', supervisor, {
      contactId: seed.contactId,
      reason: 'threats',
      days: 3,
    });
    // The seeded contact came from the service credential with no caller: nothing identifies whom to block.
    expect(blocked.status).toBe(409);
    const phone = await send(api, 'POST', '/contacts', seed.service.token, {
      idempotencyKey: `admin-api-${randomBytes(3).toString('hex')}`,
      queueId: seed.queueId,
      channel: 'voice',
      language: 'fi',
      caller: { kind: 'phone', value: '+358 40 555 0999' },
    });
    const block = await send(api, 'POST', '/block-list', supervisor, {
      contactId: phone.body.id,
      reason: 'threats',
      days: 3,
    });
    expect(block.status).toBe(201);
    expect((await send(api, 'DELETE', `/block-list/${block.body.id}`, supervisor)).status).toBe(200);

    const list = async (query: string) =>
      ((await send(api, 'GET', `/audit?${query}`, seed.users.admin.accessToken)).body as { action: string }[]).map(
        (entry) => entry.action,
      );
    expect(await list('action=caller.*')).toEqual(['caller.block-lifted', 'caller.blocked']);
    expect(await list(`subjectType=block&subjectId=${block.body.id}`)).toEqual([
      'caller.block-lifted',
      'caller.blocked',
    ]);
    expect(await list(`actorId=${seed.users.supervisor.id}&from=${before}&action=caller.blocked`)).toEqual([
      'caller.blocked',
    ]);
    expect(await list(`action=caller.*&to=${before}`)).toEqual([]);
    // A family names its prefix exactly: LIKE's own wildcard in a code matches only itself.
    expect(await list('action=caller_.*')).toEqual([]);

    const bad = await send(api, 'GET', '/audit?action=DROP TABLE&subjectType=Case!&from=yesterday', supervisor);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/action must be an action code/);
    expect(bad.body.message).toMatch(/subjectType must be a kind of object/);
    expect(bad.body.message).toMatch(/from must be a time/);
    expect((await send(api, 'GET', '/audit', seed.users.agent.accessToken)).status).toBe(403);
  });

  it('verifies the helpline’s chain over HTTP, and points at the first entry someone changed', async () => {
    const line = await seedHelpline(api, 'Verified line');
    const verify = (token: string) => send(api, 'GET', '/audit/verification', token);
    for (const role of ['agent', 'analyst'] as const)
      expect((await verify(line.users[role].accessToken)).status).toBe(403);
    const whole = await verify(line.users.supervisor.accessToken);
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({ ok: true, problems: [], firstProblem: null });
    expect(whole.body.entries).toBeGreaterThan(2);
    expect(whole.body.head).toEqual({ seq: whole.body.entries, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Positions and codes only: never what an entry holds.
    expect(Object.keys(whole.body).sort()).toEqual(
      ['anchor', 'entries', 'firstProblem', 'head', 'ok', 'problems', 'verifiedAt'].sort(),
    );

    // Someone with the database edits the second entry: every later entry still links, but its MAC no longer fits.
    await api.app
      .get(DataSource)
      .createQueryBuilder()
      .update('audit_entries')
      .set({ fields: '["nothing"]' })
      .where('helpline_id = :helplineId AND seq = 2', { helplineId: line.helplineId })
      .execute();
    const broken = await verify(line.users.admin.accessToken);
    expect(broken.body).toMatchObject({ ok: false, firstProblem: { seq: 2, problem: 'mac-mismatch' } });
    // The other helpline's chain is its own, and whole.
    expect((await verify(seed.users.admin.accessToken)).body.ok).toBe(true);
  });

  it('tells admins when the keys are due for rotation, and sees a rotation made with the CLI without a restart', async () => {
    for (const role of ['supervisor', 'agent', 'analyst'] as const)
      expect((await send(api, 'GET', '/keys/status', seed.users[role].accessToken)).status).toBe(403);
    const admin = seed.users.admin.accessToken;
    const first = await send(api, 'GET', '/keys/status', admin);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rotationDays: 90, state: 'due', daysUntilDue: -10, rewrapPending: 0 });
    expect(first.body.keys).toEqual([{ id: first.body.activeKeyId, createdAt: expect.any(Number), active: true }]);
    const live = (first.body.dataKeys as { live: number }[]).reduce((sum, row) => sum + row.live, 0);
    expect(live).toBeGreaterThan(0);
    expect(JSON.stringify(first.body)).not.toMatch(/"key"/);

    // The operator rotates: add and activate a key in the file; every process reads it within 2 s.
    const keyring = api.app.get(KeyringService).keyring;
    const added = addKey(keyring.document(), new Date());
    writeKeyringFile(config.keyringFile, activateKey(added.doc, added.keyId));
    await until(
      async () => (await send(api, 'GET', '/keys/status', admin)).body.activeKeyId === added.keyId,
      5000,
      'the new key',
    );
    const rotated = await send(api, 'GET', '/keys/status', admin);
    expect(rotated.body).toMatchObject({ state: 'ok', daysUntilDue: 90, rewrapPending: live });
    expect(rotated.body.keys).toHaveLength(2);
    await api.app.get(TransactionRunner).run((manager) => api.app.get(DataKeysService).rewrapAll(manager));
    expect((await send(api, 'GET', '/keys/status', admin)).body.rewrapPending).toBe(0);
  });

  it('keeps content and retention valid as a whole, changes nothing on a refusal, and audits the fields changed', async () => {
    const admin = seed.users.admin.accessToken;
    const before = (await send(api, 'GET', '/case-settings', admin)).body;
    const taxonomy = before.taxonomy as Record<string, unknown>[];
    const refused = await send(api, 'PUT', '/case-settings', admin, {
      ...before,
      taxonomy: [{ ...taxonomy[0], code: 'Bad Code!' }, ...taxonomy.slice(1)],
      retentionDays: 0,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details.problems).toEqual(
      expect.arrayContaining([
        'taxonomy.0.code: must be a lower-case code such as breach.paid',
        expect.stringMatching(/^retentionDays: /),
      ]),
    );
    expect((await send(api, 'GET', '/case-settings', admin)).body).toEqual(before);
    expect((await send(api, 'PUT', '/case-settings', seed.users.supervisor.accessToken, before)).status).toBe(403);

    expect((await send(api, 'PUT', '/case-settings', admin, { ...before, retentionDays: 30 })).status).toBe(200);
    expect((await send(api, 'GET', '/case-settings', seed.users.agent.accessToken)).body.retentionDays).toBe(30);
    expect((await send(api, 'PUT', '/case-settings', admin, { ...before, retentionDays: 31 })).status).toBe(200);
    const audit = await send(api, 'GET', '/audit?action=case-settings.replaced', admin);
    // The first save lists every field (there was nothing before); the second only what it changed.
    expect(audit.body[0]).toMatchObject({ fields: ['retentionDays'], actor: { id: seed.users.admin.id } });
    expect(audit.body[1].fields).toEqual(expect.arrayContaining(['taxonomy', 'retentionDays']));
  });

  it('shows the chat’s greeting and notice on the public page, in each language, and names a bad one', async () => {
    const admin = seed.users.admin.accessToken;
    const settings = (await send(api, 'GET', '/chat-settings', admin)).body;
    const bad = await send(api, 'PUT', '/chat-settings', admin, {
      ...settings,
      enabled: true,
      queueId: seed.queueId,
      greeting: { fi: 'Tervetuloa' },
      announcement: { en: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^greeting\.en: /), 'announcement.en: write the words']),
    );
    const saved = await send(api, 'PUT', '/chat-settings', admin, {
      ...settings,
      enabled: true,
      queueId: seed.queueId,
      greeting: { en: 'Welcome to the chat.', fi: 'Tervetuloa chattiin.' },
      announcement: { en: 'Waits are long today.' },
    });
    expect(saved.status).toBe(200);
    const setup = await send(api, 'GET', `/chat/${seed.helplineId}/setup`);
    expect(setup.body).toMatchObject({
      greeting: { en: 'Welcome to the chat.', fi: 'Tervetuloa chattiin.' },
      announcement: { en: 'Waits are long today.' },
    });
  });

  it('greets phone callers in the helpline’s words, asks its triage by key, and queues them with what they answered', async () => {
    const admin = seed.users.admin.accessToken;
    const settings = (await send(api, 'GET', '/telephony-settings', admin)).body;
    const triage = [
      {
        id: 'safe-now',
        question: { fi: 'Jos olet vaarassa nyt, paina 1. Muuten paina 2.' },
        answers: [{ key: '1', priority: 'urgent', riskFlag: 'danger-from-other' }, { key: '2' }],
      },
      {
        id: 'self-harm',
        question: { fi: 'Jos ajattelet vahingoittavasi itseäsi, paina 1.' },
        answers: [{ key: '1', priority: 'high', riskFlag: 'suicidal-thoughts' }, { key: '1' }],
      },
    ];
    const lines = [
      { number: LINE, queueId: seed.queueId, language: 'fi' },
      { number: '+358942000101', queueId: seed.queueId, language: 'sv' },
    ];
    const bad = await send(api, 'PUT', '/telephony-settings', admin, { ...settings, lines, triage });
    expect(bad.status).toBe(400);
    expect(bad.body.details.problems).toEqual(
      expect.arrayContaining([
        'triage.0.question.sv: a line answers in Swedish: say the question in Swedish too',
        'triage.1.answers.1.key: used twice',
      ]),
    );
    expect((await send(api, 'PUT', '/telephony-settings', seed.users.supervisor.accessToken, settings)).status).toBe(
      403,
    );
    triage[1].answers = [{ key: '1', priority: 'high', riskFlag: 'suicidal-thoughts' }];
    const saved = await send(api, 'PUT', '/telephony-settings', admin, {
      ...settings,
      lines: [lines[0]],
      greeting: { fi: 'Tervetuloa Tukilinjaan.' },
      announcement: { fi: 'Jonot ovat tänään pitkiä.' },
      triage,
    });
    expect(saved.status).toBe(200);

    const event = (body: Record<string, unknown>) =>
      send(api, 'POST', '/telephony/calls/events', seed.service.token, body);
    const callId = `pbx-${randomBytes(4).toString('hex')}`;
    const from = '+358401230042';
    const incoming = await event({ event: 'incoming', callId, from, to: LINE });
    expect(incoming.body.step).toEqual({
      kind: 'ask',
      say: [
        { language: 'fi', text: 'Tervetuloa Tukilinjaan.' },
        { language: 'fi', text: 'Jonot ovat tänään pitkiä.' },
        { language: 'fi', text: 'Jos olet vaarassa nyt, paina 1. Muuten paina 2.' },
      ],
    });
    // No contact until the caller has answered (or let the questions pass).
    expect((await api.app.get(TelephonyCalls).find(seed.helplineId, 'adapter', callId))?.contactId).toBeNull();
    const first = await event({ event: 'key-press', callId, from, digits: '1' });
    expect(first.body.step).toEqual({
      kind: 'ask',
      say: [{ language: 'fi', text: 'Jos ajattelet vahingoittavasi itseäsi, paina 1.' }],
    });
    // Silence at the second question skips it: the caller queues with the first answer's priority and risk.
    const queued = await event({ event: 'waiting', callId, from });
    expect(queued.body.step).toMatchObject({ kind: 'hold' });
    const call = await api.app.get(TelephonyCalls).find(seed.helplineId, 'adapter', callId);
    const contact = await send(api, 'GET', `/contacts/${call?.contactId}`, seed.users.supervisor.accessToken);
    expect(contact.body).toMatchObject({
      channel: 'voice',
      state: 'queued',
      priority: 'urgent',
      riskFlags: ['danger-from-other'],
    });
    // A repeated delivery of the last webhook makes nothing new.
    await event({ event: 'waiting', callId, from });
    expect((await api.app.get(TelephonyCalls).find(seed.helplineId, 'adapter', callId))?.contactId).toBe(
      call?.contactId,
    );

    // A caller who hangs up during the questions leaves no contact behind.
    const leaving = `pbx-${randomBytes(4).toString('hex')}`;
    await event({ event: 'incoming', callId: leaving, from, to: LINE });
    await event({ event: 'hung-up', callId: leaving, from });
    expect(await api.app.get(TelephonyCalls).find(seed.helplineId, 'adapter', leaving)).toMatchObject({
      stage: 'ended',
      contactId: null,
    });
  });
});
