import type { OverdueCallback, ScopeFigures, SurgeAlert } from '@tuki/contracts';
import { make } from '../shared/dom';
import { formatClock, formatDuration, formatRate, secondsSince } from './format';
import { setAttribute, setText, syncKeyed } from './keyed-rows';

/*
 * The overdue callbacks and the surge alerts. Ids, queue names and times only: a callback's number never reaches
 * the dashboard (the contract carries none).
 */

/** How long a new alert stays highlighted. */
const NEW_FOR_MS = 5 * 60_000;
/** The alert list shows this many; the server keeps its own history. */
const ALERTS_SHOWN = 20;

const LEVELS = ['normal', 'elevated', 'surge', 'critical'];

export function alertWords(alert: SurgeAlert): string {
  const direction = LEVELS.indexOf(alert.to) > LEVELS.indexOf(alert.from) ? 'rose' : 'fell';
  return `${alert.label}: surge level ${direction} from ${alert.from} to ${alert.to} (${formatRate(alert.ratio)}× usual)`;
}

export function renderOverdue(
  list: HTMLOListElement,
  empty: HTMLElement,
  overdue: readonly OverdueCallback[],
  queues: readonly ScopeFigures[],
  timeZone: string,
  serverNow: number,
): void {
  const names = new Map(queues.map((queue) => [queue.id, queue.label]));
  // The longest overdue first: the oldest broken promise.
  const ordered = [...overdue].sort((a, b) => a.promisedBy - b.promisedBy);
  syncKeyed(
    list,
    ordered,
    (callback) => callback.callbackId,
    () => make('li'),
    (item, callback) =>
      setText(
        item,
        `${names.get(callback.queueId) ?? 'Unknown queue'} · callback ${callback.callbackId.slice(0, 8)} · ` +
          `promised by ${formatClock(callback.promisedBy, timeZone)} · ` +
          `${formatDuration(secondsSince(callback.promisedBy, serverNow))} late`,
      ),
  );
  empty.hidden = overdue.length > 0;
}

/**
 * The alert list, newest first. An alert the page has not seen before (pushed by `metrics.alert`, or arriving in a
 * change) is highlighted and announced once through the banner; those in the first snapshot are history.
 */
export class AlertsView {
  private readonly seen = new Set<string>();
  /** Alerts new to this page, with the page time they came: highlighted for NEW_FOR_MS. */
  private readonly newSince = new Map<string, number>();
  private known: SurgeAlert[] = [];
  private primed = false;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly empty: HTMLElement,
    private readonly banner: HTMLElement,
  ) {}

  /** The snapshot's alerts part (newest first). */
  merge(alerts: readonly SurgeAlert[], pageNow: number): void {
    for (const alert of alerts) this.add(alert, pageNow, this.primed);
    this.primed = true;
  }

  /** A pushed alert: shown and announced at once. */
  push(alert: SurgeAlert, pageNow: number): void {
    this.add(alert, pageNow, true);
  }

  render(timeZone: string, pageNow: number): void {
    syncKeyed(
      this.list,
      this.known.slice(0, ALERTS_SHOWN),
      (alert) => alert.id,
      () => {
        const item = make('li');
        item.append(
          make('time'),
          make('span', undefined, { class: 'alert-text' }),
          make('strong', 'New', { class: 'badge' }),
        );
        return item;
      },
      (item, alert) => {
        const [time, text, badge] = Array.from(item.children) as HTMLElement[];
        setText(time, formatClock(alert.at, timeZone));
        setAttribute(time, 'datetime', new Date(alert.at).toISOString());
        setText(text, ` ${alertWords(alert)} `);
        const since = this.newSince.get(alert.id);
        const fresh = since !== undefined && pageNow - since < NEW_FOR_MS;
        item.classList.toggle('new', fresh);
        badge.hidden = !fresh;
        item.dataset.level = alert.to;
      },
    );
    this.empty.hidden = this.known.length > 0;
  }

  private add(alert: SurgeAlert, pageNow: number, announce: boolean): void {
    if (this.seen.has(alert.id)) return;
    this.seen.add(alert.id);
    this.known = [alert, ...this.known].sort((a, b) => b.at - a.at).slice(0, ALERTS_SHOWN);
    if (!announce) return;
    this.newSince.set(alert.id, pageNow);
    // The banner is a role=alert region: writing into it is what makes assistive technology speak.
    this.banner.textContent = alertWords(alert);
  }
}
