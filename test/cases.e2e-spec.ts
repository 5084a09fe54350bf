import { ContactFactsService } from '@tuki/statistics';
import { AuditLog, DataKeyDestroyedError, TransactionRunner } from '@tuki/platform';
import { CaseNotFoundError, CaseRetention, CaseSealer, CasesService } from '@tuki/cases';
import { DataSource } from 'typeorm';
import { AgentSocket } from './support/agent-socket';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { addAgent, arrive, freshLine } from './support/callbacks';
import { answerCall, moveClock, twoAgentsAtDesks, type DeskAgent } from './support/cases';
import { send, until } from './support/http';

const NUMBER = '+358401234567';
const OTHER_NUMBER = '+358409876543';

describe('cases: sealed, audited, opened only by those who may', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let first: DeskAgent;
  let second: DeskAgent;
  let firstContactId: string;
  let caseId: string;
  let reference: string;

  const supervisor = () => seed.users.supervisor.accessToken;
  const admin = () => seed.users.admin.accessToken;

  beforeAll(async () => {
    api = await startApi('cases');
    seed = await freshLine(api, 'Cases line');
    [first, second] = await twoAgentsAtDesks(api, seed);
  });

  afterAll(async () => {
    first.socket.close();
    second.socket.close();
    await api.close();
  });

  it('opens a case from the contact an agent answers, keeps its note sealed and audits every read', async () => {
    firstContactId = await answerCall(api, seed, first, 'case-first', NUMBER);
    // Nobody but the agent connected with the contact may open its case.
    expect((await send(api, 'POST', `/contacts/${firstContactId}/case`, second.token)).status).toBe(409);
    const opened = await send(api, 'POST', `/contacts/${firstContactId}/case`, first.token);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'open', riskLevel: 'none', access: 'participant' });
    caseId = opened.body.id as string;
    reference = opened.body.reference as string;
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Opening again finds the same case.
    expect((await send(api, 'POST', `/contacts/${firstContactId}/case`, first.token)).body.id).toBe(caseId);

    const note = await send(api, 'POST', `/cases/${caseId}/notes`, first.token, {
      body: 'Received the extortion email this morning.',
      contactId: firstContactId,
    });
    expect(note.status).toBe(201);
    const saved = await send(api, 'PATCH', `/cases/${caseId}`, first.token, {
      riskLevel: 'high',
      categories: ['breach.extortion-message', 'breach.anxiety'],
      summary: 'Vastaamo patient, frightened',
      codeWord: 'Lumikki',
      ageBand: '25-34',
      gender: 'declined',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ riskLevel: 'high', hasCodeWord: true, ageBand: '25-34', gender: 'declined' });
    expect(saved.body.categories).toEqual(['breach.anxiety', 'breach.extortion-message']);

    const read = await send(api, 'GET', `/cases/${caseId}`, first.token);
    expect(read.status).toBe(200);
    expect((read.body.notes as { body: string }[]).map((n) => n.body)).toEqual([
      'Received the extortion email this morning.',
    ]);
    expect(read.body.summary).toBe('Vastaamo patient, frightened');
    expect(read.body).not.toHaveProperty('codeWord');
    expect((read.body.timeline as { kind: string }[]).map((t) => t.kind)).toEqual(['contact', 'note']);

    // Nothing readable in the row itself.
    const [row] = await api.app
      .get(DataSource)
      .query(`SELECT * FROM "${schema(api)}".case_notes WHERE case_id = $1`, [caseId]);
    expect(JSON.stringify(row)).not.toContain('extortion email');

    const entries = await api.app.get(AuditLog).list(seed.helplineId, { subjectId: caseId });
    const actions = entries.map((e) => e.action).reverse();
    // Opening the contact's case a second time is a read too.
    expect(actions).toEqual([
      'case.created',
      'case.read',
      'case.note-created',
      'case.updated',
      'case.read',
      'case.read',
    ]);
    expect(entries.every((e) => e.actor.id === first.id)).toBe(true);
    expect(entries[0]).toMatchObject({ purpose: 'participant', fields: expect.arrayContaining(['notes']) });
  });

  it('refuses bad input with a message naming the field, and changes nothing', async () => {
    const unknown = await send(api, 'PATCH', `/cases/${caseId}`, first.token, { categories: ['breach.nonsense'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('breach.nonsense');
    const badStatus = await send(api, 'PATCH', `/cases/${caseId}`, first.token, { status: 'archived' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.message).toContain('status must be one of');
    const badPhone = await send(api, 'PATCH', `/cases/${caseId}`, first.token, { phone: '040 123' });
    expect(badPhone.status).toBe(400);
    const stale = await send(api, 'PATCH', `/cases/${caseId}`, first.token, { version: 1, riskLevel: 'low' });
    expect(stale.status).toBe(409);
    const read = await send(api, 'GET', `/cases/${caseId}`, first.token);
    expect(read.body.riskLevel).toBe('high');
    expect(read.body.categories).toEqual(['breach.anxiety', 'breach.extortion-message']);
  });

  it('never shows another agent the case, not even in a list or a search', async () => {
    expect((await send(api, 'GET', `/cases/${caseId}`, second.token)).status).toBe(404);
    expect((await send(api, 'PATCH', `/cases/${caseId}`, second.token, { riskLevel: 'low' })).status).toBe(404);
    expect((await send(api, 'POST', `/cases/${caseId}/notes`, second.token, { body: 'x' })).status).toBe(404);
    for (const query of [
      '',
      `?reference=${reference}`,
      `?phone=${encodeURIComponent(NUMBER)}`,
      '?category=breach.anxiety',
      '?status=open',
    ]) {
      const found = await send(api, 'GET', `/cases${query}`, second.token);
      expect(found.status).toBe(200);
      expect(found.body).toEqual([]);
    }
    const mine = await send(api, 'GET', `/cases?phone=${encodeURIComponent('+358 40 123 4567')}`, first.token);
    expect((mine.body as { id: string }[]).map((c) => c.id)).toEqual([caseId]);
    expect((await send(api, 'GET', '/cases', seed.users.analyst.accessToken)).status).toBe(403);
    expect((await send(api, 'GET', `/cases/${caseId}`, admin())).status).toBe(403);
  });

  it('lets a supervisor find every case but open one they have no part in only by breaking the glass', async () => {
    const listed = await send(api, 'GET', `/cases?reference=${reference}`, supervisor());
    expect(listed.body).toEqual([expect.objectContaining({ id: caseId, mayOpen: false })]);
    const refused = await send(api, 'GET', `/cases/${caseId}`, supervisor());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('BREAK_GLASS_REQUIRED');
    expect((await send(api, 'POST', `/cases/${caseId}/break-glass`, supervisor(), { reason: 'why' })).status).toBe(400);
    const glass = await send(api, 'POST', `/cases/${caseId}/break-glass`, supervisor(), {
      reason: 'Caller threatened suicide on the phone now, agent asked for help',
    });
    expect(glass.status).toBe(200);
    const opened = await send(api, 'GET', `/cases/${caseId}`, supervisor());
    expect(opened.status).toBe(200);
    expect(opened.body.access).toBe('break-glass');

    // The seeded helpline has a break-glass opening of its own seeded case: look at this case's.
    const flaggedFor = async (id: string) =>
      (
        (await send(api, 'GET', '/case-access/break-glass?unreviewed=true', admin())).body as { caseId: string }[]
      ).filter((g) => g.caseId === id);
    expect(await flaggedFor(caseId)).toEqual([
      expect.objectContaining({
        caseId,
        userId: seed.users.supervisor.id,
        reviewedAt: null,
        reason: 'Caller threatened suicide on the phone now, agent asked for help',
      }),
    ]);
    // Supervisors review openings too, but never their own: a second pair of eyes signs it off.
    expect((await send(api, 'GET', '/case-access/break-glass', supervisor())).status).toBe(200);
    const own = await send(api, 'POST', `/case-access/break-glass/${glass.body.id}/review`, supervisor());
    expect([own.status, own.body.code]).toEqual([409, 'OWN_BREAK_GLASS_REVIEW']);
    const reviewed = await send(api, 'POST', `/case-access/break-glass/${glass.body.id}/review`, admin());
    expect(reviewed.body.reviewedBy).toBe(seed.users.admin.id);
    expect(await flaggedFor(caseId)).toEqual([]);
    const audit = await api.app
      .get(AuditLog)
      .list(seed.helplineId, { subjectId: caseId, actorId: seed.users.supervisor.id });
    const overHttp = await send(api, 'GET', `/audit?subjectId=${caseId}&actorId=${seed.users.supervisor.id}`, admin());
    expect((overHttp.body as { action: string }[]).map((e) => e.action)).toEqual(audit.map((e) => e.action));
    expect((await send(api, 'GET', `/audit?subjectId=${caseId}`, first.token)).status).toBe(403);
    expect(audit.map((e) => `${e.action}/${e.purpose}`)).toEqual(
      expect.arrayContaining(['case.break-glass/break-glass', 'case.read/break-glass', 'case.listed/supervision']),
    );
  });

  it('tells the next agent only "possible repeat caller", and opens the earlier case after the code word', async () => {
    const offers = second.socket.offers.length;
    const contactId = await answerCall(api, seed, second, 'case-repeat', '+358 40 1234567');
    expect(second.socket.offers[offers].repeatCaller).toEqual({ earlierContacts: 1 });
    expect((await send(api, 'GET', `/cases/${caseId}`, second.token)).status).toBe(404);

    const wrong = await send(api, 'POST', `/contacts/${contactId}/repeat-caller`, second.token, {
      method: 'code-word',
      codeWord: 'Tuhkimo',
    });
    expect(wrong.body).toEqual({ confirmed: false, caseId: null, reference: null, accessUntil: null });
    expect((await send(api, 'GET', `/cases/${caseId}`, second.token)).status).toBe(404);
    // Only the agent on the line may ask.
    expect(
      (await send(api, 'POST', `/contacts/${contactId}/repeat-caller`, first.token, { method: 'consent' })).status,
    ).toBe(409);

    const right = await send(api, 'POST', `/contacts/${contactId}/repeat-caller`, second.token, {
      method: 'code-word',
      codeWord: '  lumikki ',
    });
    expect(right.body).toMatchObject({ confirmed: true, caseId, reference });
    expect(right.body.accessUntil).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const read = await send(api, 'GET', `/cases/${caseId}`, second.token);
    expect(read.status).toBe(200);
    expect(read.body.access).toBe('repeat-caller');
    expect((read.body.contacts as { contactId: string }[]).map((c) => c.contactId)).toEqual([
      firstContactId,
      contactId,
    ]);
    // The contact's own case is the earlier one now.
    expect((await send(api, 'POST', `/contacts/${contactId}/case`, second.token)).body.id).toBe(caseId);
    const audit = await api.app.get(AuditLog).list(seed.helplineId, { subjectId: caseId, actorId: second.id });
    expect(audit.map((e) => e.action)).toContain('case.repeat-caller-confirmed');
    // The call ends; the agent is free for the next one.
    expect((await send(api, 'POST', `/contacts/${contactId}/end`, second.token)).status).toBe(200);
    expect((await send(api, 'POST', `/contacts/${contactId}/complete`, second.token)).status).toBe(200);
  });

  it('stops code-word guessing after three misses, and links by consent', async () => {
    const contactId = await answerCall(api, seed, second, 'case-guess', NUMBER);
    // This contact has the same caller key; the second agent already holds the earlier case through a grant.
    for (let i = 0; i < 3; i++) {
      const miss = await send(api, 'POST', `/contacts/${contactId}/repeat-caller`, second.token, {
        method: 'code-word',
        codeWord: `guess-${i}`,
      });
      expect(miss.body.confirmed).toBe(false);
    }
    const locked = await send(api, 'POST', `/contacts/${contactId}/repeat-caller`, second.token, {
      method: 'code-word',
      codeWord: 'lumikki',
    });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('CODE_WORD_TRIES_EXHAUSTED');
    const consent = await send(api, 'POST', `/contacts/${contactId}/repeat-caller`, second.token, {
      method: 'consent',
    });
    expect(consent.body).toMatchObject({ confirmed: true, caseId });
  });

  it('opens a case to an agent only within the access period after their last work, or while a grant lasts', async () => {
    const cases = api.app.get(CasesService);
    const agent = (id: string) => ({
      kind: 'staff' as const,
      userId: id,
      helplineId: seed.helplineId,
      roles: ['agent' as const],
      sessionVersion: 0,
    });
    const third = await addAgent(api, seed, 'third');
    const given = await send(api, 'POST', `/cases/${caseId}/grants`, supervisor(), { userId: third.id, days: 2 });
    expect(given.status).toBe(200);
    expect((await send(api, 'GET', `/cases/${caseId}`, third.token)).body.access).toBe('assigned');
    expect((await send(api, 'GET', '/cases', third.token)).body).toEqual([expect.objectContaining({ id: caseId })]);

    const later = moveClock(api, 3 * 24 * 3600_000);
    try {
      // The grant lapsed: gone from reads, lists and searches alike. The first agent worked on it 3 days ago.
      await expect(cases.get(agent(third.id), caseId)).rejects.toBeInstanceOf(CaseNotFoundError);
      expect(await cases.search(agent(third.id), {})).toEqual([]);
      expect((await cases.get(agent(first.id), caseId)).access).toBe('participant');
    } finally {
      later.restore();
    }
    const muchLater = moveClock(api, 29 * 24 * 3600_000);
    try {
      await expect(cases.get(agent(first.id), caseId)).rejects.toBeInstanceOf(CaseNotFoundError);
      expect(await cases.search(agent(first.id), { reference })).toEqual([]);
    } finally {
      muchLater.restore();
    }
  });

  it('publishes each contact’s anonymous facts once, for answered and unanswered contacts alike', async () => {
    const facts = api.app.get(ContactFactsService);
    const classify = await send(
      api,
      'POST',
      `/cases/${caseId}/contacts/${firstContactId}/classification`,
      first.token,
      {
        categories: ['breach.extortion-message'],
        outcome: 'supported',
      },
    );
    expect(classify.status).toBe(200);
    expect(classify.body.classification).toBe('recorded');
    const again = await send(
      api,
      'POST',
      `/cases/${caseId}/contacts/${firstContactId}/classification-skip`,
      first.token,
      {
        reason: 'no-time',
      },
    );
    expect(again.status).toBe(409);
    const gone = await arrive(api, seed, 'case-abandoned', { caller: { kind: 'phone', value: OTHER_NUMBER } });
    await send(api, 'POST', `/contacts/${gone.id}/abandon`, seed.service.token);

    const rows = async () => await facts.rows(seed.helplineId, { month: new Date().toISOString().slice(0, 7) });
    await until(
      async () =>
        (await rows()).some((r) => r.classification === 'recorded') && (await rows()).some((r) => r.abandoned),
      15_000,
      'facts',
    );
    const recorded = (await rows()).find((r) => r.classification === 'recorded')!;
    expect(recorded).toMatchObject({
      channel: 'voice',
      ageBand: '25-34',
      gender: 'declined',
      region: 'not-asked',
      outcome: 'supported',
      answered: true,
      waitBand: 'under-1-min',
    });
    expect(JSON.parse(recorded.categories)).toEqual(['breach.extortion-message']);
    const stored = JSON.stringify(await rows());
    for (const id of [firstContactId, caseId, gone.id]) expect(stored).not.toContain(id);
  });

  it('schedules a follow-up call with the case’s number, and the callback joins the case', async () => {
    const withPhone = await send(api, 'PATCH', `/cases/${caseId}`, first.token, { phone: OTHER_NUMBER });
    expect(withPhone.body.phoneMasked).toBe(`${'•'.repeat(OTHER_NUMBER.length - 2)}43`);
    const follow = await send(api, 'POST', `/cases/${caseId}/follow-ups`, first.token, {
      queueId: seed.queueId,
      language: 'fi',
      notBefore: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect([follow.status, follow.body.message]).toEqual([200, undefined]);
    const callback = await send(api, 'GET', `/callbacks/${follow.body.callbackId}`, supervisor());
    expect(callback.body).toMatchObject({ source: 'follow-up', status: 'open' });
    await until(
      async () =>
        ((await send(api, 'GET', `/cases/${caseId}`, first.token)).body.contacts as { contactId: string }[]).some(
          (c) => c.contactId === follow.body.callbackId,
        ),
      10_000,
      'the follow-up callback in the case',
    );
    const read = await send(api, 'GET', `/cases/${caseId}`, first.token);
    expect(read.body.followUps).toEqual([expect.objectContaining({ callbackId: follow.body.callbackId })]);
    expect(JSON.stringify(read.body)).not.toContain(OTHER_NUMBER);
  });

  it('exports, then erases, everything linked to one number on a data subject’s request; statistics stay', async () => {
    const added = await addAgent(api, seed, 'subject');
    const agent = { ...added, socket: await AgentSocket.connect(api, added.token) };
    const subject = '+358501112233';
    try {
      const contactId = await answerCall(api, seed, agent, 'case-subject', subject);
      const opened = await send(api, 'POST', `/contacts/${contactId}/case`, agent.token);
      await send(api, 'POST', `/cases/${opened.body.id}/notes`, agent.token, {
        body: 'Asked us to delete everything.',
      });
      // A national number would match nothing (caller keys are made from what the telephony provider passes).
      const national = await send(api, 'POST', '/data-subject-requests/export', admin(), { phone: '050 111 2233' });
      expect(national.status).toBe(400);
      expect(national.body.message).toContain('international');
      const full = await send(api, 'POST', '/data-subject-requests/export', admin(), { phone: subject });
      expect(full.status).toBe(200);
      expect(full.body.cases).toEqual([
        expect.objectContaining({
          id: opened.body.id,
          notes: [expect.objectContaining({ body: 'Asked us to delete everything.' })],
        }),
      ]);
      expect((await send(api, 'POST', '/data-subject-requests/export', supervisor(), { phone: subject })).status).toBe(
        403,
      );
      const erased = await send(api, 'POST', '/data-subject-requests/erase', admin(), { phone: subject });
      expect(erased.body).toMatchObject({ erasedCases: 1 });
      expect(erased.body.unlinkedContacts).toBeGreaterThanOrEqual(1);
      expect((await send(api, 'POST', '/data-subject-requests/export', admin(), { phone: subject })).body).toEqual({
        cases: [],
        contacts: [],
      });
      expect((await send(api, 'GET', `/cases/${opened.body.id}`, agent.token)).status).toBe(404);
      const audit = await api.app.get(AuditLog).list(seed.helplineId, { subjectId: opened.body.id as string });
      expect(audit.map((e) => `${e.action}/${e.purpose}`)).toEqual(
        expect.arrayContaining(['case.exported/subject-request', 'case.purged/subject-request']),
      );
    } finally {
      agent.socket.close();
    }
  });

  it('follows the helpline’s status workflow and refuses invalid settings field by field', async () => {
    const closed = await send(api, 'PATCH', `/cases/${caseId}`, first.token, { status: 'closed' });
    expect(closed.body.closedAt).toEqual(expect.any(Number));
    const settings = (await send(api, 'GET', '/case-settings', first.token)).body;
    const invalid = await send(api, 'PUT', '/case-settings', admin(), {
      ...settings,
      agentAccessDays: 0,
      taxonomy: [],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('agentAccessDays');
    expect(invalid.body.message).toContain('taxonomy');
    expect((await send(api, 'PUT', '/case-settings', supervisor(), settings)).status).toBe(403);
    const strict = await send(api, 'PUT', '/case-settings', admin(), {
      ...settings,
      transitions: { ...settings.transitions, closed: [] },
    });
    expect(strict.status).toBe(200);
    const reopen = await send(api, 'PATCH', `/cases/${caseId}`, first.token, { status: 'open' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.code).toBe('ILLEGAL_CASE_STATUS');
  });

  it('purges a closed case after its retention period: the kept ciphertext is unreadable and statistics stay', async () => {
    const manager = api.app.get(DataSource).manager;
    const [note] = await manager.query(`SELECT id, body_sealed FROM "${schema(api)}".case_notes WHERE case_id = $1`, [
      caseId,
    ]);
    const [kase] = await manager.query(`SELECT data_key_id FROM "${schema(api)}".cases WHERE id = $1`, [caseId]);
    const month = new Date().toISOString().slice(0, 7);
    const facts = api.app.get(ContactFactsService);
    /** The counts once every facts event so far has landed (they are delivered in the background). */
    const settledCounts = async () => {
      let last = JSON.stringify(await facts.counts(seed.helplineId, { month }));
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 750));
        const now = JSON.stringify(await facts.counts(seed.helplineId, { month }));
        if (now === last) return JSON.parse(now) as unknown;
        last = now;
      }
    };
    const place = {
      helplineId: seed.helplineId,
      caseId,
      dataKeyId: kase.data_key_id as string,
      rowId: note.id as string,
      field: 'body',
    };
    const sealer = api.app.get(CaseSealer);
    const transactions = api.app.get(TransactionRunner);
    expect(await transactions.run((m) => sealer.open(m, place, note.body_sealed as string))).toContain('extortion');

    const retention = api.app.get(CaseRetention);
    const early = moveClock(api, 364 * 24 * 3600_000);
    // Not yet due; contacts answered but left unclassified for a week are counted now (as not recorded).
    expect((await retention.apply(seed.helplineId)).purgedCases).toBe(0);
    early.restore();
    const before = await settledCounts();
    const late = moveClock(api, 366 * 24 * 3600_000);
    try {
      expect((await retention.apply(seed.helplineId)).purgedCases).toBe(1);
    } finally {
      late.restore();
    }
    await expect(transactions.run((m) => sealer.open(m, place, note.body_sealed as string))).rejects.toBeInstanceOf(
      DataKeyDestroyedError,
    );
    expect(await manager.query(`SELECT id FROM "${schema(api)}".cases WHERE id = $1`, [caseId])).toEqual([]);
    expect(await manager.query(`SELECT id FROM "${schema(api)}".case_notes WHERE case_id = $1`, [caseId])).toEqual([]);
    expect(await settledCounts()).toEqual(before);
    const audit = await api.app.get(AuditLog).list(seed.helplineId, { subjectId: caseId, action: 'case.purged' });
    expect(audit).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ kind: 'system' }), purpose: 'retention' }),
    ]);
  });
});

