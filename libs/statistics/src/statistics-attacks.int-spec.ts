import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import {
  JOB_CATALOGUE,
  type StatisticsDimension,
  type StatisticsQuery,
  type StatisticsResult,
  type StatisticsTable,
} from '@tuki/contracts';
import { PlatformModule, type Principal, type TukiConfig } from '@tuki/platform';
import { deleteTestKeys, dropTestSchema, insertContactFacts, testConfig, type ContactFactFields } from '@tuki/testing';
import { buildStatistics } from './engine/statistics-engine';
import { DEFAULT_STATISTICS_SETTINGS, type StatisticsSettings } from './exports/statistics-settings';
import { StatisticsExports } from './exports/statistics-exports.service';
import { StatisticsSettingsService } from './exports/statistics-settings.service';
import { seededRandomBytes } from './privacy/random-source';
import { planOf } from './query/plan';
import { PrivacyBudgetExhaustedError, InvalidStatisticsQueryError } from './statistics.errors';
import { StatisticsModule } from './statistics.module';

/*
 * Attacks on the exports, each named after what it tries, against real contact facts in PostgreSQL and in SQLite
 * (the JSON functions differ): single out a person, difference two overlapping queries, difference margins, inflate
 * a count with one caller's many contacts, overspend the privacy budget. Differential privacy on top.
 */

