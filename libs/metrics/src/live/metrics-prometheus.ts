import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { ScopeFigures, SupervisorSnapshot } from '@tuki/contracts';
import { Prometheus } from '@tuki/platform';
import { SURGE_LEVELS } from '../surge-level';
import { LiveAggregates } from './live-aggregates';
import { SnapshotBuilder } from './snapshot-builder';

type Labels = 'helpline' | 'scope';

/**
 * The supervisors' figures at `/metrics`, for operators' own alerting: built from the same shared aggregates on each
 * scrape, so any api process answers with the same numbers. Labels are ids and codes (queue id, language), never
 * anything about a caller.
 */
@Injectable()
export class MetricsPrometheus implements OnModuleInit {
  constructor(
    private readonly prometheus: Prometheus,
    private readonly aggregates: LiveAggregates,
    private readonly snapshots: SnapshotBuilder,
  ) {}

  onModuleInit(): void {
    const registers = [this.prometheus.registry];
    // Every gauge waits for one shared collect per scrape (the registry reads the gauges in parallel).
    let pending: Promise<void> | undefined;
    const shared = async () => {
      pending ??= collect().finally(() => (pending = undefined));
      await pending;
    };
    const scopeGauge = (name: string, help: string, value: (s: ScopeFigures) => number | null | undefined) => ({
      gauge: new Gauge<Labels>({ name, help, labelNames: ['helpline', 'scope'], registers, collect: shared }),
      value,
    });
    const gauges = [
      scopeGauge('tuki_contacts_waiting', 'Callers waiting now', (s) => s.waiting),
      scopeGauge('tuki_longest_wait_seconds', 'Wait of the longest-waiting caller now', (s) =>
        s.oldestWaitingSince === null ? 0 : (Date.now() - s.oldestWaitingSince) / 1000,
      ),
      scopeGauge('tuki_callbacks_overdue', 'Open callbacks past their promised time', (s) => s.callbacks.overdue),
      scopeGauge('tuki_callbacks_due', 'Callbacks whose turn has come', (s) => s.callbacks.due),
      scopeGauge('tuki_callbacks_pending', 'Callbacks waiting for their time', (s) => s.callbacks.pending),
      scopeGauge(
        'tuki_arrivals_per_minute_15m',
        'Arrivals per minute over the last 15 minutes',
        (s) => s.arrivalsPerMinute.last15,
      ),
      scopeGauge(
        'tuki_service_level_15m',
        'Answered within target / answered, last 15 minutes',
        (s) => s.windows.rolling15.serviceLevel.answeredOnly,
      ),
      scopeGauge(
        'tuki_abandonment_rate_15m',
        'Abandoned / (answered + abandoned), last 15 minutes',
        (s) => s.windows.rolling15.abandonmentRate,
      ),
      scopeGauge(
        'tuki_asa_seconds_15m',
        'Average speed of answer, last 15 minutes',
        (s) => s.windows.rolling15.asaSeconds,
      ),
      scopeGauge('tuki_agents_available', 'Agents available now', (s) => s.agents?.available),
      scopeGauge('tuki_occupancy', 'Share of present agents busy or in wrap-up now', (s) => s.agents?.occupancy),
      scopeGauge('tuki_surge_level', 'Surge level: 0 normal, 1 elevated, 2 surge, 3 critical', (s) =>
        s.surge ? SURGE_LEVELS.indexOf(s.surge.level) : undefined,
      ),
    ];
    const gap = new Gauge<'helpline' | 'language'>({
      name: 'tuki_staffing_gap',
      help: 'Agents needed (Erlang A) minus present, per language',
      labelNames: ['helpline', 'language'],
      registers,
      collect: shared,
    });
    const collect = async () => {
      const snapshots: SupervisorSnapshot[] = [];
      for (const helplineId of await this.aggregates.helplines())
        snapshots.push(await this.snapshots.build(helplineId));
      for (const { gauge } of gauges) gauge.reset();
      gap.reset();
      for (const snapshot of snapshots) {
        for (const scope of [snapshot.overall, ...snapshot.queues, ...snapshot.languages]) {
          for (const { gauge, value } of gauges) {
            const v = value(scope);
            if (v !== null && v !== undefined) gauge.set({ helpline: snapshot.helplineId, scope: scope.key }, v);
          }
        }
        for (const s of snapshot.staffing) gap.set({ helpline: snapshot.helplineId, language: s.language }, s.gap);
      }
    };
  }
}
