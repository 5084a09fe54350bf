import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsNull } from 'typeorm';
import {
  Clock,
  DataKey,
  DataKeysService,
  DecryptionFailedError,
  EnvelopeCipher,
  KeyNotFoundError,
  Keyring,
  KeyringService,
  activateKey,
  addKey,
  retireKey,
  writeKeyringFile,
  type KeyringEntry,
} from '@tuki/platform';
import { CaseSealer, EnvelopeCaseSealer, type SealedPlace } from '@tuki/cases';
import { AgentSocket } from './support/agent-socket';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { addAgent, found, freshLine, numberNeedles, type Needle } from './support/callbacks';
import { answerCall, moveClock } from './support/cases';
import { send, until } from './support/http';
import { OutputCapture, dataSourceOf, filesUnder, pgDump, redisDump, rows, settled } from './support/theft';

/*
 * The issue's theft check for cases. A sentence no one else would write and a caller's number are planted through
 * every way free text and identifiers enter a case: notes (two agents), the summary, the phone field, the code word
 * (set, then said by a repeat caller), a supervisor's break-glass reason, a follow-up call scheduled on the case's
 * number, a search by the number, and requests that are refused on the way. Then everything an intruder could copy
 * is searched for them in clear, hex and base64: the SQLite file and its -wal (before and after a checkpoint), a
 * pg_dump of the PostgreSQL schema, every Redis key and value of the test's prefix, the logs at trace level, the
 * agents' sockets and the error answers. With the deployment's keys Tuki reads all of it back; with any other
 * keyring nothing opens; and after a key rotation the retired key opens nothing either.
 */

const SENTENCE = 'Kirjoitin terapeutille itsemurha-ajatuksistani maaliskuussa';
/** Its most telling word alone, in case only part of the text leaks (a truncated log line, a split page). */
const WORD = 'itsemurha-ajatuksistani';
/** Stored normalised (lower case), so it is looked for in both cases. */
const CODE_WORD = 'Kuutamokeiju';
/** Not the api's own example number (+358401234567), which its error messages show. */
const NUMBER = { input: '+358 45 918 3706', e164: '+358459183706', national: '0459183706' };

const NOTE = `${SENTENCE}. Soita takaisin numeroon 045 918 3706 illalla.`;
const SECOND_NOTE = `Sama soittaja uudelleen (${NUMBER.e164}): ${SENTENCE}.`;
const SUMMARY = `${SENTENCE} (numero ${NUMBER.input})`;
const REASON = `Päivystäjä pyysi apua, soittaja kertoi: ${SENTENCE}, numero ${NUMBER.national}`;
/** Free text that answers legitimately echo to whoever wrote or may read it. */
const FREE_TEXTS = [NOTE, SECOND_NOTE, SUMMARY, REASON];

/**
 * A text's forms in stolen data: in clear (and lower-cased), as hex, and as base64 and base64url at each of the three
 * byte alignments (a value inside a longer base64 string shows its own base64 only from the alignment it sits at).
 */
function textNeedles(label: string, text: string): Needle[] {
  const needles: Needle[] = [];
  for (const variant of [...new Set([text, text.toLocaleLowerCase('fi')])]) {
    const name = variant === text ? label : `${label} (lower case)`;
    needles.push({ label: `${name} in clear`, needle: variant });
    needles.push({ label: `${name} as hex`, needle: Buffer.from(variant).toString('hex') });
    needles.push({ label: `${name} as HEX`, needle: Buffer.from(variant).toString('hex').toUpperCase() });
    for (const offset of [0, 1, 2]) {
      // Encode with `offset` bytes in front, then keep only the characters that depend on the text alone.
      const bytes = Buffer.from(variant);
      const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), bytes]).toString('base64');
      const skip = offset === 0 ? 0 : 4;
      const usableBytes = bytes.length - (offset === 0 ? 0 : 3 - offset);
      const needle = encoded.slice(skip, skip + Math.floor(usableBytes / 3) * 4);
      needles.push({ label: `${name} as base64 (offset ${offset})`, needle });
      const urlSafe = needle.replace(/\+/g, '-').replace(/\//g, '_');
      if (urlSafe !== needle) needles.push({ label: `${name} as base64url (offset ${offset})`, needle: urlSafe });
    }
  }
  return needles;
}

