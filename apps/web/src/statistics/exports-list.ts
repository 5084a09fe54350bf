import type { StatisticsExportView } from '@tuki/contracts';
import { element, make, show } from '../shared/dom';
import { DIMENSION_LABELS, REPORT_LABELS, STATE_LABELS } from './labels';

/** What a done export offers: a download in either format, and a preview of its first table. */
export interface ExportActions {
  download(view: StatisticsExportView, format: 'csv' | 'json'): Promise<void>;
  preview(view: StatisticsExportView): Promise<void>;
}

interface Row {
  node: HTMLLIElement;
  title: HTMLHeadingElement;
  state: HTMLElement;
  progress: HTMLProgressElement;
  percent: HTMLElement;
  detail: HTMLElement;
  actions: HTMLElement;
  /** The state the actions were drawn for: they are drawn once when it changes, so focus stays on a button. */
  drawnFor: string;
}

const time = (ms: number) => new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The analyst's exports, newest first. Rows are kept by id and updated in place on each poll, so a button that has
 * focus keeps it while the list moves.
 */
export class ExportsList {
  private readonly list = element<HTMLOListElement>('exports');
  private readonly rows = new Map<string, Row>();

  constructor(private readonly actions: ExportActions) {}

  render(views: StatisticsExportView[]): void {
    const seen = new Set<string>();
    let previous: HTMLElement | null = null;
    for (const view of views) {
      seen.add(view.id);
      const row = this.rows.get(view.id) ?? this.create(view);
      this.update(row, view);
      // Keep the server's order (newest first) without moving rows that are already in place.
      const expected: Element | null = previous ? previous.nextElementSibling : this.list.firstElementChild;
      if (expected !== row.node) {
        if (previous) previous.after(row.node);
        else this.list.prepend(row.node);
      }
      previous = row.node;
    }
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.node.remove();
        this.rows.delete(id);
      }
    }
    show(element('exports-empty'), views.length === 0);
  }

  clear(): void {
    this.render([]);
  }

  private create(view: StatisticsExportView): Row {
    const node = make('li', undefined, { class: 'export', 'data-export': view.id });
    const title = make('h3', undefined, { id: `export-title-${view.id}` });
    const state = make('p', undefined, { class: 'state' });
    const progressLine = make('div', undefined, { class: 'progress-line' });
    const progress = make('progress', undefined, { max: '100', 'aria-labelledby': `export-title-${view.id}` });
    const percent = make('span', undefined, { class: 'percent', 'aria-hidden': 'true' });
    progressLine.append(progress, percent);
    const detail = make('p', undefined, { class: 'hint' });
    const actions = make('div', undefined, { class: 'actions' });
    node.append(title, detail, state, progressLine, actions);
    const row: Row = { node, title, state, progress, percent, detail, actions, drawnFor: '' };
    this.rows.set(view.id, row);
    return row;
  }

  private update(row: Row, view: StatisticsExportView): void {
    const q = view.query;
    const range = q.from === q.to ? q.from : `${q.from} to ${q.to}`;
    row.title.textContent = `${REPORT_LABELS[view.report]}, ${range}`;
    const by =
      view.report === 'custom'
        ? q.dimensions.length > 0
          ? `by ${q.dimensions.map((d) => DIMENSION_LABELS[d].toLowerCase()).join(', ')}`
          : 'totals only'
        : 'channel, reason, age band, gender';
    row.detail.textContent = `${by} · requested ${time(view.createdAt)}`;
    row.node.dataset.state = view.state;
    // Words first: the state never depends on the bar's colour.
    row.state.textContent =
      `State: ${STATE_LABELS[view.state]}` + (view.state === 'failed' && view.error ? ` (${view.error})` : '');
    row.progress.value = view.progress;
    row.progress.setAttribute('aria-valuetext', `${view.progress}%, ${STATE_LABELS[view.state].toLowerCase()}`);
    row.percent.textContent = `${view.progress}%`;
    if (row.drawnFor === view.state) return;
    row.drawnFor = view.state;
    row.actions.replaceChildren();
    if (view.state !== 'done') return;
    const label = row.title.textContent;
    const button = (text: string, name: string, act: () => Promise<void>) => {
      const node = make('button', text, { type: 'button', 'aria-label': `${text}: ${label}` });
      node.dataset.action = name;
      node.addEventListener('click', () => {
        node.disabled = true;
        void act().finally(() => (node.disabled = false));
      });
      return node;
    };
    row.actions.append(
      button('Preview', 'preview', () => this.actions.preview(view)),
      button('Download CSV', 'csv', () => this.actions.download(view, 'csv')),
      button('Download JSON', 'json', () => this.actions.download(view, 'json')),
    );
  }
}
