import { Injectable } from '@nestjs/common';
import type { QueueSummary, ScopeFigures, SupervisorSnapshot, SurgeAlert } from '@tuki/contracts';
import { Clock, isOpenAt } from '@tuki/platform';
import { OVERALL_SCOPE, countsOf, languageScope, queueScope } from './counters';
import { LiveAggregates, type LiveReading } from './live-aggregates';
import { MetricContext } from './metric-context';
import { staffingGap } from './staffing-gap';
import type { SurgeState } from './surge-watch';
import { arrivalsPerMinute, windowFigures } from './window-figures';

/**
 * Builds what a supervisor sees from the shared aggregates: a few Redis round trips and arithmetic, never a table
 * scan, so every api process can build it every 100 ms for its own dashboards and they all show the same numbers.
 */
@Injectable()
export class SnapshotBuilder {
  constructor(
    private readonly aggregates: LiveAggregates,
    private readonly context: MetricContext,
    private readonly clock: Clock,
  ) {}

  async build(helplineId: string): Promise<SupervisorSnapshot> {
    const [queues, timeZone] = await Promise.all([
      this.context.queuesOf(helplineId),
      this.context.timeZoneOf(helplineId),
    ]);
    const now = this.clock.nowMs();
    const day = this.context.dayIn(timeZone, now);
    const languages = [...new Set(queues.flatMap((q) => q.languages))].sort();
    const reading = await this.aggregates.read(helplineId, { queues: queues.map((q) => q.id), languages }, day);
    const surge = parseSurge(reading.surge);
    const openNow = (q: QueueSummary) => q.isOpen && isOpenAt(q.openingHours, q.timeZone, now);

    const scope = (key: string, kind: ScopeFigures['kind'], id: string, label: string): ScopeFigures => {
      const waiting = reading.waiting[key] ?? { count: 0, oldest: null };
      return {
        key: kind === 'overall' ? 'overall' : `${kind}:${id}`,
        kind,
        id,
        label,
        waiting: waiting.count,
        oldestWaitingSince: waiting.oldest,
        callbacks: reading.callbacks[key] ?? { pending: 0, due: 0, overdue: 0 },
        arrivalsPerMinute: arrivalsPerMinute(reading.recentMinutes, key, now),
        windows: {
          rolling15: windowFigures(countsOf(key, reading.recentMinutes)),
          today: windowFigures(countsOf(key, [reading.today])),
        },
      };
    };
    const agentsOf = (key: string): ScopeFigures['agents'] => {
      const a = reading.agents[key] ?? { available: 0, busy: 0, 'wrap-up': 0, away: 0 };
      const working = a.busy + a['wrap-up'];
      const present = working + a.available;
      return {
        available: a.available,
        busy: a.busy,
        wrapUp: a['wrap-up'],
        away: a.away,
        occupancy: present > 0 ? working / present : null,
      };
    };

    const overall = {
      ...scope(OVERALL_SCOPE, 'overall', 'all', 'All'),
      agents: agentsOf(OVERALL_SCOPE),
      surge: surge[OVERALL_SCOPE],
    };
    const queueFigures = queues.map((q) => ({
      ...scope(queueScope(q.id), 'queue', q.id, q.name),
      target: { answerSeconds: q.targetAnswerSeconds, percent: q.targetAnswerPercent },
      open: openNow(q),
      surge: surge[queueScope(q.id)],
    }));
    const languageFigures = languages.map((language) => ({
      ...scope(languageScope(language), 'language', language, language),
      agents: agentsOf(languageScope(language)),
    }));
    const staffing = languageFigures.map((figures) => {
      const open = queues.filter((q) => q.languages.includes(figures.id) && openNow(q));
      const serving = open.length > 0 ? open : queues.filter((q) => q.languages.includes(figures.id));
      const rolling = countsOf(languageScope(figures.id), reading.recentMinutes);
      const today = countsOf(languageScope(figures.id), [reading.today]);
      const handleFrom = rolling.handled > 0 ? rolling : today;
      return staffingGap({
        language: figures.id,
        open: open.length > 0,
        arrivalsPerMinute: figures.arrivalsPerMinute.last15,
        handleMs: handleFrom.talkMs + handleFrom.wrapMs,
        handled: handleFrom.handled,
        waitMs: today.answeredWaitMs + today.abandonedWaitMs,
        abandoned: today.abandoned,
        target: strictestTarget(serving),
        present: (figures.agents?.available ?? 0) + (figures.agents?.busy ?? 0) + (figures.agents?.wrapUp ?? 0),
      });
    });
    return {
      helplineId,
      generatedAt: now,
      timeZone,
      day,
      complete: reading.complete,
      overall,
      queues: queueFigures,
      languages: languageFigures,
      staffing,
      agents: reading.board.sort((a, b) => a.since - b.since),
      overdueCallbacks: reading.overdue,
      alerts: reading.alerts.map((alert) => JSON.parse(alert) as SurgeAlert),
      helpRequests: reading.help,
      chart: reading.chart,
    };
  }
}

function parseSurge(raw: LiveReading['surge']): Record<string, ScopeFigures['surge']> {
  return Object.fromEntries(
    Object.entries(raw).map(([scope, json]) => {
      const state = JSON.parse(json) as SurgeState;
      return [
        scope,
        { level: state.level, ratio: state.ratio, baselinePerMinute: state.baselinePerMinute, basis: state.basis },
      ];
    }),
  );
}

/** The highest share within the shortest time among queues; 80 % in 20 s when there is none. */
function strictestTarget(queues: QueueSummary[]): { answerSeconds: number; percent: number } {
  if (queues.length === 0) return { answerSeconds: 20, percent: 80 };
  return {
    answerSeconds: Math.min(...queues.map((q) => q.targetAnswerSeconds)),
    percent: Math.max(...queues.map((q) => q.targetAnswerPercent)),
  };
}
