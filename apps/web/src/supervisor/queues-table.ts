import type { MetricWindowName, ScopeFigures } from '@tuki/contracts';
import { make } from '../shared/dom';
import { formatDuration, formatPercent, formatTarget, secondsSince } from './format';
import { setAttribute, setText, syncKeyed } from './keyed-rows';
import { abandonmentStatus, serviceLevelStatus, surgeStatus, waitStatus, type Status } from './thresholds';

/*
 * One row per routing queue, with the two things a supervisor changes during a surge: opening or closing the queue,
 * and the estimated wait past which callers are offered a callback first.
 */

/** What the queue's own record says (GET /routing-queues); the snapshot carries only figures. */
export interface QueueSettings {
  /** Switched on by a supervisor; the snapshot's `open` also counts opening hours. */
  switchedOn: boolean;
  callbackOfferAfterWaitSeconds: number | null;
}

/** The requests behind the row's controls; each reports its own failure to the supervisor and resolves anyway. */
export interface QueueActions {
  setOpen(queueId: string, open: boolean): Promise<void>;
  /** null: never offer a callback first. Resolves true once saved. */
  setCallbackThreshold(queueId: string, seconds: number | null): Promise<boolean>;
}

interface RowNodes {
  name: HTMLElement;
  state: HTMLElement;
  waiting: HTMLElement;
  oldest: HTMLElement;
  serviceLevel: HTMLElement;
  abandonment: HTMLElement;
  callbacks: HTMLElement;
  surge: HTMLElement;
  toggle: HTMLButtonElement;
  threshold: HTMLInputElement;
  thresholdLabel: HTMLElement;
}

const MAX_THRESHOLD_SECONDS = 86_400;

