/*
 * `npm run bench:cases`: note writes and full case reads per second with envelope encryption and audit, against the
 * same operations of the same services storing plain text, with the same audit, in one run on PostgreSQL; and, as
 * the floor under both, a plain single-row INSERT and a plain SELECT of a note table of the same shape. Target:
 * encryption costs at most 30% of the plain rate. The last line is all figures as JSON.
 * BENCH_CASE_WRITES, BENCH_CASE_READS, BENCH_ROUNDS and BENCH_CONCURRENCY change the sizes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { loadConfig, type TukiConfig } from '@tuki/platform';
import { benchEnv, DATABASE_URL, deleteKeys, log, REDIS_URL } from './bench-util';
import { printRound, report, type Round, type RunFacts } from './case-report';
import { createVariant, sealerOf, type CaseVariant, type VariantName } from './case-variants';
import {
  caseRead,
  checkVariant,
  createPlainTable,
  noteBodies,
  noteWrite,
  plainInsert,
  plainSelect,
  seedPlainReads,
  seedReadCases,
  verifyAudit,
} from './case-workload';
import { interleaved, timed, type Operation } from './timed-calls';

/** Writes and reads of each variant per round. */
const WRITES = Number(benchEnv.BENCH_CASE_WRITES ?? 2000);
const READS = Number(benchEnv.BENCH_CASE_READS ?? 1200);
/** Rounds; the variant that opens each pair of blocks alternates from round to round. */
const ROUNDS = Number(benchEnv.BENCH_ROUNDS ?? 3);
/**
 * Calls in flight: PostgreSQL runs the transactions in parallel up to where every audit append of one helpline
 * queues on its head row (the same in both variants), as agents saving notes at once do.
 */
const CONCURRENCY = Number(benchEnv.BENCH_CONCURRENCY ?? 8);
/** Calls per interleaved block: a few tenths of a second each, far shorter than the drift they are to cancel. */
const WRITE_BLOCK = 100;
const READ_BLOCK = 50;
const WARMUP = 300;
const WRITE_CASES = 20;
const READ_CASES = 20;
const NOTES_PER_READ_CASE = 10;
const BODIES = 500;

interface Workload {
  writes: Record<VariantName, Operation>;
  reads: Record<VariantName, Operation>;
  insert: Operation;
  select: Operation;
}

