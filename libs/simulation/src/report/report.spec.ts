import { parseScenario } from '../scenario/scenario-loader';
import { runPlan } from '../planner/plan';
import { formatPlanTable } from './plan-table';
import { renderPlanHtml } from './plan-html';
import { lineChartSvg, niceCeiling } from './svg-chart';

describe('plan reports', () => {
  it('draws a chart with a gap where an hour has no value, and escapes every label', () => {
    const svg = lineChartSvg({
      title: 'Service <level>',
      unit: 'share',
      yMax: 1,
      xLabels: ['a', 'b', 'c', 'd'],
      series: [{ name: 'x&y', values: [0.5, null, 1, 0], colour: 'red' }],
    });
    const path = /<path d="([^"]+)"/.exec(svg)![1];
    expect(path.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('Service &#60;level&#62;');
    expect(svg).toContain('x&#38;y');
    expect(svg).not.toContain('<level>');
  });

  it('rounds an axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0.7, 3, 7, 12, 480].map(niceCeiling)).toEqual([1, 5, 10, 20, 500]);
  });

  it('prints an hour per row, the totals and the agents needed per language, and writes HTML without script', async () => {
    const report = await runPlan(
      parseScenario({
        name: 'day',
        seed: 3,
        hours: 24,
        startAt: '2026-10-26T00:00:00+02:00',
        arrivals: { perHour: 30, languages: { fi: 1 } },
        handleTime: { distribution: 'exponential', meanSeconds: 300 },
        patience: { distribution: 'exponential', meanSeconds: 120 },
        agents: [{ languages: ['fi'], count: 2 }],
      }),
      { staffing: true },
    );
    const table = formatPlanTable(report).split('\n');
    expect(table[0]).toMatch(/^hour\s+arrivals\s+SL/);
    expect(table[2]).toMatch(/^Mon 26\.10 00:00\s+\d+/);
    expect(table.find((line) => line.startsWith('  fi '))).toMatch(
      /^ {2}fi\s+\d+ agents at the peak \(Mon 26\.10 \d\d:00\), team "fi"$/,
    );
    const html = renderPlanHtml(report);
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('Agents needed to hold the target');
  }, 30_000);
});