const NEEDLES: Needle[] = [
  ...textNeedles('sentence', SENTENCE),
  ...textNeedles('word', WORD),
  ...textNeedles('code word', CODE_WORD),
  ...numberNeedles(NUMBER.e164, NUMBER.national).map((n) => ({ ...n, label: `number ${n.label}` })),
];

interface Line {
  api: RunningApi;
  seed: SeededHelpline;
  caseId: string;
  noteIds: string[];
  breakGlassId: string;
  /** Every HTTP answer of the planting, as JSON. */
  answers: string[];
  /** The answers of the refused requests, as JSON. */
  refused: string[];
  /** Every event the agents' sockets received, as JSON. */
  socketEvents: string[];
}

/** Plants the sentence, the code word and the number through every path into a case, checking answers on the way. */
async function plant(api: RunningApi, name: string): Promise<Line> {
  const seed = await freshLine(api, name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const answers: string[] = [];
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const reply = await send(api, method, path, token, body);
    answers.push(JSON.stringify(reply.body));
    return reply;
  };
  const supervisor = seed.users.supervisor.accessToken;
  const socketEvents: string[] = [];
  const connect = async (token: string) => {
    const socket = await AgentSocket.connect(api, token);
    socket.socket.onAny((event: string, ...args: unknown[]) => socketEvents.push(JSON.stringify([event, args])));
    return { token, socket };
  };
  const first = await connect(seed.users.agent.accessToken);
  const second = await connect((await addAgent(api, seed, 'second')).token);
  try {
    // The caller's own number reaches Tuki as the caller identity of the call, and opens a case.
    const contactId = await answerCall(api, seed, first, `${slug}-first`, NUMBER.input);
    const opened = await call('POST', `/contacts/${contactId}/case`, first.token);
    expect(opened).toMatchObject({ status: 200, body: { status: 'open', access: 'participant' } });
    const caseId = opened.body.id as string;

    const note = await call('POST', `/cases/${caseId}/notes`, first.token, { body: NOTE, contactId });
    expect(note).toMatchObject({ status: 201, body: { body: NOTE } });
    const saved = await call('PATCH', `/cases/${caseId}`, first.token, {
      summary: SUMMARY,
      phone: NUMBER.e164,
      codeWord: CODE_WORD,
    });
    expect(saved).toMatchObject({ status: 200, body: { summary: SUMMARY, hasCodeWord: true } });
    expect(saved.body.phoneMasked).toBe(`${'•'.repeat(NUMBER.e164.length - 2)}06`);
    const search = await call('GET', `/cases?phone=${encodeURIComponent(NUMBER.input)}`, first.token);
    expect((search.body as { id: string }[]).map((c) => c.id)).toEqual([caseId]);
    // The case's number goes on to callbacks as a follow-up call (an hour away: nobody is offered it here).
    const followUp = await call('POST', `/cases/${caseId}/follow-ups`, first.token, {
      queueId: seed.queueId,
      language: 'fi',
      notBefore: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect([followUp.status, followUp.body.message]).toEqual([200, undefined]);

    // The same caller again, to another agent: they say the code word (in another spelling) and the case opens.
    const againId = await answerCall(api, seed, second, `${slug}-again`, NUMBER.input);
    const confirmed = await call('POST', `/contacts/${againId}/repeat-caller`, second.token, {
      method: 'code-word',
      codeWord: `  ${CODE_WORD.toUpperCase()} `,
    });
    expect(confirmed.body).toMatchObject({ confirmed: true, caseId });
    const secondNote = await call('POST', `/cases/${caseId}/notes`, second.token, {
      body: SECOND_NOTE,
      contactId: againId,
    });
    expect(secondNote.status).toBe(201);

    // A supervisor with no part in the case breaks the glass, saying why.
    const glass = await call('POST', `/cases/${caseId}/break-glass`, supervisor, { reason: REASON });
    expect(glass.status).toBe(200);

    // Refused requests carry the text through validation, access checks and error handling (and their logging).
    const refused = [
      await call('POST', `/cases/${caseId}/notes`, seed.users.admin.accessToken, { body: NOTE }),
      await call('POST', `/cases/${randomUUID()}/notes`, first.token, { body: NOTE }),
      await call('POST', `/cases/${caseId}/notes`, first.token, { body: NOTE, contactId: 'not-a-contact' }),
      await call('POST', `/cases/${caseId}/notes`, first.token, { body: `${NOTE} `.repeat(250) }),
      await call('PATCH', `/cases/${caseId}`, first.token, { summary: SUMMARY, phone: NUMBER.national }),
      await call('PATCH', `/cases/${caseId}`, first.token, { codeWord: `${CODE_WORD} ${SENTENCE}` }),
      await call('PATCH', `/cases/${caseId}`, first.token, { summary: SUMMARY, version: 1 }),
      await call('POST', `/cases/${caseId}/break-glass`, first.token, { reason: REASON }),
      await call('POST', `/cases/${randomUUID()}/break-glass`, supervisor, { reason: REASON }),
      await call('POST', `/contacts/${againId}/repeat-caller`, first.token, {
        method: 'code-word',
        codeWord: CODE_WORD,
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 404, 400, 400, 400, 400, 409, 403, 404, 409]);
    // A search by the number typed in a sentence is refused, and the refusal does not repeat what was typed.
    const typed = await call('GET', `/cases?phone=${encodeURIComponent(`soita ${NUMBER.national}`)}`, first.token);
    expect(typed).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

    return {
      api,
      seed,
      caseId,
      noteIds: [note.body.id as string, secondNote.body.id as string],
      breakGlassId: glass.body.id as string,
      answers,
      refused: refused.map((r) => JSON.stringify(r.body)),
      socketEvents,
    };
  } finally {
    first.socket.close();
    second.socket.close();
  }
}

interface SealedField {
  place: SealedPlace;
  sealed: string;
  plain: string;
}

/** Every sealed field the planting wrote, as stored, with where it belongs and what it must open to. */
async function sealedFields(line: Line): Promise<SealedField[]> {
  const { api, caseId } = line;
  const [kase] = await rows<{
    data_key_id: string;
    summary_sealed: string;
    phone_sealed: string;
    code_word_sealed: string;
  }>(api, 'SELECT data_key_id, summary_sealed, phone_sealed, code_word_sealed FROM {cases} WHERE id = $1', [caseId]);
  const notes = await rows<{ id: string; body_sealed: string }>(
    api,
    'SELECT id, body_sealed FROM {case_notes} WHERE case_id = $1',
    [caseId],
  );
  const [grant] = await rows<{ reason_sealed: string }>(api, 'SELECT reason_sealed FROM {case_grants} WHERE id = $1', [
    line.breakGlassId,
  ]);
  const place = (rowId: string, field: string): SealedPlace => ({
    helplineId: line.seed.helplineId,
    caseId,
    dataKeyId: kase.data_key_id,
    rowId,
    field,
  });
  const noteText = new Map([
    [line.noteIds[0], NOTE],
    [line.noteIds[1], SECOND_NOTE],
  ]);
  return [
    ...notes
      .filter((n) => noteText.has(n.id))
      .map((n) => ({ place: place(n.id, 'body'), sealed: n.body_sealed, plain: noteText.get(n.id)! })),
    { place: place(caseId, 'summary'), sealed: kase.summary_sealed, plain: SUMMARY },
    { place: place(caseId, 'phone'), sealed: kase.phone_sealed, plain: NUMBER.e164 },
    { place: place(caseId, 'codeWord'), sealed: kase.code_word_sealed, plain: CODE_WORD.toLocaleLowerCase('fi') },
    { place: place(line.breakGlassId, 'reason'), sealed: grant.reason_sealed, plain: REASON },
  ];
}

/** Tuki's own sealing code over a keyring file of one's choice, with nothing cached (as a fresh process). */
function sealerOver(api: RunningApi, keyring: Keyring): EnvelopeCaseSealer {
  return new EnvelopeCaseSealer(new DataKeysService(new EnvelopeCipher(keyring), api.app.get(Clock)));
}

/** A keyring file holding exactly these keys (the first active), in a folder of its own. */
function keyringWith(entries: KeyringEntry[]): Keyring {
  const file = join(mkdtempSync(join(tmpdir(), 'tuki-other-keyring-')), 'keyring.json');
  writeKeyringFile(file, { version: 1, active: entries[0].id, keys: entries });
  return Keyring.load(file);
}

describe('case notes and free text after a theft of the data', () => {
  const output = new OutputCapture();
  const apis: RunningApi[] = [];
  let onSqlite: Line;
  let onPostgres: Line;

  beforeAll(async () => {
    output.start();
    const sqlite = await startApi('case-theft-sqlite', { database: 'sqlite', env: { LOG_LEVEL: 'trace' } });
    apis.push(sqlite);
    const postgres = await startApi('case-theft-pg', { env: { LOG_LEVEL: 'trace' } });
    apis.push(postgres);
    onSqlite = await plant(sqlite, 'Case theft sqlite');
    onPostgres = await plant(postgres, 'Case theft postgres');
    await settled(sqlite);
    await settled(postgres);
  });

  afterAll(async () => {
    try {
      for (const api of apis) await api.close();
    } finally {
      output.stop();
    }
  });

  /** The note's sealed body as stored, to show that each search looks where the data is. */
  const sealedNote = async (line: Line) => (await sealedFields(line))[0].sealed;

  it('would find the sentence, the code word and the number in each form it searches for', () => {
    for (const text of [SENTENCE, CODE_WORD, NUMBER.e164, NUMBER.national]) {
      for (const pad of ['', 'x', 'xy']) {
        const bytes = Buffer.from(`${pad}{"t":"${text}"}`);
        expect(found(`a ${bytes.toString('base64')} b`, NEEDLES).length).toBeGreaterThan(0);
        expect(found(`a ${bytes.toString('base64url')} b`, NEEDLES).length).toBeGreaterThan(0);
        expect(found(`a ${bytes.toString('hex')} b`, NEEDLES).length).toBeGreaterThan(0);
        expect(found(Buffer.concat([randomBytes(64), bytes, randomBytes(64)]), NEEDLES).length).toBeGreaterThan(0);
      }
    }
    expect(found(CODE_WORD.toLowerCase(), NEEDLES)).toContain('code word (lower case) in clear');
    // Nor are the needles so short that noise matches them.
    expect(found(randomBytes(8192), NEEDLES)).toEqual([]);
    for (const text of FREE_TEXTS) expect(found(text, NEEDLES).length).toBeGreaterThan(0);
  });

  it('answers with the text only where it was written or read: no error, mask or socket event carries it', () => {
    for (const line of [onSqlite, onPostgres]) {
      expect(found(line.refused.join('\n'), NEEDLES)).toEqual([]);
      // Beside the free text itself (a note echoed to its author, the summary in a save), nothing carries any of it.
      const rest = FREE_TEXTS.reduce((text, free) => text.split(free).join(''), line.answers.join('\n'));
      expect(found(rest, NEEDLES)).toEqual([]);
      expect(line.socketEvents.some((e) => e.includes('offer.created'))).toBe(true);
      expect(found(line.socketEvents.join('\n'), NEEDLES)).toEqual([]);
    }
  });

  it('leaves none of it in the SQLite file or its -wal, before and after a checkpoint', async () => {
    const { api } = onSqlite;
    const { database, dataDir } = api.config;
    if (database.type !== 'sqlite') throw new Error('expected SQLite');
    const sealed = await sealedNote(onSqlite);
    const wal = `${database.path}-wal`;

    // Recent pages are in the -wal until a checkpoint copies them into the file: search both, as they are.
    const files = filesUnder(dataDir);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([database.path, wal]));
    expect(files.find((f) => f.path === wal)!.bytes.length).toBeGreaterThan(0);
    expect(files.some((f) => f.bytes.toString('latin1').includes(sealed))).toBe(true);
    for (const file of files)
      expect({ file: file.path, found: found(file.bytes, NEEDLES) }).toEqual({ file: file.path, found: [] });

    // After a checkpoint every page (and each older version a page had in the -wal) has passed into the file.
    const [checkpoint] = await rows<{ busy: number }>(api, 'PRAGMA wal_checkpoint(TRUNCATE)');
    expect(checkpoint.busy).toBe(0);
    expect(readFileSync(database.path).toString('latin1')).toContain(sealed);
    for (const file of filesUnder(dataDir))
      expect({ file: file.path, found: found(file.bytes, NEEDLES) }).toEqual({ file: file.path, found: [] });
  });

  it('leaves none of it in a pg_dump of the PostgreSQL schema', async () => {
    const config = onPostgres.api.config;
    if (config.database.type !== 'postgres') throw new Error('expected PostgreSQL');
    const dump = await pgDump(config.database.schema);
    for (const table of ['cases', 'case_notes', 'case_grants', 'data_keys', 'callbacks'])
      expect(dump).toContain(`COPY ${config.database.schema}.${table} `);
    expect(dump).toContain(await sealedNote(onPostgres));
    expect(found(dump, NEEDLES)).toEqual([]);
  });

  it('leaves none of it in Redis: keys, values of every type, BullMQ job data', async () => {
    for (const line of [onSqlite, onPostgres]) {
      const { keys, text } = await redisDump(line.api.config);
      // The search covers the jobs and events the case caused: the follow-up callback's timers among them.
      expect(text).toContain('callbacks.expire-late');
      expect(text).toContain('cases.contacts');
      expect(keys.length).toBeGreaterThan(10);
      expect(found(text, NEEDLES)).toEqual([]);
    }
  });

  it('reads it all back with the deployment’s keys: the notes, the summary and the break-glass reason', async () => {
    for (const line of [onSqlite, onPostgres]) {
      const { api, seed, caseId } = line;
      const read = await send(api, 'GET', `/cases/${caseId}`, seed.users.agent.accessToken);
      expect(read.status).toBe(200);
      // The rotation's test adds a third note; the planted two come first.
      expect((read.body.notes as { body: string }[]).slice(0, 2).map((n) => n.body)).toEqual([NOTE, SECOND_NOTE]);
      expect(read.body).toMatchObject({ summary: SUMMARY, hasCodeWord: true });
      expect(read.body).not.toHaveProperty('codeWord');
      expect(read.body).not.toHaveProperty('phone');
      const openings = await send(api, 'GET', '/case-access/break-glass', seed.users.admin.accessToken);
      expect(openings.status).toBe(200);
      expect(openings.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: line.breakGlassId, caseId, reason: REASON })]),
      );
    }
  });

  it('opens the stored text with the deployment’s keyring only: any other keyring fails to authenticate', async () => {
    for (const line of [onSqlite, onPostgres]) {
      const { api } = line;
      const manager = dataSourceOf(api).manager;
      const fields = await sealedFields(line);
      expect(fields.map((f) => f.place.field)).toEqual(['body', 'body', 'summary', 'phone', 'codeWord', 'reason']);
      const key = await manager.getRepository(DataKey).findOneByOrFail({ id: fields[0].place.dataKeyId });
      const wrapped = Buffer.from(key.wrappedKey, 'base64');

      // The running api's sealer, and the same code over the keyring file alone (nothing cached), open every field.
      const own = sealerOver(api, Keyring.load(api.config.keyringFile));
      for (const field of fields) {
        expect(await api.app.get(CaseSealer).open(manager, field.place, field.sealed)).toBe(field.plain);
        expect(await own.open(manager, field.place, field.sealed)).toBe(field.plain);
      }

      // A freshly generated keyring does not hold the key id at all.
      const fresh = new EnvelopeCipher(keyringWith([entry('k-thief-fresh')]));
      expect(() => fresh.unwrap(key.kekId, wrapped)).toThrow(KeyNotFoundError);
      // A forged keyring with the same key id but another key: the data key's authentication fails, and so Tuki's
      // own code, given that keyring, opens no field at all.
      const forged = keyringWith([entry(key.kekId)]);
      expect(() => new EnvelopeCipher(forged).unwrap(key.kekId, wrapped)).toThrow(DecryptionFailedError);
      const thief = sealerOver(api, forged);
      for (const field of fields)
        await expect(thief.open(manager, field.place, field.sealed)).rejects.toBeInstanceOf(DecryptionFailedError);
      // Nor does the right key open a sealed text moved to another row or field.
      const [note, , summary] = fields;
      await expect(own.open(manager, summary.place, note.sealed)).rejects.toBeInstanceOf(DecryptionFailedError);
    }
  });

  it('rotates the keyring while the api runs: every note still opens, and the retired key opens nothing', async () => {
    const line = onPostgres;
    const { api, seed, caseId } = line;
    const path = api.config.keyringFile;
    const keyrings = api.app.get(KeyringService);
    const dataKeys = api.app.get(DataKeysService);
    const dataSource = dataSourceOf(api);
    const liveKeys = () => dataSource.getRepository(DataKey).find({ where: { destroyedAt: IsNull() } });

    const before = Keyring.load(path).document();
    const oldEntry = before.keys.find((k) => k.id === before.active)!;
    const [{ data_key_id: caseKeyId }] = await rows<{ data_key_id: string }>(
      api,
      'SELECT data_key_id FROM {cases} WHERE id = $1',
      [caseId],
    );
    // What a backup taken before the rotation holds of the case's data key.
    const backup = await dataSource.getRepository(DataKey).findOneByOrFail({ id: caseKeyId });
    expect(backup.kekId).toBe(oldEntry.id);

    // The CLI's steps (keys add, activate, rewrap, retire), each reaching the running api by a keyring reload.
    const added = addKey(before, new Date());
    writeKeyringFile(path, added.doc);
    keyrings.reload();
    writeKeyringFile(path, activateKey(Keyring.load(path).document(), added.keyId));
    keyrings.reload();
    expect(keyrings.activeKey().id).toBe(added.keyId);
    const moved = await dataSource.transaction((manager) => dataKeys.rewrapAll(manager));
    expect(moved).toBeGreaterThan(0);
    expect((await liveKeys()).filter((k) => k.kekId === oldEntry.id)).toEqual([]);
    writeKeyringFile(path, retireKey(Keyring.load(path).document(), oldEntry.id));
    keyrings.reload();
    expect(
      Keyring.load(path)
        .document()
        .keys.map((k) => k.id),
    ).not.toContain(oldEntry.id);

    // A note written after the rotation, and every note over HTTP, once the data key cache (60 s) has let go of the
    // plain key: the api unwraps the re-wrapped row with the new key.
    const third = `Kolmas muistiinpano avainten vaihdon jälkeen: ${SENTENCE}.`;
    const added3 = await send(api, 'POST', `/cases/${caseId}/notes`, seed.users.agent.accessToken, { body: third });
    expect(added3.status).toBe(201);
    const later = moveClock(api, 61_000);
    try {
      const read = await send(api, 'GET', `/cases/${caseId}`, seed.users.agent.accessToken);
      expect(read.status).toBe(200);
      expect((read.body.notes as { body: string }[]).map((n) => n.body)).toEqual([NOTE, SECOND_NOTE, third]);
      expect(read.body.summary).toBe(SUMMARY);
    } finally {
      later.restore();
    }
    // The rotated keyring file alone (the old key gone from it) opens every stored field.
    const rotated = sealerOver(api, Keyring.load(path));
    for (const field of await sealedFields(line))
      expect(await rotated.open(dataSource.manager, field.place, field.sealed)).toBe(field.plain);

    // A copy of the retired key opens nothing stored now. It is a working key: it opens the backup's wrapped key.
    const oldOnly = new EnvelopeCipher(keyringWith([oldEntry]));
    expect(oldOnly.unwrap(backup.kekId, Buffer.from(backup.wrappedKey, 'base64'))).toHaveLength(32);
    const forgedUnderNewId = new EnvelopeCipher(keyringWith([{ ...oldEntry, id: added.keyId }]));
    const current = await liveKeys();
    expect(current.map((k) => k.id)).toContain(caseKeyId);
    for (const row of current) {
      const wrapped = Buffer.from(row.wrappedKey, 'base64');
      expect(row.kekId).toBe(added.keyId);
      expect(() => oldOnly.unwrap(row.kekId, wrapped)).toThrow(KeyNotFoundError);
      expect(() => oldOnly.unwrap(oldEntry.id, wrapped)).toThrow(DecryptionFailedError);
      expect(() => forgedUnderNewId.unwrap(row.kekId, wrapped)).toThrow(DecryptionFailedError);
    }
  });

  // Last, so that the logs of the reads and the rotation above are searched too; it reads everything back itself.
  it('leaves none of it in the logs, at trace level, reads of the decrypted text included', async () => {
    const listings = () => output.text.split('"url":"/case-access/break-glass"').length - 1;
    const before = listings();
    for (const { api, seed, caseId } of [onSqlite, onPostgres]) {
      expect((await send(api, 'GET', `/cases/${caseId}`, seed.users.agent.accessToken)).body.summary).toBe(SUMMARY);
      const openings = await send(api, 'GET', '/case-access/break-glass', seed.users.admin.accessToken);
      expect(JSON.stringify(openings.body)).toContain(REASON);
    }
    // pino writes a request's line when the answer is sent: wait for the last ones.
    await until(() => listings() === before + 2, 5_000, 'the request lines of the reads');
    const logs = output.text;
    // The capture works: pino's request lines of both apis are here, the refused ones too.
    expect(logs).toContain(`/cases/${onSqlite.caseId}/notes`);
    expect(logs).toContain(`/cases/${onPostgres.caseId}/break-glass`);
    expect(logs).toContain('"statusCode":409');
    expect(found(logs, NEEDLES)).toEqual([]);
  });
});

/** A random key-encryption key under `id`. */
function entry(id: string): KeyringEntry {
  return { id, key: randomBytes(32).toString('base64'), createdAt: new Date().toISOString() };
}
