import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  DataKey,
  DataKeysService,
  DecryptionFailedError,
  EnvelopeCipher,
  KeyNotFoundError,
  Keyring,
  decryptField,
  writeKeyringFile,
} from '@tuki/platform';
import { AgentSocket } from './support/agent-socket';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { arrive, defineQueue, found, freshLine, numberNeedles } from './support/callbacks';
import { send } from './support/http';
import { OutputCapture, filesUnder, pgDump, redisDump, settled, tableOf } from './support/theft';

/*
 * The theft check. Numbers are planted through every HTTP path that takes one (a waiting caller's IVR, a
 * chat, the web form, an agent on a caller's behalf, merges in other spellings, and refused spellings), one is read
 * by the agent dialling it, one is completed (its key shredded). Then everything an intruder could copy is searched
 * for the numbers in clear, hex and base64: the SQLite files with their -wal, a pg_dump of the PostgreSQL schema,
 * every Redis key and value of the test's prefix (BullMQ's job data included), the logs at trace level, and what
 * the agent's socket received. Last, the stored number is opened with the right keyring and refused by any other.
 */

interface Planted {
  label: string;
  input: string;
  e164: string;
  national: string;
}

const NUMBERS = {
  /** A waiting voice caller leaves it in the IVR; then dialled, not reached (read by the agent, stays sealed). */
  // Not the api's own example number (+358401234567), which its error messages show.
  ivr: { label: 'ivr', input: '+358 40 731 9264', e164: '+358407319264', national: '0407319264' },
  /** A waiting chat caller leaves it; then dialled and reached (completed: its key is shredded). */
  chat: { label: 'chat', input: '+358 50 765 4321', e164: '+358507654321', national: '0507654321' },
  /** The web form; stays open (the right keyring must open it). */
  webForm: { label: 'web form', input: '+358449876543', e164: '+358449876543', national: '0449876543' },
  /** An agent on the caller's behalf. */
  agent: { label: 'agent', input: '+358-45-246-8135', e164: '+358452468135', national: '0452468135' },
} satisfies Record<string, Planted>;

/** Sent under a web form's idempotency key already used for another number (a path that fails today). */
const REUSED_KEY: Planted = {
  label: 'reused key',
  input: '+358 41 864 2097',
  e164: '+358418642097',
  national: '0418642097',
};

const NEEDLES = [...Object.values(NUMBERS), REUSED_KEY].flatMap((n) =>
  numberNeedles(n.e164, n.national).map((needle) => ({ ...needle, label: `${n.label} ${needle.label}` })),
);

interface Line {
  api: RunningApi;
  seed: SeededHelpline;
  ids: Record<keyof typeof NUMBERS, string>;
  /** Every event the agent's socket received, as JSON. */
  socketEvents: string[];
  /** Every HTTP answer but the one dial answer that must carry the number. */
  answers: string[];
}

