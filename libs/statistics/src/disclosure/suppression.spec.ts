import type { StatisticsDimension } from '@tuki/contracts';
import type { CountedCell, JudgedCell } from './cells';
import { marginsOf } from './margins';
import { suppress } from './suppression';

const cell = (values: Record<string, string>, callers: number, period = '2026-03'): CountedCell => ({
  period,
  values,
  figures: { contacts: callers, callers, answered: callers, abandoned: 0, callbacks: 0 },
});

/** Every line (cells sharing all values but one dimension's) with suppressed cells hides two or more, of k or more. */
function everyLineSafe(cells: JudgedCell[], dimensions: StatisticsDimension[], k: number): boolean {
  for (const kept of dimensions) {
    const lines = new Map<string, JudgedCell[]>();
    for (const c of cells) {
      const key = JSON.stringify([c.period, ...dimensions.filter((d) => d !== kept).map((d) => c.values[d])]);
      lines.set(key, [...(lines.get(key) ?? []), c]);
    }
    for (const line of lines.values()) {
      const hidden = line.filter((c) => c.suppressed);
      const allHidden = hidden.length === line.length;
      const sum = hidden.reduce((s, c) => s + c.figures.callers, 0);
      if (hidden.length > 0 && !allHidden && (hidden.length < 2 || sum < k)) return false;
    }
  }
  return true;
}

describe('suppress', () => {
  it('suppresses cells under k callers, and one more in their line so the total does not give them away', () => {
    const cells = [cell({ channel: 'voice' }, 40), cell({ channel: 'chat' }, 3), cell({ channel: 'callback' }, 12)];
    const judged = suppress(cells, ['channel'], 10);
    expect(judged.map((c) => c.suppressed)).toEqual([null, 'primary', 'secondary']);
    expect(everyLineSafe(judged, ['channel'], 10)).toBe(true);
  });

  it('keeps suppressing until the hidden cells of a line reach k together', () => {
    const cells = [cell({ channel: 'voice' }, 40), cell({ channel: 'chat' }, 1), cell({ channel: 'sms' }, 2)];
    const judged = suppress(cells, ['channel'], 10);
    // 1 + 2 < 10: the sum of the two small ones would say "3 callers", so the big one goes too.
    expect(judged.map((c) => c.suppressed)).toEqual(['secondary', 'primary', 'primary']);
  });

  it('protects every line of a three-way table, across rows, columns and layers', () => {
    const ages = ['13-17', '18-24', '25-34'];
    const regions = ['uusimaa', 'lappi', 'pirkanmaa'];
    const categories = ['breach.extortion', 'breach.leaked-records'];
    const cells: CountedCell[] = [];
    let n = 0;
    for (const age of ages)
      for (const region of regions)
        for (const category of categories) {
          n += 1;
          cells.push(cell({ 'age-band': age, region, category }, (n * 7) % 23));
        }
    const dimensions: StatisticsDimension[] = ['age-band', 'region', 'category'];
    const judged = suppress(cells, dimensions, 10);
    expect(judged.some((c) => c.suppressed === 'primary')).toBe(true);
    expect(judged.some((c) => c.suppressed === 'secondary')).toBe(true);
    expect(everyLineSafe(judged, dimensions, 10)).toBe(true);
  });

  it('never treats periods as a line: each period is judged on its own', () => {
    const judged = suppress([cell({}, 3, '2026-03'), cell({}, 30, '2026-04')], [], 10);
    expect(judged.map((c) => c.suppressed)).toEqual(['primary', null]);
  });
});

describe('marginsOf', () => {
  it('adds up published cells only, and says when suppressed ones lie under a total', () => {
    const judged = suppress(
      [cell({ channel: 'voice' }, 40), cell({ channel: 'chat' }, 3), cell({ channel: 'callback' }, 12)],
      ['channel'],
      10,
    );
    const margins = marginsOf(judged, ['channel'], ['contacts']);
    const grand = margins.find((m) => m.period === '2026-03' && m.dimension === null);
    expect(grand).toEqual({ period: '2026-03', dimension: null, value: null, figures: { contacts: 40 }, complete: false });
    expect(margins.find((m) => m.dimension === 'channel' && m.value === 'voice' && m.period === 'all')).toMatchObject({
      figures: { contacts: 40 },
      complete: true,
    });
  });
});
