/*
 * What `bench:cases` prints: a line per phase of each round, a summary table, and the object of every figure that
 * becomes the last line. Headline figures count every call of every round (the rounds interleave the variants, so
 * the machine's drift falls on both alike); the best round of each and the median of the rounds' own ratios are
 * printed beside them so a reader can see how much the run moved.
 */
import { cpus, totalmem } from 'node:os';
import { log, round } from './bench-util';
import type { VariantName } from './case-variants';
import { Tally, type PhaseResult } from './timed-calls';

/** Encryption may cost at most this share of the plain-text rate (the 30%). */
export const TARGET = 0.3;

export interface Round {
  round: number;
  /** Which variant ran first in each pair of blocks. */
  order: readonly [VariantName, VariantName];
  writes: Record<VariantName, Tally>;
  reads: Record<VariantName, Tally>;
  plainInsert: Tally;
  plainSelect: Tally;
}

/** What the report states besides the timings. */
export interface RunFacts {
  sizes: Record<string, number>;
  sealers: Record<VariantName, string>;
  storedCharsPerTextChar: Record<VariantName, number>;
  bodyChars: { min: number; max: number; mean: number };
  postgres: string;
  audit: Record<VariantName, { ok: boolean; entries: number }>;
}

type Kind = 'writes' | 'reads';

/** 1 - encrypted rate / plain rate: the share of the plain rate that encryption costs. */
const cost = (encrypted: PhaseResult, plain: PhaseResult) => round(1 - encrypted.perSec / plain.perSec, 3);
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 3);
};
const best = (results: PhaseResult[]) => results.reduce((a, b) => (b.perSec > a.perSec ? b : a));
const all = (tallies: Tally[]) => Tally.merge(tallies).result();
const costOf = (r: Round, kind: Kind) => cost(r[kind].encrypted.result(), r[kind].plain.result());

const describe = (r: PhaseResult) =>
  `${String(r.perSec).padStart(6)}/s  p50 ${r.ms.p50.toFixed(2).padStart(6)} ms  ` +
  `p99 ${r.ms.p99.toFixed(2).padStart(6)} ms  CPU ${r.cpuMsPerOp.toFixed(2)} ms/op`;

export function printRound(r: Round): void {
  log(`  round ${r.round} (blocks ${r.order.join('/')}, then mirrored):`);
  for (const name of r.order) log(`    note write, ${name.padEnd(9)}  ${describe(r.writes[name].result())}`);
  log(`    plain SQL INSERT      ${describe(r.plainInsert.result())}`);
  for (const name of r.order) log(`    case read,  ${name.padEnd(9)}  ${describe(r.reads[name].result())}`);
  log(`    plain SQL SELECT      ${describe(r.plainSelect.result())}`);
  log(`    encryption cost: writes ${pct(costOf(r, 'writes'))}, reads ${pct(costOf(r, 'reads'))}`);
}

/** A variant over all rounds, and its best round. */
function variantFigures(rounds: Round[], name: VariantName) {
  const writes = all(rounds.map((r) => r.writes[name]));
  const reads = all(rounds.map((r) => r.reads[name]));
  return {
    writesPerSec: writes.perSec,
    writeMs: writes.ms,
    writeCpuMsPerOp: writes.cpuMsPerOp,
    readsPerSec: reads.perSec,
    readMs: reads.ms,
    readCpuMsPerOp: reads.cpuMsPerOp,
    bestRound: {
      writesPerSec: best(rounds.map((r) => r.writes[name].result())).perSec,
      readsPerSec: best(rounds.map((r) => r.reads[name].result())).perSec,
    },
  };
}

type VariantFigures = ReturnType<typeof variantFigures>;