export class QueuesTable {
  private readonly rows = new WeakMap<HTMLElement, RowNodes>();

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly actions: QueueActions,
  ) {}

  render(
    queues: readonly ScopeFigures[],
    settings: ReadonlyMap<string, QueueSettings>,
    window: MetricWindowName,
    serverNow: number,
  ): void {
    const ordered = [...queues].sort((a, b) => a.label.localeCompare(b.label));
    syncKeyed(
      this.body,
      ordered,
      (queue) => queue.id,
      (queue) => this.createRow(queue.id),
      (row, queue) => this.updateRow(row, queue, settings.get(queue.id), window, serverNow),
    );
  }

  private createRow(queueId: string): HTMLTableRowElement {
    const row = make('tr');
    const cell = () => make('td');
    const name = make('th', undefined, { scope: 'row' });
    const [state, waiting, oldest, serviceLevel, abandonment, callbacks, surge] = Array.from({ length: 7 }, cell);
    const toggle = make('button', 'Close', { type: 'button', class: 'queue-toggle' });
    toggle.addEventListener('click', () => void this.toggle(queueId, toggle));

    const form = make('form', undefined, { class: 'threshold' });
    const inputId = `threshold-${queueId}`;
    const thresholdLabel = make('label', 'Offer a callback after (seconds)', {
      for: inputId,
      class: 'visually-hidden',
    });
    const threshold = make('input', undefined, {
      id: inputId,
      type: 'number',
      min: '0',
      max: String(MAX_THRESHOLD_SECONDS),
      step: '1',
      inputmode: 'numeric',
      class: 'threshold-input',
    });
    // Typed but not saved: the live updates must not overwrite what the supervisor is typing.
    threshold.addEventListener('input', () => (threshold.dataset.dirty = 'true'));
    form.append(thresholdLabel, threshold, make('button', 'Save', { type: 'submit' }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveThreshold(queueId, threshold);
    });
    const actions = make('td');
    actions.append(toggle);
    const thresholdCell = make('td');
    thresholdCell.append(form);

    row.append(name, state, waiting, oldest, serviceLevel, abandonment, callbacks, surge, actions, thresholdCell);
    this.rows.set(row, {
      name,
      state,
      waiting,
      oldest,
      serviceLevel,
      abandonment,
      callbacks,
      surge,
      toggle,
      threshold,
      thresholdLabel,
    });
    return row;
  }

  private updateRow(
    row: HTMLTableRowElement,
    queue: ScopeFigures,
    settings: QueueSettings | undefined,
    window: MetricWindowName,
    serverNow: number,
  ): void {
    const nodes = this.rows.get(row)!;
    const figures = queue.windows[window];
    const target = queue.target ?? null;
    setText(nodes.name, queue.label);

    const switchedOn = settings?.switchedOn ?? queue.open ?? false;
    const stateText = queue.open ? 'Open' : switchedOn ? 'Closed (outside opening hours)' : 'Closed';
    setText(nodes.state, stateText);
    setAttribute(row, 'data-open', String(queue.open === true));

    setText(nodes.waiting, String(queue.waiting));
    setAttribute(nodes.waiting, 'data-value', String(queue.waiting));
    const oldest = secondsSince(queue.oldestWaitingSince, serverNow);
    setText(nodes.oldest, oldest === null ? '—' : formatDuration(oldest));
    setAttribute(nodes.oldest, 'data-value', oldest === null ? '' : String(Math.floor(oldest)));
    this.judge(nodes.oldest, oldest === null || !target ? 'none' : waitStatus(oldest, target));

    const { answeredOnly, withAbandons } = figures.serviceLevel;
    setText(nodes.serviceLevel, `${formatPercent(answeredOnly)} · ${formatPercent(withAbandons)}`);
    setAttribute(nodes.serviceLevel, 'title', target ? `Target ${formatTarget(target)}` : '');
    this.judge(nodes.serviceLevel, target ? serviceLevelStatus(answeredOnly, target) : 'none');

    setText(nodes.abandonment, formatPercent(figures.abandonmentRate, 1));
    this.judge(nodes.abandonment, abandonmentStatus(figures.abandonmentRate));

    const { pending, due, overdue } = queue.callbacks;
    setText(nodes.callbacks, `${pending} / ${due} / ${overdue}`);
    this.judge(nodes.callbacks, overdue > 0 ? 'bad' : 'none');

    setText(nodes.surge, queue.surge ? queue.surge.level : '—');
    this.judge(nodes.surge, surgeStatus(queue.surge?.level));

    const busy = nodes.toggle.dataset.busy === 'true';
    nodes.toggle.disabled = busy || settings === undefined;
    setText(nodes.toggle, switchedOn ? 'Close' : 'Open');
    setAttribute(nodes.toggle, 'aria-label', `${switchedOn ? 'Close' : 'Open'} queue ${queue.label}`);
    nodes.toggle.dataset.switchedOn = String(switchedOn);

    setText(nodes.thresholdLabel, `Offer a callback in ${queue.label} after (seconds; empty: never)`);
    const editing = document.activeElement === nodes.threshold || nodes.threshold.dataset.dirty === 'true';
    if (settings && !editing) {
      const value =
        settings.callbackOfferAfterWaitSeconds === null ? '' : String(settings.callbackOfferAfterWaitSeconds);
      if (nodes.threshold.value !== value) nodes.threshold.value = value;
    }
  }

  /** Colour a cell by status; the words are in the cell, the colour is a second cue. */
  private judge(cell: HTMLElement, status: Status): void {
    setAttribute(cell, 'data-status', status);
  }

  private async toggle(queueId: string, button: HTMLButtonElement): Promise<void> {
    button.dataset.busy = 'true';
    button.disabled = true;
    try {
      await this.actions.setOpen(queueId, button.dataset.switchedOn !== 'true');
    } finally {
      button.dataset.busy = 'false';
      button.disabled = false;
    }
  }

  private async saveThreshold(queueId: string, input: HTMLInputElement): Promise<void> {
    const text = input.value.trim();
    const seconds = text === '' ? null : Number(text);
    if (seconds !== null && (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_THRESHOLD_SECONDS)) {
      input.setCustomValidity(`A whole number of seconds from 0 to ${MAX_THRESHOLD_SECONDS}, or empty for never`);
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    // Kept as typed when the save fails, so the supervisor can correct it and try again.
    if (await this.actions.setCallbackThreshold(queueId, seconds)) delete input.dataset.dirty;
  }
}