/** A configuration of the bench's own: a fresh schema, Redis prefix and data folder (keyring, dev secrets). */
function benchConfig(): { config: TukiConfig; schema: string; prefix: string; dataDir: string } {
  const id = randomBytes(4).toString('hex');
  const schema = `bench_cases_${id}`;
  const prefix = `bench-cases-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tuki-bench-cases-'));
  const { config } = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    REDIS_AUTOSTART: 'false',
    LOG_LEVEL: 'warn',
    PORT: '0',
    WORKER_HEALTH_PORT: '0',
  });
  return { config, schema, prefix, dataDir };
}

/**
 * Seeds the read cases of both variants and the plain table, and checks each variant stores and returns what it
 * claims. The plain SQL baseline writes to cases of its own, so the cases it reads keep their ten rows.
 */
async function prepare(variants: Record<VariantName, CaseVariant>, bodies: string[]) {
  for (const v of Object.values(variants)) await seedReadCases(v, bodies, NOTES_PER_READ_CASE);
  const storedCharsPerTextChar = {
    encrypted: await checkVariant(variants.encrypted, bodies, NOTES_PER_READ_CASE),
    plain: await checkVariant(variants.plain, bodies, NOTES_PER_READ_CASE),
  };
  const { dataSource } = variants.plain;
  const plainReadCases = Array.from({ length: READ_CASES }, () => randomUUID());
  const plainWriteCases = Array.from({ length: WRITE_CASES }, () => randomUUID());
  await createPlainTable(dataSource);
  await seedPlainReads(dataSource, plainReadCases, bodies, NOTES_PER_READ_CASE);
  const workload: Workload = {
    writes: { encrypted: noteWrite(variants.encrypted, bodies), plain: noteWrite(variants.plain, bodies) },
    reads: { encrypted: caseRead(variants.encrypted), plain: caseRead(variants.plain) },
    insert: plainInsert(dataSource, plainWriteCases, bodies),
    select: plainSelect(dataSource, plainReadCases),
  };
  return { storedCharsPerTextChar, workload };
}

/** Warm-up outside the figures: JIT, connection pool, PostgreSQL's caches, the data-key cache. */
async function warmUp(workload: Workload): Promise<void> {
  for (const op of [...Object.values(workload.writes), ...Object.values(workload.reads)]) {
    await timed(WARMUP, CONCURRENCY, op);
  }
  await timed(WARMUP, CONCURRENCY, workload.insert);
  await timed(WARMUP, CONCURRENCY, workload.select);
}

/** One round: both variants' writes interleaved, the INSERT floor, both variants' reads interleaved, the SELECT floor. */
async function runRound(index: number, workload: Workload): Promise<Round> {
  const order: [VariantName, VariantName] = index % 2 === 0 ? ['plain', 'encrypted'] : ['encrypted', 'plain'];
  const writes = await interleaved(order, workload.writes, WRITES, WRITE_BLOCK, CONCURRENCY);
  const insert = await timed(WRITES, CONCURRENCY, workload.insert);
  const reads = await interleaved(order, workload.reads, READS, READ_BLOCK, CONCURRENCY);
  const select = await timed(READS, CONCURRENCY, workload.select);
  return { round: index + 1, order, writes, reads, plainInsert: insert, plainSelect: select };
}

/** Runs every step even if an earlier one failed, so a failed run leaves no schema, keys or files behind. */
async function cleanUp(variants: CaseVariant[], schema: string, prefix: string, dataDir: string): Promise<number> {
  for (const v of variants) await v.app.close().catch((e: unknown) => log(`  close: ${(e as Error).message}`));
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
  const redis = new Redis(REDIS_URL);
  const deleted = await deleteKeys(redis, `{${prefix}}*`).finally(() => redis.quit());
  rmSync(dataDir, { recursive: true, force: true });
  return deleted;
}

function bodyChars(bodies: string[]): RunFacts['bodyChars'] {
  const lengths = bodies.map((b) => b.length);
  const mean = Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length);
  return { min: Math.min(...lengths), max: Math.max(...lengths), mean };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { config, schema, prefix, dataDir } = benchConfig();
  const bodies = noteBodies(BODIES);
  const booted: CaseVariant[] = [];
  let figures: Record<string, unknown>;
  try {
    log(`bench:cases on PostgreSQL — schema ${schema}, Redis prefix ${prefix}, ${CONCURRENCY} calls in flight`);
    for (const name of ['encrypted', 'plain'] as const) {
      booted.push(await createVariant(config, name, { writeCases: WRITE_CASES, readCases: READ_CASES }));
    }
    const variants = { encrypted: booted[0], plain: booted[1] };
    const sealers = { encrypted: sealerOf(variants.encrypted), plain: sealerOf(variants.plain) };
    const { storedCharsPerTextChar, workload } = await prepare(variants, bodies);
    log(
      `  sealers ${sealers.encrypted} and ${sealers.plain} (stored characters per note character ` +
        `${storedCharsPerTextChar.encrypted} and ${storedCharsPerTextChar.plain}); ${WRITE_CASES} cases take the ` +
        `writes, ${READ_CASES} cases of ${NOTES_PER_READ_CASE} notes the reads; ${WRITES} writes and ${READS} reads ` +
        `per variant per round in blocks of ${WRITE_BLOCK} and ${READ_BLOCK}, ${ROUNDS} rounds after a warm-up`,
    );
    await warmUp(workload);
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(await runRound(i, workload));
      printRound(rounds[i]);
    }
    const [postgres] = await variants.plain.dataSource.query<{ server_version: string }[]>('show server_version');
    figures = report(rounds, {
      sizes: {
        concurrency: CONCURRENCY,
        writesPerRound: WRITES,
        readsPerRound: READS,
        rounds: ROUNDS,
        writeBlock: WRITE_BLOCK,
        readBlock: READ_BLOCK,
        warmup: WARMUP,
        writeCases: WRITE_CASES,
        readCases: READ_CASES,
        notesPerReadCase: NOTES_PER_READ_CASE,
      },
      sealers,
      storedCharsPerTextChar,
      bodyChars: bodyChars(bodies),
      postgres: postgres.server_version,
      audit: { encrypted: await verifyAudit(variants.encrypted), plain: await verifyAudit(variants.plain) },
    });
  } finally {
    const deleted = await cleanUp(booted, schema, prefix, dataDir);
    log(`  cleaned up: closed both contexts, dropped schema ${schema}, deleted ${deleted} Redis keys of ${prefix}`);
  }
  figures.totalSeconds = Math.round((Date.now() - started) / 1000);
  log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