for (const database of ['postgres', 'sqlite'] as const) {
  describe(`statistics attacks (${database})`, () => {
    let config: TukiConfig;
    let moduleRef: TestingModule;
    let dataSource: DataSource;

    beforeAll(async () => {
      config = testConfig(`statistics-attacks-${database}`, { database });
      moduleRef = await Test.createTestingModule({
        imports: [PlatformModule.forRoot({ config, runWorkers: false, jobs: JOB_CATALOGUE }), StatisticsModule],
      }).compile();
      moduleRef.useLogger(false);
      await moduleRef.init();
      dataSource = moduleRef.get(DataSource);
    });

    afterAll(async () => {
      await moduleRef.close();
      await dropTestSchema(config);
      await deleteTestKeys(config);
    });

    /** `count` callers (one contact each unless `contacts`), all alike but for `fields`. */
    function facts(helplineId: string, count: number, fields: ContactFactFields = {}, contacts = 1): Promise<void> {
      return insertContactFacts(dataSource.manager, helplineId, count, fields, contacts);
    }

    function run(
      helplineId: string,
      query: StatisticsQuery,
      settings: StatisticsSettings = DEFAULT_STATISTICS_SETTINGS,
      seed = 'fixed',
    ): Promise<StatisticsResult> {
      return buildStatistics(
        dataSource.manager,
        planOf(helplineId, 'custom', query, settings),
        seededRandomBytes(seed),
      );
    }

    const cellOf = (table: StatisticsTable, period: string, values: Record<string, string>) =>
      table.cells.find(
        (c) =>
          c.period === period && Object.entries(values).every(([d, v]) => c.values[d as StatisticsDimension] === v),
      );

    it('cannot single out a unique person: the only 15-year-old in Lappi calling about extortion', async () => {
      const helpline = randomUUID();
      await facts(helpline, 40, { ageBand: '25-34', region: 'uusimaa', categories: ['breach.extortion'] });
      await facts(helpline, 30, { ageBand: '18-24', region: 'uusimaa', categories: ['breach.leaked-records'] });
      await facts(helpline, 12, { ageBand: '25-34', region: 'lappi', categories: ['breach.extortion'] });
      await facts(helpline, 11, { ageBand: '35-49', region: 'lappi', categories: ['breach.extortion'] });
      await facts(helpline, 14, { ageBand: '13-17', region: 'uusimaa', categories: ['breach.leaked-records'] });
      const target = { 'age-band': '13-17', region: 'lappi', category: 'breach.extortion' };
      await facts(helpline, 1, { ageBand: '13-17', region: 'lappi', categories: ['breach.extortion'] });

      // Every table an attacker could ask for, from three dimensions down to none.
      const all: StatisticsDimension[] = ['age-band', 'region', 'category'];
      const subsets = [[], ...all.map((d) => [d]), ...all.map((d) => all.filter((o) => o !== d)), all];
      const tables = new Map<string, StatisticsTable>();
      for (const dimensions of subsets) {
        const result = await run(helpline, { from: '2026-03', to: '2026-03', dimensions });
        tables.set(dimensions.join('+'), result.tables[0]);
      }

      // Wherever the target's own combination is a cell of one caller, it is suppressed.
      const fine = tables.get(all.join('+'))!;
      expect(cellOf(fine, '2026-03', target)?.figures).toBeNull();

      // Differencing: a coarser table's published cell minus the finer table's published cells of its line leaves
      // the sum of the line's suppressed cells; it must never be the target alone (1 contact), nor under k.
      for (const dimensions of subsets.filter((s) => s.length > 0)) {
        const finer = tables.get(dimensions.join('+'))!;
        for (const dropped of dimensions) {
          const kept = dimensions.filter((d) => d !== dropped);
          const coarser = tables.get(kept.join('+'))!;
          const targetLine = Object.fromEntries(kept.map((d) => [d, target[d as keyof typeof target]]));
          const coarse = cellOf(coarser, '2026-03', targetLine);
          if (!coarse?.figures) continue;
          const line = finer.cells.filter((c) => kept.every((d) => c.values[d] === targetLine[d]));
          const publishedSum = line.reduce((sum, c) => sum + (c.figures?.contacts ?? 0), 0);
          const left = coarse.figures.contacts! - publishedSum;
          expect(left === 0 || left >= 10).toBe(true);
        }
      }
      // And no published figure anywhere is the target's: margins add up published cells only.
      for (const table of tables.values()) {
        for (const margin of table.margins.filter((m) => m.dimension === 'age-band' && m.value === '13-17')) {
          const published = table.cells
            .filter(
              (c) =>
                c.values['age-band'] === '13-17' &&
                c.figures &&
                (margin.period === 'all' || c.period === margin.period),
            )
            .reduce((sum, c) => sum + (c.figures?.contacts ?? 0), 0);
          expect(margin.figures.contacts).toBe(published);
        }
      }
    });

    it('two overlapping queries do not reveal a suppressed cell by difference', async () => {
      const helpline = randomUUID();
      for (const month of ['2026-03', '2026-04', '2026-05']) {
        await facts(helpline, 25, { month, region: 'uusimaa' });
        await facts(helpline, 15, { month, region: 'pirkanmaa' });
      }
      // Three callers from Kainuu, in May only.
      await facts(helpline, 3, { month: '2026-05', region: 'kainuu' });

      const marchToMay = (await run(helpline, { from: '2026-03', to: '2026-05', dimensions: ['region'] })).tables[0];
      const marchToApril = (await run(helpline, { from: '2026-03', to: '2026-04', dimensions: ['region'] })).tables[0];
      // Each period is counted on its own, so the months both ranges hold are the same cells, suppression included.
      for (const cell of marchToApril.cells) {
        expect(cellOf(marchToMay, cell.period, cell.values)).toEqual(cell);
      }
      expect(cellOf(marchToMay, '2026-05', { region: 'kainuu' })?.figures).toBeNull();
      // The range totals differ by May's published cells only: Kainuu's 3 never show.
      const total = (table: StatisticsTable, region: string) =>
        table.margins.find((m) => m.period === 'all' && m.dimension === 'region' && m.value === region)?.figures
          .contacts ?? 0;
      expect(total(marchToMay, 'kainuu') - total(marchToApril, 'kainuu')).toBe(0);

      // March to May in months against the weeks of 2 March to 31 May: a helpline counts in one grain only.
      const weekly: StatisticsSettings = { ...DEFAULT_STATISTICS_SETTINGS, grain: 'week' };
      expect(() =>
        planOf(helpline, 'custom', { from: '2026-03', to: '2026-05', dimensions: ['region'] }, weekly),
      ).toThrow(InvalidStatisticsQueryError);
      expect(() =>
        planOf(helpline, 'custom', { from: '2026-03', to: '2026-05', dimensions: ['region'] }, weekly),
      ).toThrow(
        "from: this helpline's statistics are by ISO week (2026-W10); 2026-03 is a month, and the two are never mixed",
      );
      expect(() =>
        planOf(helpline, 'custom', { from: '2026-W10', to: '2026-W22', dimensions: [] }, DEFAULT_STATISTICS_SETTINGS),
      ).toThrow(/statistics are by month/);
      expect(
        planOf(helpline, 'custom', { from: '2026-W10', to: '2026-W22', dimensions: [] }, weekly).periods,
      ).toHaveLength(13);
    });

    it('margins do not reveal a suppressed cell', async () => {
      const helpline = randomUUID();
      await facts(helpline, 30, { channel: 'voice' });
      await facts(helpline, 20, { channel: 'chat' });
      await facts(helpline, 2, { channel: 'callback' });
      const table = (await run(helpline, { from: '2026-03', to: '2026-03', dimensions: ['channel'] })).tables[0];
      const callback = cellOf(table, '2026-03', { channel: 'callback' })!;
      expect(callback.suppressed).toBe('primary');
      // One suppressed cell in the line would be the total minus the others: a second one goes with it.
      expect(table.cells.filter((c) => c.suppressed === 'secondary')).toHaveLength(1);
      const grand = table.margins.find((m) => m.period === '2026-03' && m.dimension === null)!;
      const published = table.cells.reduce((sum, c) => sum + (c.figures?.contacts ?? 0), 0);
      expect(grand).toMatchObject({ complete: false, figures: { contacts: published } });
      // The true total (52) is nowhere: total - published cells = 0, not the hidden 2 + 20.
      expect(grand.figures.contacts).not.toBe(52);
    });

    it('a caller with 50 contacts moves a count by at most the contribution bound', async () => {
      const helpline = randomUUID();
      await facts(helpline, 12, { language: 'sv' });
      const before = cellOf(
        (await run(helpline, { from: '2026-03', to: '2026-03', dimensions: ['language'] })).tables[0],
        '2026-03',
        { language: 'sv' },
      )!.figures!;
      await facts(helpline, 1, { language: 'sv' }, 50);
      const after = cellOf(
        (await run(helpline, { from: '2026-03', to: '2026-03', dimensions: ['language'], contributionBound: 5 }))
          .tables[0],
        '2026-03',
        { language: 'sv' },
      )!.figures!;
      expect(after.contacts! - before.contacts!).toBe(5);
      expect(after.callers! - before.callers!).toBe(1);
      expect(after.answered! - before.answered!).toBe(5);
    });

    it('the budget ledger, shared by all analysts, refuses the query that would overspend', async () => {
      const helpline = randomUUID();
      const analyst = (id = randomUUID()): Principal => ({
        kind: 'staff',
        userId: id,
        helplineId: helpline,
        roles: ['analyst'],
        sessionVersion: 0,
      });
      const admin: Principal = { ...analyst(), roles: ['admin'] };
      await moduleRef
        .get(StatisticsSettingsService)
        .replace(admin, { ...DEFAULT_STATISTICS_SETTINGS, epsilonBudgetPerPeriod: 2 });
      const exportsService = moduleRef.get(StatisticsExports);
      // epsilon 0.5 on contacts, and on callers (which decide suppression): 1 per period each time.
      const query: StatisticsQuery = {
        from: '2026-03',
        to: '2026-04',
        dimensions: ['channel'],
        measures: ['contacts'],
        epsilon: 0.5,
      };
      await exportsService.request(analyst(), 'custom', query);
      await exportsService.request(analyst(), 'custom', { ...query, from: '2026-04', to: '2026-04' });
      // April is spent (2 of 2); another analyst asking for March and April is refused, and nothing is charged.
      await expect(exportsService.request(analyst(), 'custom', query)).rejects.toThrow(PrivacyBudgetExhaustedError);
      await expect(exportsService.request(analyst(), 'custom', query)).rejects.toThrow(
        'The privacy budget of 2026-04 would be overspent: 2 of 2 spent, this export needs 1',
      );
      await exportsService.request(analyst(), 'custom', { ...query, from: '2026-03', to: '2026-03' });
      // Without noise there is nothing to spend.
      await exportsService.request(analyst(), 'custom', { ...query, epsilon: undefined });
    });

    it('with differential privacy: every cell noised in integers, suppression on the noisy counts, totals consistent', async () => {
      const helpline = randomUUID();
      await facts(helpline, 40, { channel: 'voice' });
      await facts(helpline, 25, { channel: 'chat' });
      await facts(helpline, 8, { channel: 'callback' });
      const query: StatisticsQuery = { from: '2026-03', to: '2026-04', dimensions: ['channel'], epsilon: 0.5 };
      const first = await run(helpline, query, DEFAULT_STATISTICS_SETTINGS, 'seed-a');
      const again = await run(helpline, query, DEFAULT_STATISTICS_SETTINGS, 'seed-a');
      const other = await run(helpline, query, DEFAULT_STATISTICS_SETTINGS, 'seed-b');
      expect(again).toEqual(first);
      expect(other).not.toEqual(first);
      const table = first.tables[0];
      expect(first.method).toMatchObject({ noise: 'discrete-laplace', epsilon: 0.5, epsilonCharged: 2.5 });
      // April has no contacts at all, yet its cells are there (noised zeros), so absence is not revealed.
      expect(table.cells.filter((c) => c.period === '2026-04')).toHaveLength(3);
      const published = table.cells.flatMap((c) => (c.figures ? Object.values(c.figures) : []));
      expect(published.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
      const voice = cellOf(table, '2026-03', { channel: 'voice' })!.figures!;
      expect(Math.abs(voice.contacts! - 40)).toBeLessThan(40);
      const grand = table.margins.find((m) => m.period === '2026-03' && m.dimension === null)!;
      expect(grand.figures.contacts).toBe(
        table.cells.filter((c) => c.period === '2026-03').reduce((sum, c) => sum + (c.figures?.contacts ?? 0), 0),
      );
    });
  });
}
