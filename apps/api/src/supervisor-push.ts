import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { MetricsMessage, SnapshotPart, SupervisorSnapshot } from '@tuki/contracts';
import { LiveAggregates, SnapshotBuilder } from '@tuki/metrics';

/** Changes are flushed at most this often. */
export const FLUSH_EVERY_MS = 100;
/** Rolling windows slide and the chart moves with time alone: rebuilt at least this often even without events. */
const REFRESH_EVERY_MS = 2_000;
/**
 * The chart (three hours by minute, most of a message's bytes) goes out at most this often: its current minute moves
 * with every arrival, and a line a few seconds behind costs a supervisor nothing.
 */
const CHART_EVERY_MS = 5_000;
const ROOM_PREFIX = 'supervisors:';

export const supervisorRoom = (helplineId: string) => `${ROOM_PREFIX}${helplineId}`;

interface HelplineStream {
  seq: number;
  version: string;
  builtAt: number;
  chartAt: number;
  snapshot: SupervisorSnapshot;
}

/**
 * Pushes live metrics to the supervisors connected to this api process. Every 100 ms, for each helpline with a
 * dashboard here, it checks the shared aggregates' version; when it moved it builds a snapshot and sends only the
 * parts that changed, numbered. Every 2 s it sends at least the time, so a quiet dashboard knows it is still live. Each process builds from the same Redis state, so
 * supervisors on different processes see the same numbers; the messages go to local sockets only.
 */
@Injectable()
export class SupervisorPush implements OnApplicationShutdown {
  private readonly logger = new Logger(SupervisorPush.name);
  private readonly streams = new Map<string, HelplineStream>();
  private namespace?: Namespace;
  private timer?: NodeJS.Timeout;
  private flushing = false;

  constructor(
    private readonly snapshots: SnapshotBuilder,
    private readonly aggregates: LiveAggregates,
  ) {}

  start(namespace: Namespace): void {
    this.namespace = namespace;
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The full snapshot with the current number, for a socket that connects or resyncs. */
  async current(helplineId: string): Promise<MetricsMessage> {
    let stream = this.streams.get(helplineId);
    if (!stream) {
      const version = await this.aggregates.versionOf(helplineId);
      const now = Date.now();
      stream = { seq: 1, version, builtAt: now, chartAt: now, snapshot: await this.snapshots.build(helplineId) };
      this.streams.set(helplineId, this.streams.get(helplineId) ?? stream);
      stream = this.streams.get(helplineId) ?? stream;
    }
    // Stamped now: the page sets its clock offset from `generatedAt`, which a cached snapshot would skew.
    return { seq: stream.seq, parts: { ...stream.snapshot, generatedAt: Date.now() } };
  }

  /** One flush over the helplines with dashboards here. Public for tests. */
  async flush(): Promise<void> {
    if (this.flushing || !this.namespace) return;
    this.flushing = true;
    try {
      const rooms = this.namespace.adapter.rooms;
      for (const helplineId of [...this.streams.keys()]) {
        if (!rooms.get(supervisorRoom(helplineId))?.size) this.streams.delete(helplineId);
      }
      for (const [helplineId, stream] of this.streams) {
        await this.flushHelpline(helplineId, stream).catch((error: unknown) =>
          this.logger.warn(`Supervisor metrics not pushed: ${(error as Error).message}`),
        );
      }
    } finally {
      this.flushing = false;
    }
  }

  private async flushHelpline(helplineId: string, stream: HelplineStream): Promise<void> {
    const version = await this.aggregates.versionOf(helplineId);
    const now = Date.now();
    if (version === stream.version && now - stream.builtAt < REFRESH_EVERY_MS) return;
    const next = await this.snapshots.build(helplineId);
    stream.version = version;
    stream.builtAt = now;
    if (now - stream.chartAt < CHART_EVERY_MS) next.chart = stream.snapshot.chart;
    else stream.chartAt = now;
    // Nothing moved: the refresh still goes out, as just the time, so a page can tell a quiet helpline from a dead link.
    const parts = changedParts(stream.snapshot, next) ?? { generatedAt: next.generatedAt };
    const seenAlerts = new Set(stream.snapshot.alerts.map((alert) => alert.id));
    stream.snapshot = next;
    stream.seq += 1;
    const room = this.namespace!.local.to(supervisorRoom(helplineId));
    for (const alert of next.alerts) if (!seenAlerts.has(alert.id)) room.emit('metrics.alert', alert);
    room.emit('metrics.changed', { seq: stream.seq, parts } satisfies MetricsMessage);
  }
}

/** The parts of `next` that differ from `previous` (with the time they were built), or undefined when none do. */
export function changedParts(
  previous: SupervisorSnapshot,
  next: SupervisorSnapshot,
): Partial<SupervisorSnapshot> | undefined {
  const parts: Partial<Record<SnapshotPart, unknown>> = {};
  for (const key of Object.keys(next) as (keyof SupervisorSnapshot)[]) {
    if (key === 'helplineId' || key === 'generatedAt') continue;
    if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) parts[key] = next[key];
  }
  if (Object.keys(parts).length === 0) return undefined;
  return { ...(parts as Partial<SupervisorSnapshot>), generatedAt: next.generatedAt };
}