function schema(api: RunningApi): string {
  if (api.config.database.type !== 'postgres') throw new Error('this test runs on PostgreSQL');
  return api.config.database.schema;
}

describe('cases on SQLite: the access rule is part of the query there too', () => {
  let api: RunningApi;
  let seed: SeededHelpline;

  beforeAll(async () => {
    api = await startApi('cases-sqlite', { database: 'sqlite' });
    seed = await freshLine(api, 'Cases on SQLite');
  });

  afterAll(async () => {
    await api.close();
  });

  it('finds the case for the agent who worked on it, lists it to a supervisor, and hides it from another agent', async () => {
    const socket = await AgentSocket.connect(api, seed.users.agent.accessToken);
    const other = await addAgent(api, seed, 'other');
    try {
      const agent = { id: seed.users.agent.id, token: seed.users.agent.accessToken, socket };
      const contactId = await answerCall(api, seed, agent, 'sqlite-case', NUMBER);
      const opened = await send(api, 'POST', `/contacts/${contactId}/case`, agent.token);
      await send(api, 'PATCH', `/cases/${opened.body.id}`, agent.token, { categories: ['breach.paid'] });
      for (const query of [
        `?reference=${opened.body.reference}`,
        '?category=breach.paid',
        `?phone=${encodeURIComponent(NUMBER)}`,
      ]) {
        expect((await send(api, 'GET', `/cases${query}`, agent.token)).body).toEqual([
          expect.objectContaining({ id: opened.body.id, mayOpen: true }),
        ]);
        expect((await send(api, 'GET', `/cases${query}`, other.token)).body).toEqual([]);
        expect((await send(api, 'GET', `/cases${query}`, seed.users.supervisor.accessToken)).body).toEqual([
          expect.objectContaining({ id: opened.body.id, mayOpen: false }),
        ]);
      }
    } finally {
      socket.close();
    }
  });
});
