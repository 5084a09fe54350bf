/*
 * `npm run bench:statistics`: an anonymised export over one million contact facts (loaded in bulk by one INSERT ...
 * SELECT over generate_series), beside the same plain GROUP BY on the same table in the same run on PostgreSQL.
 * Target: the export takes at most three times as long as the plain GROUP BY. Each is run BENCH_ROUNDS times,
 * alternating which goes first; medians are compared. The last line is all figures as JSON.
 * BENCH_FACTS and BENCH_ROUNDS change the sizes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JOB_CATALOGUE } from '@tuki/contracts';
import { PlatformModule, loadConfig } from '@tuki/platform';
import { StatisticsModule, buildStatistics, seededRandomBytes, type StatisticsPlan } from '@tuki/statistics';
import { benchEnv, DATABASE_URL, log, nowMs, quantile, REDIS_URL, round } from './bench-util';

const FACTS = Number(benchEnv.BENCH_FACTS ?? 1_000_000);
const ROUNDS = Number(benchEnv.BENCH_ROUNDS ?? 5);
const TARGET_RATIO = 3;

const pick = (values: string[], expression: string) =>
  `(ARRAY[${values.map((v) => `'${v}'`).join(',')}])[1 + (${expression}) % ${values.length}]`;

/** One million facts in one statement: three months, the dimensions spread so cells range from large to tiny. */
async function load(dataSource: DataSource, schema: string, helplineId: string): Promise<number> {
  const started = nowMs();
  await dataSource.query(
    `INSERT INTO "${schema}"."contact_facts" (id, helpline_id, day, iso_week, month, channel, queue_id, language,
       categories, referrals, age_band, gender, region, outcome, wait_band, answered, abandoned, callback,
       classification, week_surrogate, month_surrogate)
     SELECT md5(i::text)::uuid::text, $1, '2026-02-10', '2026-W07',
       ${pick(['2026-01', '2026-02', '2026-03'], 'i')},
       ${pick(['voice', 'voice', 'chat', 'callback'], 'i / 3')},
       ${pick(['queue-a', 'queue-b'], 'i / 5')},
       ${pick(['fi', 'fi', 'fi', 'sv', 'en'], 'i / 7')},
       json_build_array(${pick(['breach.leaked-records', 'breach.extortion', 'breach.paid', 'anxiety.fear', 'other.other'], 'i / 11')})::text,
       '[]',
       ${pick(['not-asked', 'declined', '13-17', '18-24', '25-34', '35-49', '50-64', '65-plus', 'under-13'], '(i / 13) * (i % 7 + 1)')},
       ${pick(['not-asked', 'female', 'male', 'non-binary'], 'i / 17')},
       ${pick(['not-asked', 'uusimaa', 'pirkanmaa', 'varsinais-suomi', 'pohjois-pohjanmaa', 'lappi', 'kainuu', 'ahvenanmaa'], '(i / 19) * (i % 5 + 1)')},
       ${pick(['advice', 'referred', 'listened', 'callback-planned'], 'i / 23')},
       ${pick(['under-1-min', '1-5-min', '5-15-min', '15-60-min', 'over-60-min'], 'i / 29')},
       i % 9 <> 0, i % 9 = 0, i % 4 = 3, 'recorded',
       md5('w' || (i % ${Math.round(FACTS / 4)}))::uuid::text,
       md5('m' || (i % ${Math.round(FACTS / 3)}))::uuid::text
     FROM generate_series(1, ${FACTS}) AS i`,
    [helplineId],
  );
  await dataSource.query(`ANALYZE "${schema}"."contact_facts"`);
  return nowMs() - started;
}

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const schema = `bench_statistics_${id}`;
  const { config } = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'tuki-bench-statistics-')),
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_PREFIX: `bench-statistics-${id}`,
    REDIS_AUTOSTART: 'false',
    LOG_LEVEL: 'warn',
    PORT: '0',
    WORKER_HEALTH_PORT: '0',
  });
  const app = await NestFactory.createApplicationContext(
    {
      module: class StatisticsBench {},
      imports: [PlatformModule.forRoot({ config, runWorkers: false, jobs: JOB_CATALOGUE }), StatisticsModule],
    },
    { logger: ['error', 'warn'] },
  );
  const dataSource = app.get(DataSource);
  const helplineId = randomUUID();
  try {
    log(`loading ${FACTS} contact facts`);
    const loadMs = await load(dataSource, schema, helplineId);
    log(`loaded in ${round(loadMs / 1000, 1)} s`);

    const dimensions = ['channel', 'age-band', 'region'] as const;
    const plan: StatisticsPlan = {
      helplineId,
      grain: 'month',
      from: '2026-01',
      to: '2026-03',
      tables: [{ title: 'Contacts', dimensions: [...dimensions] }],
      measures: ['contacts', 'callers', 'answered', 'abandoned', 'callbacks'],
      k: 10,
      contributionBound: 5,
      epsilon: null,
    };
    // The baseline: the same cells counted by a plain GROUP BY, no per-caller bound, no suppression.
    const plainSql = `SELECT month, channel, age_band, region, COUNT(*) AS contacts,
        COUNT(DISTINCT month_surrogate) AS callers,
        SUM(CASE WHEN answered THEN 1 ELSE 0 END) AS answered, SUM(CASE WHEN abandoned THEN 1 ELSE 0 END) AS abandoned,
        SUM(CASE WHEN callback THEN 1 ELSE 0 END) AS callbacks
      FROM "${schema}"."contact_facts" WHERE helpline_id = $1 AND month >= '2026-01' AND month <= '2026-03'
      GROUP BY month, channel, age_band, region`;
    const plain: number[] = [];
    const exported: number[] = [];
    const noised: number[] = [];
    let cells = 0;
    let plainRows = 0;
    let suppressed = 0;
    const runPlain = async () => {
      const started = nowMs();
      plainRows = (await dataSource.query<unknown[]>(plainSql, [helplineId])).length;
      plain.push(nowMs() - started);
    };
    const runExport = async () => {
      const started = nowMs();
      const result = await buildStatistics(dataSource.manager, plan, seededRandomBytes('bench'));
      exported.push(nowMs() - started);
      cells = result.method.cells;
      suppressed = result.method.primarySuppressed + result.method.secondarySuppressed;
    };
    const runNoised = async () => {
      const started = nowMs();
      await buildStatistics(dataSource.manager, { ...plan, epsilon: 1 }, seededRandomBytes('bench'));
      noised.push(nowMs() - started);
    };
    // A warm-up of each, then rounds alternating which goes first.
    await runPlain();
    await runExport();
    plain.length = 0;
    exported.length = 0;
    for (let roundNo = 0; roundNo < ROUNDS; roundNo += 1) {
      const order = roundNo % 2 === 0 ? [runPlain, runExport, runNoised] : [runNoised, runExport, runPlain];
      for (const step of order) await step();
      log(`round ${roundNo + 1}: plain ${round(plain.at(-1)!, 0)} ms, export ${round(exported.at(-1)!, 0)} ms, with noise ${round(noised.at(-1)!, 0)} ms`);
    }
    const plainMs = quantile(plain, 0.5);
    const exportMs = quantile(exported, 0.5);
    const noisedMs = quantile(noised, 0.5);
    const figures = {
      bench: 'statistics',
      facts: FACTS,
      rounds: ROUNDS,
      loadSeconds: round(loadMs / 1000, 1),
      plainGroupByMs: round(plainMs, 0),
      exportMs: round(exportMs, 0),
      exportWithNoiseMs: round(noisedMs, 0),
      ratio: round(exportMs / plainMs, 2),
      ratioWithNoise: round(noisedMs / plainMs, 2),
      targetRatio: TARGET_RATIO,
      met: exportMs / plainMs <= TARGET_RATIO,
      plainRows,
      cells,
      suppressed,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await app.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