/** Plants the numbers through every path, dials two of them, and checks the answers as it goes. */
async function plant(api: RunningApi, name: string): Promise<Line> {
  const seed = await freshLine(api, name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const answers: string[] = [];
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const reply = await send(api, method, path, token, body);
    answers.push(JSON.stringify(reply.body));
    return reply;
  };
  const service = seed.service.token;
  const token = seed.users.agent.accessToken;
  const queue = await defineQueue(api, seed, { callbackPolicy: { retryDelaysSeconds: [60] } });
  const body = (key: string, number: string, extra: Record<string, unknown> = {}) => ({
    idempotencyKey: key,
    queueId: queue.id,
    language: 'fi',
    number,
    ...extra,
  });

  // A waiting voice caller and a waiting chat caller leave their numbers (nobody is on duty yet).
  // The IVR hands over the caller's own number too (caller identity), as telephony adapters do.
  const voice = await arrive(api, seed, `${slug}-voice`, {
    queueId: queue.id,
    caller: { kind: 'phone', value: NUMBERS.ivr.input },
  });
  const ivr = await call('POST', `/contacts/${voice.id}/callback`, service, { number: NUMBERS.ivr.input });
  expect(ivr).toMatchObject({ status: 200, body: { merged: false, callback: { source: 'queue' } } });
  const chatting = await arrive(api, seed, `${slug}-chat`, { queueId: queue.id, channel: 'chat' });
  const chat = await call('POST', `/contacts/${chatting.id}/callback`, service, { number: NUMBERS.chat.input });
  expect(chat).toMatchObject({ status: 200, body: { merged: false, callback: { source: 'chat' } } });
  const form = await call('POST', '/callbacks', service, body(`${slug}-form`, NUMBERS.webForm.input));
  expect(form).toMatchObject({ status: 200, body: { merged: false, callback: { source: 'web-form' } } });
  const byAgent = await call('POST', '/callbacks/on-behalf', token, body(`${slug}-agent`, NUMBERS.agent.input));
  expect(byAgent).toMatchObject({ status: 200, body: { merged: false, callback: { source: 'agent' } } });

  // The same numbers again in other spellings and through other paths: merged, and just as secret.
  const mergedForm = await call('POST', '/callbacks', service, body(`${slug}-form-2`, '+358-40-7319264'));
  expect(mergedForm).toMatchObject({ status: 200, body: { merged: true, callback: { id: voice.id } } });
  const mergedChat = await call('POST', '/callbacks', service, {
    ...body(`${slug}-chat-2`, '+358 44 987 65 43'),
    source: 'chat',
  });
  expect(mergedChat).toMatchObject({ status: 200, body: { merged: true } });
  const late = await arrive(api, seed, `${slug}-late`, { queueId: queue.id });
  const mergedLive = await call('POST', `/contacts/${late.id}/callback`, service, { number: '+358 45 246 81 35' });
  expect(mergedLive).toMatchObject({ status: 200, body: { merged: true } });
  const mergedBySupervisor = await call(
    'POST',
    '/callbacks/on-behalf',
    seed.users.supervisor.accessToken,
    body(`${slug}-supervisor`, '+358 50 7654321'),
  );
  expect(mergedBySupervisor).toMatchObject({ status: 200, body: { merged: true } });

  // Refused spellings travel through validation and error handling (and its logging).
  const refused = [
    await call('POST', '/callbacks', service, body(`${slug}-bad-1`, '040 731 9264')),
    await call('POST', '/callbacks', service, body(`${slug}-bad-2`, 'call +358407319264 after five please, thanks')),
    await call('POST', '/callbacks', service, body(`${slug}-bad-3`, '+358407319264', { window: { notBefore: 'x' } })),
    await call('POST', `/contacts/${voice.id}/callback`, service, { number: '+358407319265' }),
    await call('POST', '/callbacks', service, body(`${slug}-bad-4`, '+358407319264', { queueId: 'not-a-queue' })),
  ];
  expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 409, 400]);
  // A form re-sent under its key with another number is a conflict; the error logged on the way must not carry it.
  await call('POST', '/callbacks', service, body(`${slug}-form`, REUSED_KEY.input));

  // An agent comes on duty: the IVR caller's callback first (earliest arrival). Dialled, not reached.
  const agent = await AgentSocket.connect(api, token);
  const socketEvents: string[] = [];
  agent.socket.onAny((event: string, ...args: unknown[]) => socketEvents.push(JSON.stringify([event, args])));
  try {
    await call('POST', '/agents/me/state', token, { state: 'available' });
    expect(await agent.nextOffer(1)).toMatchObject({ contactId: voice.id, channel: 'callback' });
    await call('POST', `/offers/${voice.id}/accept`, token);
    const dial = await send(api, 'POST', `/callbacks/${voice.id}/attempts`, token);
    expect(dial).toMatchObject({ status: 200, body: { attempt: 1, number: NUMBERS.ivr.e164 } });
    const outcome = await call('POST', `/callbacks/${voice.id}/attempts/1/outcome`, token, { outcome: 'no-answer' });
    expect(outcome).toMatchObject({ status: 200, body: { state: 'callback-pending' } });

    // The chat caller's callback next: reached, so completed, and the conversation ends as any other.
    expect(await agent.nextOffer(2)).toMatchObject({ contactId: chatting.id, channel: 'callback' });
    await call('POST', `/offers/${chatting.id}/accept`, token);
    const dialChat = await send(api, 'POST', `/callbacks/${chatting.id}/attempts`, token);
    expect(dialChat).toMatchObject({ status: 200, body: { number: NUMBERS.chat.e164 } });
    expect(
      await call('POST', `/callbacks/${chatting.id}/attempts/1/outcome`, token, { outcome: 'reached' }),
    ).toMatchObject({ status: 200, body: { state: 'connected' } });
    expect(await call('POST', `/contacts/${chatting.id}/end`, token)).toMatchObject({ status: 200 });
    expect(await call('POST', `/contacts/${chatting.id}/complete`, token)).toMatchObject({ status: 200 });
    // The web form's callback is offered next; it is left on offer (an open callback with a live offer).
    await agent.nextOffer(3);
  } finally {
    agent.close();
  }
  await call('GET', '/callbacks', seed.users.supervisor.accessToken);
  await call('GET', `/callbacks/${voice.id}`, seed.users.supervisor.accessToken);
  await call('GET', '/callbacks?status=completed', seed.users.supervisor.accessToken);
  return {
    api,
    seed,
    ids: {
      ivr: voice.id as string,
      chat: chatting.id as string,
      webForm: form.body.callback.id as string,
      agent: byAgent.body.callback.id as string,
    },
    socketEvents,
    answers,
  };
}

