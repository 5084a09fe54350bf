import { describe, expect, it } from '@jest/globals';
import type { PlanHourView, PlanReportView, PlanSummaryView } from '@tuki/contracts';
import { planChartGeometry } from './planner-chart-geometry';
import {
  dayLabel,
  hourLabel,
  planStatusText,
  reportFileName,
  scenarioHint,
  staffingDays,
  summaryFigures,
} from './planner-format';

const HOUR_MS = 3_600_000;
const local = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Hours as the planner writes them: ISO in Helsinki's time, from Sat 24 Oct 2026 00:00 (+03), over the DST change. */
function hoursFrom(count: number, arrivals: (hour: number) => number = () => 12): PlanHourView[] {
  const start = Date.parse('2026-10-24T00:00:00+03:00');
  return Array.from({ length: count }, (_, hour) => {
    const [date, time] = local.format(start + hour * HOUR_MS).split(' ');
    return {
      hour,
      startsAt: `${date}T${time}:00.000+02:00`,
      arrivals: arrivals(hour),
      serviceLevel: arrivals(hour) > 0 ? 0.9 : null,
      meanWaitSeconds: 5,
      p95WaitSeconds: 30,
      abandonment: 0.05,
      callbacksPending: 0,
      agentsOnDuty: 3,
    };
  });
}

const summary: PlanSummaryView = {
  arrivals: 2144,
  answered: 1671,
  abandoned: 205,
  serviceLevel: 0.8715,
  meanWaitSeconds: 5.7,
  p95WaitSeconds: 83,
  abandonment: 0.0956,
  callbacksRequested: 268,
  callbacksCompleted: 265,
  callbacksFailed: 3,
  maxCallbacksPending: 14,
  hoursBelowTarget: 22,
};

function report(hours: PlanHourView[], perHour?: (language: string, hour: number) => number): PlanReportView {
  return {
    scenario: { name: 'breach-surge', seed: 1, hours: hours.length, startAt: hours[0]?.startsAt ?? '', timeZone: 'x' },
    target: { answerWithinSeconds: 20, serviceLevel: 0.8 },
    hours,
    summary,
    staffing: perHour && {
      target: { answerWithinSeconds: 20, serviceLevel: 0.8 },
      met: true,
      summary,
      byLanguage: ['fi', 'sv'].map((language) => {
        const need = hours.map((h) => perHour(language, h.hour));
        return { language, perHour: need, peak: Math.max(...need) };
      }),
    },
    run: { events: 1, contacts: 1, elapsedMs: 1 },
  };
}

