/*
 * The operations `bench:cases` times: note writes and full case reads through the services, and the plain SQL
 * baseline (a single-row INSERT and a ten-row SELECT of a note table of the same shape, through the same DataSource).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditVerifier } from '@tuki/platform';
import type { CaseVariant } from './case-variants';
import { round } from './bench-util';
import type { Operation } from './timed-calls';

/** A table of the data source's own schema: TypeORM qualifies its queries but sets no search_path. */
function table(dataSource: DataSource, name: string): string {
  const { schema } = dataSource.options as { schema?: string };
  return schema ? `"${schema}"."${name}"` : `"${name}"`;
}

const WORDS = (
  'soittaja kertoi että häntä on uhkailtu viestillä jossa vaaditaan rahaa muuten kuvat julkaistaan hän on ' +
  'peloissaan eikä ole kertonut kenellekään perheessä keskusteltiin turvasuunnitelmasta ja rikosilmoituksen ' +
  'tekemisestä poliisille sovittiin että päivystäjä soittaa takaisin huomenna kello kymmenen ohjattiin ' +
  'oikeudellisen neuvonnan palveluun asiakas toivoi että häneen otetaan yhteyttä vain tekstiviestillä ' +
  'tilanne on jatkunut kolme viikkoa ja ahdistus on lisääntynyt nukkuminen on vaikeaa töissä ei ole kerrottu'
).split(' ');

/** A small seeded generator, so both variants write the same texts in the same order. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Note bodies as agents write them: 500 to 2,000 characters of Finnish (so multi-byte UTF-8 too), in sentences.
 */
export function noteBodies(count: number, seed = 42): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const length = 500 + Math.floor(random() * 1501);
    let text = '';
    while (text.length < length) {
      const sentence = Array.from(
        { length: 6 + Math.floor(random() * 10) },
        () => WORDS[Math.floor(random() * WORDS.length)],
      );
      text += `${sentence.join(' ').replace(/^./, (c) => c.toUpperCase())}. `;
    }
    return text.slice(0, length).trimEnd();
  });
}

/**
 * A note write to the variant's write cases in turn, with the bodies in turn: both variants write the same texts in
 * the same order.
 */
export function noteWrite(v: CaseVariant, bodies: string[]): Operation {
  let n = 0;
  return () => {
    const i = n++;
    return v.work.addNote(v.principal, v.writeCaseIds[i % v.writeCaseIds.length], { body: bodies[i % bodies.length] });
  };
}

/** A full read (every note opened, the read audited) of the variant's read cases in turn. */
export function caseRead(v: CaseVariant): Operation {
  let n = 0;
  return () => v.cases.get(v.principal, v.readCaseIds[n++ % v.readCaseIds.length]);
}

/** Gives every read case `notes` notes, through the service (these writes also warm the write path up). */
export async function seedReadCases(v: CaseVariant, bodies: string[], notes: number): Promise<void> {
  for (const caseId of v.readCaseIds) {
    for (let n = 0; n < notes; n++) await v.work.addNote(v.principal, caseId, { body: bodies[n % bodies.length] });
  }
}

/**
 * Checks that the variant does what it says before any figure is believed: a read returns the texts written, and
 * the stored column holds ciphertext (encrypted) or the very text (plain). Returns the stored length ratio.
 */
export async function checkVariant(v: CaseVariant, bodies: string[], notes: number): Promise<number> {
  const caseId = v.readCaseIds[0];
  const read = await v.cases.get(v.principal, caseId);
  const expected = Array.from({ length: notes }, (_, n) => bodies[n % bodies.length]);
  // Compared as sorted lists: notes saved within one millisecond come back in the order of their random ids.
  const sorted = (texts: string[]) => [...texts].sort().join('\u0000');
  if (sorted(read.notes.map((note) => note.body)) !== sorted(expected)) {
    throw new Error(`${v.name}: a read did not return the notes written`);
  }
  const rows = await v.dataSource.query<{ body_sealed: string }[]>(
    `select body_sealed from ${table(v.dataSource, 'case_notes')} where case_id = $1`,
    [caseId],
  );
  const storedPlain = rows.some((r) => expected.includes(r.body_sealed));
  if (storedPlain !== (v.name === 'plain')) throw new Error(`${v.name}: stored notes are not what the variant says`);
  const stored = rows.reduce((sum, r) => sum + r.body_sealed.length, 0);
  return round(stored / expected.reduce((sum, b) => sum + b.length, 0), 2);
}

/** The variant's audit chain, verified by the verifier the CLI uses, and its length (one entry per operation). */
export async function verifyAudit(v: CaseVariant): Promise<{ ok: boolean; entries: number }> {
  const result = await v.app.get(AuditVerifier).verify(v.principal.helplineId);
  return { ok: result.ok, entries: result.entries };
}

/** The plain SQL baseline's table: the columns and index of case_notes, the text unsealed. */
export async function createPlainTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(`create table ${table(dataSource, 'bench_case_notes')} (
    id varchar(36) primary key, helpline_id varchar(36) not null, case_id varchar(36) not null,
    contact_id varchar(36), author_id varchar(36) not null, body text not null, created_at bigint not null)`);
  await dataSource.query(
    `create index bench_case_notes_case on ${table(dataSource, 'bench_case_notes')} (helpline_id, case_id, created_at)`,
  );
}

const PLAIN_HELPLINE = randomUUID();
const PLAIN_AUTHOR = randomUUID();

const insertPlain = (dataSource: DataSource, caseId: string, body: string) =>
  dataSource.query(
    `insert into ${table(dataSource, 'bench_case_notes')} (id, helpline_id, case_id, contact_id, author_id, body, created_at)
     values ($1, $2, $3, null, $4, $5, $6)`,
    [randomUUID(), PLAIN_HELPLINE, caseId, PLAIN_AUTHOR, body, Date.now()],
  );

/** Plain SQL write: one autocommitted single-row INSERT of a note, nothing else. */
export function plainInsert(dataSource: DataSource, caseIds: string[], bodies: string[]): Operation {
  let n = 0;
  return () => {
    const i = n++;
    return insertPlain(dataSource, caseIds[i % caseIds.length], bodies[i % bodies.length]);
  };
}

/** Seeds the plain table's read cases with `notes` rows each. */
export async function seedPlainReads(dataSource: DataSource, caseIds: string[], bodies: string[], notes: number) {
  for (const caseId of caseIds) {
    for (let n = 0; n < notes; n++) await insertPlain(dataSource, caseId, bodies[n % bodies.length]);
  }
}

/** Plain SQL read: the notes of one case by the same index, nothing else (no access check, audit or other parts). */
export function plainSelect(dataSource: DataSource, caseIds: string[]): Operation {
  let n = 0;
  const sql = `select * from ${table(dataSource, 'bench_case_notes')}
    where helpline_id = $1 and case_id = $2 order by created_at, id`;
  return () => dataSource.query(sql, [PLAIN_HELPLINE, caseIds[n++ % caseIds.length]]);
}