function printSummary(
  v: Record<VariantName, VariantFigures>,
  sql: { insert: PhaseResult; select: PhaseResult },
  costs: Record<'all' | 'median' | 'bestOfEach', Record<Kind, number>>,
  audit: RunFacts['audit'],
): void {
  const row = (what: string, kind: Kind, rate: (f: VariantFigures) => number, sqlRate: number) =>
    log(
      `    ${what.padEnd(10)} ${String(rate(v.plain)).padStart(6)}/s ${String(rate(v.encrypted)).padStart(8)}/s` +
        `  ${pct(costs.all[kind]).padStart(6)} ${pct(costs.median[kind]).padStart(9)} ` +
        `${pct(costs.bestOfEach[kind]).padStart(8)}   ${String(sqlRate).padStart(6)}/s`,
    );
  log(`  summary over all rounds (cost = 1 - encrypted/plain, target at most ${pct(TARGET)}):`);
  log('                 plain  encrypted    cost  (median  best-of)  plain SQL');
  row('note write', 'writes', (f) => f.writesPerSec, sql.insert.perSec);
  row('case read', 'reads', (f) => f.readsPerSec, sql.select.perSec);
  const ms = (m: PhaseResult['ms']) => `${m.p50.toFixed(1)}/${m.p99.toFixed(1)}`;
  log(
    `    p50/p99 ms: write ${ms(v.plain.writeMs)} plain, ${ms(v.encrypted.writeMs)} encrypted; ` +
      `read ${ms(v.plain.readMs)} plain, ${ms(v.encrypted.readMs)} encrypted`,
  );
  log(
    `    node CPU ms per call: write ${v.plain.writeCpuMsPerOp} plain, ${v.encrypted.writeCpuMsPerOp} encrypted; ` +
      `read ${v.plain.readCpuMsPerOp} plain, ${v.encrypted.readCpuMsPerOp} encrypted`,
  );
  const met = (kind: Kind) => (costs.all[kind] <= TARGET ? 'met' : 'MISSED');
  log(`    target: writes ${met('writes')}, reads ${met('reads')}; audit chains verified: ${JSON.stringify(audit)}`);
}

/** Prints the summary and returns every figure as one object (the caller adds the run's total time). */
export function report(rounds: Round[], facts: RunFacts): Record<string, unknown> {
  const v = { encrypted: variantFigures(rounds, 'encrypted'), plain: variantFigures(rounds, 'plain') };
  const insert = all(rounds.map((r) => r.plainInsert));
  const select = all(rounds.map((r) => r.plainSelect));
  const ratio = (kind: Kind, rate: (f: VariantFigures) => number) => round(1 - rate(v.encrypted) / rate(v.plain), 3);
  const costs = {
    all: { writes: ratio('writes', (f) => f.writesPerSec), reads: ratio('reads', (f) => f.readsPerSec) },
    median: {
      writes: median(rounds.map((r) => costOf(r, 'writes'))),
      reads: median(rounds.map((r) => costOf(r, 'reads'))),
    },
    bestOfEach: {
      writes: ratio('writes', (f) => f.bestRound.writesPerSec),
      reads: ratio('reads', (f) => f.bestRound.readsPerSec),
    },
  };
  printSummary(v, { insert, select }, costs, facts.audit);
  const targetMet = { writes: costs.all.writes <= TARGET, reads: costs.all.reads <= TARGET };
  return {
    bench: 'cases',
    database: 'postgres',
    postgres: facts.postgres,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    ...facts.sizes,
    bodyChars: facts.bodyChars,
    sealers: facts.sealers,
    storedCharsPerTextChar: facts.storedCharsPerTextChar,
    encrypted: v.encrypted,
    plain: v.plain,
    plainSql: { insertPerSec: insert.perSec, insertMs: insert.ms, selectPerSec: select.perSec, selectMs: select.ms },
    encryptionCost: { ...costs.all, medianOfRounds: costs.median, bestRoundOfEach: costs.bestOfEach },
    target: TARGET,
    targetMet: { ...targetMet, all: targetMet.writes && targetMet.reads },
    cpuMsPerOpAddedByEncryption: {
      writes: round(v.encrypted.writeCpuMsPerOp - v.plain.writeCpuMsPerOp, 3),
      reads: round(v.encrypted.readCpuMsPerOp - v.plain.readCpuMsPerOp, 3),
    },
    plainSqlOverPlainService: {
      writes: round(insert.perSec / v.plain.writesPerSec, 2),
      reads: round(select.perSec / v.plain.readsPerSec, 2),
    },
    audit: facts.audit,
    perRound: rounds.map((r) => ({
      round: r.round,
      order: r.order,
      writesPerSec: {
        encrypted: r.writes.encrypted.result().perSec,
        plain: r.writes.plain.result().perSec,
        insert: r.plainInsert.result().perSec,
      },
      readsPerSec: {
        encrypted: r.reads.encrypted.result().perSec,
        plain: r.reads.plain.result().perSec,
        select: r.plainSelect.result().perSec,
      },
      encryptionCost: { writes: costOf(r, 'writes'), reads: costOf(r, 'reads') },
    })),
  };
}
