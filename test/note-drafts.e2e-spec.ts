import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { freshLine } from './support/callbacks';
import { CaseRetention } from '@tuki/cases';
import { answerCall, moveClock, twoAgentsAtDesks, type DeskAgent } from './support/cases';
import { send, until } from './support/http';
import { pgDump } from './support/theft';

/** A sentence nobody else writes: found anywhere but in the agent's own view, it leaked. */
const SENTENCE = 'Draft: the blackmailer wrote to her twice about the therapy notes';

describe('note drafts: saved as the agent types, sealed, only theirs', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  let first: DeskAgent;
  let second: DeskAgent;
  let contactId: string;

  beforeAll(async () => {
    api = await startApi('note_drafts');
    seed = await freshLine(api, 'Drafts line');
    [first, second] = await twoAgentsAtDesks(api, seed);
  });

  afterAll(async () => {
    first.socket.close();
    second.socket.close();
    await api.close();
  });

  it('keeps a draft across a reload, sealed in the database, readable by its author alone, and audited', async () => {
    contactId = await answerCall(api, seed, first, 'draft-1', '+358 40 5550123');
    const path = `/contacts/${contactId}/note-draft`;
    // The cases' record of who worked the contact follows the contact's events.
    await until(
      async () => (await send(api, 'PUT', path, first.token, { body: 'Dra' })).status === 200,
      5000,
      'a save',
    );
    const saved = await send(api, 'PUT', path, first.token, { body: SENTENCE });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ contactId, caseId: null, updatedAt: expect.any(Number) });
    // A reload: the page asks the server, which is the only place the text is.
    const read = await send(api, 'GET', path, first.token);
    expect(read.body).toMatchObject({ contactId, body: SENTENCE });
    // Another agent (who did not work the contact) cannot write or read one; a supervisor is no author.
    expect((await send(api, 'GET', path, second.token)).status).toBe(404);
    expect((await send(api, 'PUT', path, second.token, { body: 'x' })).status).toBe(404);
    expect((await send(api, 'GET', path, seed.users.supervisor.accessToken)).status).toBe(403);
    expect((await send(api, 'PUT', path, first.token, { body: 'x'.repeat(20_001) })).status).toBe(400);
    // Sealed: the sentence is nowhere in a dump of the database.
    const database = api.config.database;
    if (database.type !== 'postgres') throw new Error('this test runs on PostgreSQL');
    expect(await pgDump(database.schema)).not.toContain('blackmailer wrote');
    const audit = await send(api, 'GET', `/audit?subjectId=${contactId}`, seed.users.admin.accessToken);
    expect(JSON.stringify(audit.body)).toContain('note-draft.read');
    // On the desk as unfinished, without its text.
    const desk = await send(api, 'GET', '/note-drafts', first.token);
    expect(desk.body).toEqual([{ contactId, caseId: null, updatedAt: expect.any(Number) }]);
    expect(JSON.stringify(desk.body)).not.toContain('blackmailer');
  });

  it('turns the draft into the case note and forgets it', async () => {
    const opened = await send(api, 'POST', `/contacts/${contactId}/case`, first.token);
    expect(opened.status).toBe(200);
    const caseId = opened.body.id as string;
    const done = await send(api, 'POST', `/contacts/${contactId}/note-draft/complete`, first.token, { caseId });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ body: SENTENCE, contactId });
    const theCase = await send(api, 'GET', `/cases/${caseId}`, first.token);
    expect(JSON.stringify(theCase.body)).toContain(SENTENCE);
    expect((await send(api, 'GET', `/contacts/${contactId}/note-draft`, first.token)).status).toBe(404);
    expect((await send(api, 'GET', '/note-drafts', first.token)).body).toEqual([]);
  });

  it('lets the agent skip the note with a reason code, and refuses a reason that is not one', async () => {
    const path = `/contacts/${contactId}/note-draft`;
    expect((await send(api, 'PUT', path, first.token, { body: 'half a thought' })).status).toBe(200);
    const bad = await send(api, 'POST', `${path}/skip`, first.token, { reason: 'bored' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('reason');
    expect((await send(api, 'POST', `${path}/skip`, first.token, { reason: 'nothing-to-record' })).status).toBe(204);
    expect((await send(api, 'GET', '/note-drafts', first.token)).body).toEqual([]);
    expect((await send(api, 'POST', `${path}/skip`, first.token, { reason: 'nothing-to-record' })).status).toBe(404);
  });

  it('discards a draft nobody finished within the retention period, with its key', async () => {
    const path = `/contacts/${contactId}/note-draft`;
    expect((await send(api, 'PUT', path, first.token, { body: 'left behind' })).status).toBe(200);
    const retention = api.app.get(CaseRetention);
    expect((await retention.apply(seed.helplineId)).discardedDrafts).toBe(0);
    const moved = moveClock(api, 4000 * 86_400_000);
    try {
      expect((await retention.apply(seed.helplineId)).discardedDrafts).toBe(1);
    } finally {
      moved.restore();
    }
    expect((await send(api, 'GET', path, first.token)).status).toBe(404);
  });
});