describe('the planner panel’s words', () => {
  it('says where a plan is, once per change', () => {
    const plan = { scenario: 'normal-week', progress: 0, error: null };
    expect(planStatusText({ ...plan, state: 'queued' })).toBe('Plan of normal-week queued: waiting for a worker.');
    expect(planStatusText({ ...plan, state: 'running' })).toBe('Plan of normal-week running.');
    expect(planStatusText({ ...plan, state: 'running', progress: 42 })).toBe('Plan of normal-week running: 42 % done.');
    expect(planStatusText({ ...plan, state: 'done', progress: 100 })).toBe('Plan of normal-week done.');
    expect(planStatusText({ ...plan, state: 'failed', error: 'hours: too many' })).toBe(
      'Plan of normal-week failed: hours: too many',
    );
  });

  it('describes a scenario by its length and surge', () => {
    expect(
      scenarioHint({
        name: 'breach-surge',
        description: 'The Vastaamo week.',
        hours: 168,
        surge: { atHour: 57, peak: 8 },
      }),
    ).toBe('The Vastaamo week. (7 days; a surge of ×8 at hour 57.)');
    expect(scenarioHint({ name: 'x', description: null, hours: 30, surge: null })).toBe('x (30 hours.)');
  });

  it('sums a run up against its target, a missing figure as a dash', () => {
    const figures = summaryFigures(report(hoursFrom(168)));
    const byKey = Object.fromEntries(figures.map((figure) => [figure.key, figure]));
    expect(byKey['service-level']).toMatchObject({ value: '87 %', status: 'ok' });
    expect(byKey['service-level'].caption).toBe('answered within 20 s; target 80 % in 20 s');
    expect(byKey['mean-wait'].value).toBe('5 s');
    expect(byKey['p95-wait'].value).toBe('1 min 23 s');
    expect(byKey['abandonment']).toMatchObject({ value: '9.6 %', caption: '205 of 2144 contacts' });
    expect(byKey['callbacks'].value).toBe('268');
    expect(byKey['hours-below-target']).toMatchObject({ value: '22', status: 'bad' });
    const none = summaryFigures(report(hoursFrom(2)), { ...summary, serviceLevel: null, meanWaitSeconds: null });
    expect(none.find((figure) => figure.key === 'service-level')).toMatchObject({ value: '—', status: undefined });
    expect(none.find((figure) => figure.key === 'mean-wait')?.value).toBe('—');
  });

  it('labels days and hours in the scenario’s own time', () => {
    expect(dayLabel('2026-10-26T09:00:00.000+02:00')).toBe('Mon 26 Oct');
    expect(hourLabel('2026-10-26T09:00:00.000+02:00')).toBe('09:00');
  });

  it('shows the day the surge breaks and the two after it, hour by hour', () => {
    const days = staffingDays(
      report(hoursFrom(168), () => 2),
      { atHour: 57 },
    );
    expect(days.map((day) => day.label)).toEqual(['Mon 26 Oct', 'Tue 27 Oct', 'Wed 28 Oct']);
    expect(days[0].hours).toHaveLength(24);
    expect(days[0].hours[0]).toBe(49);
  });

  it('keeps the 25 hours of the day the clocks go back together', () => {
    const days = staffingDays(
      report(hoursFrom(72), () => 1),
      { atHour: 30 },
    );
    expect(days[0]).toMatchObject({ date: '2026-10-25', label: 'Sun 25 Oct' });
    expect(days[0].hours).toHaveLength(25);
  });

  it('shows the busiest day when there is no surge', () => {
    const days = staffingDays(
      report(hoursFrom(96), (language, hour) => (hour === 80 ? 5 : 1)),
      null,
    );
    expect(days.map((day) => day.label)).toEqual(['Tue 27 Oct']);
    expect(staffingDays(report(hoursFrom(24)), null)).toEqual([]);
  });

  it('names the report file by scenario and plan', () => {
    expect(reportFileName({ id: '0f9c2a1e-aaaa-bbbb-cccc-000000000000', scenario: 'breach-surge' })).toBe(
      'tuki-plan-breach-surge-0f9c2a1e.json',
    );
    expect(reportFileName({ id: 'abcdef123456', scenario: '../etc/x y' })).toBe('tuki-plan----etc-x-y-abcdef12.json');
  });
});

describe('the plan chart', () => {
  it('draws a bar per hour with arrivals and breaks the service level where an hour is too quiet to judge', () => {
    const arrivals = [12, 15, 0, 14, 3, 16, 18];
    const geometry = planChartGeometry(
      hoursFrom(7, (hour) => arrivals[hour]),
      0.8,
    );
    expect(geometry.bars).toHaveLength(6);
    // No arrivals (hour 2) and three (hour 4) both break the line; hour 3 alone between them is a dot.
    expect(geometry.serviceLevelPath.match(/[MLh]/g)).toEqual(['M', 'L', 'M', 'h', 'M', 'L']);
    // Eighteen arrivals at most: the axis ends at 20.
    expect(geometry.arrivalTicks.map((tick) => tick.value)).toEqual([0, 10, 20]);
    const { plot } = geometry;
    expect(geometry.targetY).toBeCloseTo(plot.bottom - 0.8 * (plot.bottom - plot.top), 0);
    expect(geometry.percentTicks.map((tick) => tick.percent)).toEqual([0, 50, 100]);
  });

  it('labels local midnights, at most eight of them on a month-long plan', () => {
    expect(planChartGeometry(hoursFrom(168), 0.8).dayTicks.map((tick) => tick.label)).toEqual([
      'Sat 24 Oct',
      'Sun 25 Oct',
      'Mon 26 Oct',
      'Tue 27 Oct',
      'Wed 28 Oct',
      'Thu 29 Oct',
      'Fri 30 Oct',
    ]);
    expect(planChartGeometry(hoursFrom(24 * 31), 0.8).dayTicks.length).toBeLessThanOrEqual(8);
    expect(planChartGeometry([], 0.8).bars).toEqual([]);
  });
});
