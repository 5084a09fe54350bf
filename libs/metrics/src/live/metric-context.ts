import { Inject, Injectable } from '@nestjs/common';
import {
  HELPLINE_DIRECTORY,
  QUEUE_DIRECTORY,
  type HelplineDirectory,
  type QueueDirectory,
  type QueueSummary,
} from '@tuki/contracts';
import { Clock } from '@tuki/platform';
import type { EffectContext } from './event-effects';

/** How long a helpline's queue definitions are reused: a changed target shows within this time on every process. */
const QUEUES_TTL_MS = 5_000;
/** Target answer time assumed for a queue no longer defined (an event from before it was removed). */
const FALLBACK_TARGET_SECONDS = 20;

/**
 * What the live metrics need to know of a helpline beyond its events: its queues (names, targets, languages, opening
 * hours) and its time zone, read through the directories the app wires in and cached briefly.
 */
@Injectable()
export class MetricContext {
  private readonly queues = new Map<string, { at: number; queues: Promise<QueueSummary[]> }>();
  private readonly zones = new Map<string, Promise<string>>();
  private readonly dayFormats = new Map<string, Intl.DateTimeFormat>();

  constructor(
    @Inject(QUEUE_DIRECTORY) private readonly queueDirectory: QueueDirectory,
    @Inject(HELPLINE_DIRECTORY) private readonly helplines: HelplineDirectory,
    private readonly clock: Clock,
  ) {}

  async queuesOf(helplineId: string): Promise<QueueSummary[]> {
    const now = this.clock.nowMs();
    const cached = this.queues.get(helplineId);
    if (cached && now - cached.at < QUEUES_TTL_MS) return cached.queues;
    const queues = this.queueDirectory.queuesOf(helplineId);
    this.queues.set(helplineId, { at: now, queues });
    queues.catch(() => this.queues.delete(helplineId));
    return queues;
  }

  /** Reads the helpline's queues again on next use (a queue was defined or changed). */
  forget(helplineId: string): void {
    this.queues.delete(helplineId);
  }

  /** The queues' targets, for the events given: a queue this process has not seen yet is looked up again at once. */
  async effectContext(helplineId: string, queueIds: string[] = []): Promise<EffectContext> {
    let queues = await this.queuesOf(helplineId);
    if (queueIds.some((id) => !queues.some((q) => q.id === id))) {
      this.forget(helplineId);
      queues = await this.queuesOf(helplineId);
    }
    const targets = new Map(queues.map((q) => [q.id, q.targetAnswerSeconds]));
    return { targetAnswerSecondsOf: (queueId) => targets.get(queueId) ?? FALLBACK_TARGET_SECONDS };
  }

  /** A helpline's zone does not change under a running deployment often enough to re-read it. */
  timeZoneOf(helplineId: string): Promise<string> {
    let zone = this.zones.get(helplineId);
    if (!zone) {
      zone = this.helplines.timeZoneOf(helplineId);
      this.zones.set(helplineId, zone);
      zone.catch(() => this.zones.delete(helplineId));
    }
    return zone;
  }

  /** The local day (YYYY-MM-DD) of a moment in a zone. */
  dayIn(timeZone: string, at: number): string {
    let format = this.dayFormats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      this.dayFormats.set(timeZone, format);
    }
    return format.format(at);
  }
}