describe('callback numbers after a theft of the data', () => {
  const output = new OutputCapture();
  const apis: RunningApi[] = [];
  let onSqlite: Line;
  let onPostgres: Line;

  beforeAll(async () => {
    output.start();
    const sqlite = await startApi('cb-theft-sqlite', { database: 'sqlite', env: { LOG_LEVEL: 'trace' } });
    apis.push(sqlite);
    const postgres = await startApi('cb-theft-pg', { env: { LOG_LEVEL: 'trace' } });
    apis.push(postgres);
    onSqlite = await plant(sqlite, 'Theft sqlite');
    onPostgres = await plant(postgres, 'Theft postgres');
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

  it('would find a number in each form it searches for (the search itself works)', () => {
    for (const number of [...Object.values(NUMBERS), REUSED_KEY]) {
      const needles = numberNeedles(number.e164, number.national);
      for (const text of [number.e164, number.national, number.e164.slice(1)]) {
        for (const pad of ['', 'x', 'xy']) {
          const bytes = Buffer.from(`${pad}{"n":"${text}"}`);
          expect(found(`a ${bytes.toString('base64')} b`, needles).length).toBeGreaterThan(0);
          expect(found(`a ${bytes.toString('base64url')} b`, needles).length).toBeGreaterThan(0);
          expect(found(`a ${bytes.toString('hex')} b`, needles).length).toBeGreaterThan(0);
          expect(found(Buffer.concat([randomBytes(64), bytes, randomBytes(64)]), needles).length).toBeGreaterThan(0);
        }
      }
      expect(found(`{"to":"${number.input}"}`, needles).length).toBeGreaterThan(0);
    }
  });

  it('shows the number to nobody but the agent dialling: not in any other answer, nor on the socket', () => {
    for (const line of [onSqlite, onPostgres]) {
      expect(found(line.answers.join('\n'), NEEDLES)).toEqual([]);
      expect(line.socketEvents.some((e) => e.includes('offer.created'))).toBe(true);
      expect(found(line.socketEvents.join('\n'), NEEDLES)).toEqual([]);
    }
  });

  it('leaves no number in the SQLite file or its -wal', () => {
    const { database, dataDir } = onSqlite.api.config;
    if (database.type !== 'sqlite') throw new Error('expected SQLite');
    const wal = `${database.path}-wal`;
    const files = filesUnder(dataDir);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([database.path, wal]));
    expect(files.find((f) => f.path === wal)!.bytes.length).toBeGreaterThan(0);
    // The search looks where the data is: an open callback's sealed number is in these files (the file or its -wal).
    expect(files.some((f) => f.bytes.toString('latin1').includes(sealedOf(onSqlite)))).toBe(true);
    for (const file of files)
      expect({ file: file.path, found: found(file.bytes, NEEDLES) }).toEqual({ file: file.path, found: [] });
  });

  it('leaves no number in a pg_dump of the PostgreSQL schema', async () => {
    const config = onPostgres.api.config;
    if (config.database.type !== 'postgres') throw new Error('expected PostgreSQL');
    const dump = await pgDump(config.database.schema);
    expect(dump).toContain(`COPY ${config.database.schema}.callbacks`);
    expect(dump).toContain(sealedOf(onPostgres));
    expect(found(dump, NEEDLES)).toEqual([]);
  });

  it('leaves no number in Redis: keys, values of every type, BullMQ job data', async () => {
    for (const line of [onSqlite, onPostgres]) {
      const { keys, text } = await redisDump(line.api.config);
      // The search covers the callback timers' jobs and the routing index.
      expect(text).toContain('callbacks.expire-late');
      expect(text).toContain(line.ids.webForm);
      expect(keys.length).toBeGreaterThan(10);
      expect(found(text, NEEDLES)).toEqual([]);
    }
  });

  it('leaves no number in the logs, at trace level', () => {
    const logs = output.text;
    // The capture works: pino's request lines of both apis are here.
    expect(logs).toContain('/callbacks/on-behalf');
    expect(logs).toContain('"statusCode":400');
    expect(found(logs, NEEDLES)).toEqual([]);
  });

  it('opens a stored number with the right keyring only; a completed callback has no key left', async () => {
    for (const line of [onSqlite, onPostgres]) {
      const { config } = line.api;
      const dataSource = line.api.app.get<DataSource>(getDataSourceToken());
      const row = await callbackRow(line, 'webForm');
      const key = await dataSource.getRepository(DataKey).findOneByOrFail({ id: row.data_key_id });
      const wrapped = Buffer.from(key.wrappedKey, 'base64');
      const sealed = Buffer.from(row.number_sealed!, 'base64');
      const aad = { recordId: row.id, field: 'number' };

      // The deployment's own keyring opens it.
      const own = new EnvelopeCipher(Keyring.load(config.keyringFile));
      expect(decryptField(own.unwrap(key.kekId, wrapped), sealed, aad)).toBe(NUMBERS.webForm.e164);

      // A freshly generated keyring does not even hold the key id.
      const dir = mkdtempSync(join(tmpdir(), 'tuki-other-keyring-'));
      const fresh = new EnvelopeCipher(Keyring.load(join(dir, 'fresh.json'), { createIfMissing: true }));
      expect(() => fresh.unwrap(key.kekId, wrapped)).toThrow(KeyNotFoundError);
      // A forged keyring with the same key id but another key: authentication fails.
      const forgedFile = join(dir, 'forged.json');
      writeKeyringFile(forgedFile, {
        version: 1,
        active: key.kekId,
        keys: [{ id: key.kekId, key: randomBytes(32).toString('base64'), createdAt: new Date().toISOString() }],
      });
      const forged = new EnvelopeCipher(Keyring.load(forgedFile));
      expect(() => forged.unwrap(key.kekId, wrapped)).toThrow(DecryptionFailedError);
      // Nor does a guessed data key open the number.
      expect(() => decryptField(randomBytes(32), sealed, aad)).toThrow(DecryptionFailedError);
      // The number is bound to its row: moved to another callback's row it does not open, even with the right key.
      const plain = own.unwrap(key.kekId, wrapped);
      expect(() => decryptField(plain, sealed, { recordId: line.ids.agent, field: 'number' })).toThrow(
        DecryptionFailedError,
      );

      // Completed: sealed number and hash cleared, the data key shredded, for the right keyring too.
      const done = await callbackRow(line, 'chat');
      expect(done).toMatchObject({ status: 'completed', number_sealed: null, number_hash: null });
      const shredded = await dataSource.getRepository(DataKey).findOneByOrFail({ id: done.data_key_id });
      expect(shredded.wrappedKey).toBe('');
      expect(shredded.destroyedAt).toEqual(expect.any(Number));
      await expect(
        line.api.app.get(DataKeysService).open(dataSource.manager, line.seed.helplineId, done.data_key_id),
      ).rejects.toMatchObject({ code: 'DATA_KEY_DESTROYED' });
      expect(() => own.unwrap(shredded.kekId, Buffer.from(shredded.wrappedKey, 'base64'))).toThrow(
        DecryptionFailedError,
      );

      // Dialled but not reached: still open and sealed, with one read of the number on record.
      expect(await callbackRow(line, 'ivr')).toMatchObject({ status: 'open', number_sealed: expect.any(String) });
      const detail = await send(line.api, 'GET', `/callbacks/${line.ids.ivr}`, line.seed.users.supervisor.accessToken);
      expect(detail.body.attempts).toEqual([expect.objectContaining({ outcome: 'no-answer', numberReads: 1 })]);
    }
  });

  // The web form's sealed number as stored, to show that the searches above look where the data is.
  const sealed = new Map<Line, string>();
  beforeAll(async () => {
    for (const line of [onSqlite, onPostgres]) {
      const row = await callbackRow(line, 'webForm');
      if (!row.number_sealed) throw new Error('the open callback has no sealed number');
      sealed.set(line, row.number_sealed);
    }
  });
  const sealedOf = (line: Line) => sealed.get(line)!;
});

interface CallbackRow {
  id: string;
  status: string;
  number_sealed: string | null;
  number_hash: string | null;
  data_key_id: string;
}

/** The callbacks row as stored (raw SQL: the entity is the callbacks lib's own, not exported). */
async function callbackRow(line: Line, name: keyof typeof NUMBERS): Promise<CallbackRow> {
  const dataSource = line.api.app.get<DataSource>(getDataSourceToken());
  const { config } = line.api;
  const placeholder = config.database.type === 'postgres' ? '$1' : '?';
  const [row] = await dataSource.query<CallbackRow[]>(
    `SELECT id, status, number_sealed, number_hash, data_key_id FROM ${tableOf(config, 'callbacks')} WHERE id = ${placeholder}`,
    [line.ids[name]],
  );
  if (!row) throw new Error(`no callback row for ${name}`);
  return row;
}
