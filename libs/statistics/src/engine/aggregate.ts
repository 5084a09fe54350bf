import type { EntityManager } from 'typeorm';
import type { StatisticsDimension, StatisticsGrain } from '@tuki/contracts';
import { ContactFact } from '../contact-fact.entity';
import type { CountedCell } from '../disclosure/cells';

/** Where each dimension's value comes from in `contact_facts` (multi-valued ones from their JSON arrays). */
const COLUMN: Record<Exclude<StatisticsDimension, 'category' | 'referral'>, string> = {
  channel: 'f.channel',
  queue: 'f.queue_id',
  language: 'f.language',
  'age-band': 'f.age_band',
  gender: 'f.gender',
  region: 'f.region',
  outcome: 'f.outcome',
  'wait-band': 'f.wait_band',
};

/** A contact without a category (or referral) still counts, under this value. */
export const NONE = 'none';

export interface AggregateRequest {
  helplineId: string;
  grain: StatisticsGrain;
  /** First and last period of the range (the periods themselves are whole ones, checked before). */
  from: string;
  to: string;
  dimensions: readonly StatisticsDimension[];
  contributionBound: number;
}

/**
 * Counts the facts of a period range by period and dimensions in one SQL statement, with each caller's contribution
 * to a cell bounded: the inner GROUP BY counts one caller's (surrogate's) contacts per cell, the outer one adds them
 * up at most `contributionBound` each and counts the distinct callers. Exact, in the database; nothing personal is
 * read (there is nothing personal in contact_facts).
 */
export async function aggregate(manager: EntityManager, request: AggregateRequest): Promise<CountedCell[]> {
  const postgres = manager.connection.options.type === 'postgres';
  const period = request.grain === 'week' ? 'f.iso_week' : 'f.month';
  const surrogate = request.grain === 'week' ? 'f.week_surrogate' : 'f.month_surrogate';
  const joins: string[] = [];
  const expressions = request.dimensions.map((dimension, index) => {
    if (dimension !== 'category' && dimension !== 'referral') return COLUMN[dimension];
    const alias = `m${index}`;
    const column = dimension === 'category' ? 'f.categories' : 'f.referrals';
    joins.push(
      postgres
        ? `LEFT JOIN LATERAL json_array_elements_text(${column}::json) AS ${alias}(value) ON true`
        : `LEFT JOIN json_each(${column}) AS ${alias}`,
    );
    return `COALESCE(${alias}.value, '${NONE}')`;
  });
  const least = postgres ? 'LEAST' : 'MIN';
  // Raw SQL names the table with its schema: the connection's search path need not include it.
  const metadata = manager.connection.getMetadata(ContactFact);
  const table = metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  const flag = (column: string) => `SUM(CASE WHEN ${column} THEN 1 ELSE 0 END)`;
  const inner = [`${period} AS period`, ...expressions.map((e, i) => `${e} AS d${i}`), `${surrogate} AS s`];
  const groups = ['period', ...expressions.map((_, i) => `d${i}`)];
  // SQLite binds each `?` once, in order: the bound (a checked integer) goes in as a literal there.
  const bound = Math.trunc(request.contributionBound);
  const [p1, p2, p3, p4] = postgres ? ['$1', '$2', '$3', '$4'] : ['?', '?', '?', String(bound)];
  const sql = `
    SELECT ${groups.join(', ')},
      COUNT(*) AS callers,
      SUM(${least}(n, ${p4})) AS contacts,
      SUM(${least}(na, ${p4})) AS answered,
      SUM(${least}(nb, ${p4})) AS abandoned,
      SUM(${least}(nc, ${p4})) AS callbacks
    FROM (
      SELECT ${inner.join(', ')}, COUNT(*) AS n, ${flag('f.answered')} AS na, ${flag('f.abandoned')} AS nb,
        ${flag('f.callback')} AS nc
      FROM ${table} f ${joins.join(' ')}
      WHERE f.helpline_id = ${p1} AND ${period} >= ${p2} AND ${period} <= ${p3}
      GROUP BY ${[period, ...expressions, surrogate].join(', ')}
    ) g
    GROUP BY ${groups.join(', ')}`;
  const rows = await manager.query<Record<string, string | number>[]>(sql, [
    request.helplineId,
    request.from,
    request.to,
    ...(postgres ? [bound] : []),
  ]);
  return rows.map((row) => ({
    period: String(row.period),
    values: Object.fromEntries(request.dimensions.map((dimension, i) => [dimension, String(row[`d${i}`])])),
    figures: {
      callers: Number(row.callers),
      contacts: Number(row.contacts),
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      callbacks: Number(row.callbacks),
    },
  }));
}
