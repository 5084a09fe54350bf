import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { HELPLINE_DIRECTORY, QUEUE_DIRECTORY, type HelplineDirectory, type QueueDirectory } from '@tuki/contracts';
import { DatabaseModule } from '@tuki/platform';
import { IntervalRecorder } from './live/interval-recorder';
import { LiveAggregates } from './live/live-aggregates';
import { MetricContext } from './live/metric-context';
import { MetricInterval } from './live/metric-interval.entity';
import { MetricsEventsConsumer } from './live/metrics-events.consumer';
import { METRICS_OPTIONS } from './live/metrics-options';
import { MetricsPrometheus } from './live/metrics-prometheus';
import { MetricsRebuild } from './live/metrics-rebuild';
import { SnapshotBuilder } from './live/snapshot-builder';
import { SurgeWatch } from './live/surge-watch';
import { SurgeThresholdsRow } from './live/surge-thresholds.entity';
import { SurgeThresholdsService } from './live/surge-thresholds.service';
import { CreateMetricIntervals1765100000000 } from './migrations/1765100000000-CreateMetricIntervals';

export interface MetricsModuleOptions {
  /** The 15-minute history and the surge watch run here (workers, and the zero-config single process). */
  runKeepers: boolean;
  /** Where queue definitions and helplines' zones come from: the app passes the modules and services (metrics may not import them). */
  directories: {
    imports: ModuleMetadata['imports'];
    queues: Type<QueueDirectory>;
    helplines: Type<HelplineDirectory>;
  };
}

/** Surge metrics: live aggregates from domain events, snapshots for supervisors, history, surge alerts, Prometheus. */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    return {
      module: MetricsModule,
      imports: [
        DatabaseModule.forFeature([MetricInterval, SurgeThresholdsRow], [CreateMetricIntervals1765100000000]),
        ...(options.directories.imports ?? []),
      ],
      providers: [
        { provide: METRICS_OPTIONS, useValue: { runKeepers: options.runKeepers } },
        { provide: QUEUE_DIRECTORY, useExisting: options.directories.queues },
        { provide: HELPLINE_DIRECTORY, useExisting: options.directories.helplines },
        MetricContext,
        LiveAggregates,
        MetricsEventsConsumer,
        MetricsRebuild,
        IntervalRecorder,
        SurgeWatch,
        SurgeThresholdsService,
        SnapshotBuilder,
        MetricsPrometheus,
      ],
      exports: [SurgeThresholdsService, SnapshotBuilder, LiveAggregates, IntervalRecorder, SurgeWatch, MetricsRebuild],
    };
  }
}
