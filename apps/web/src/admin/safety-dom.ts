import { make } from '../shared/dom';
import type { PanelContext } from './panel';

/** What the safety panel's parts share: the api, and staff names for ids (from GET /staff/users). */
export interface SafetyContext extends PanelContext {
  /** Staff user id -> display name. */
  names: ReadonlyMap<string, string>;
  /** The signed-in user's id (their own break-glass openings are reviewed by someone else). */
  me: string;
}

/** A captioned table in a scrollable region (the region is focusable, so a keyboard can scroll it). */
export function captionedTable(
  caption: string,
  headers: string[],
): { wrap: HTMLElement; body: HTMLTableSectionElement } {
  const table = make('table');
  const head = make('tr');
  for (const title of headers) head.append(make('th', title, { scope: 'col' }));
  const thead = make('thead');
  thead.append(head);
  const body = make('tbody');
  table.append(make('caption', caption), thead, body);
  const wrap = make('div', undefined, { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption });
  wrap.append(table);
  return { wrap, body };
}

/** A row of cells: text, or a node (a button, a code). */
export function row(cells: (string | Node)[], attributes: Record<string, string> = {}): HTMLTableRowElement {
  const tr = make('tr', undefined, attributes);
  for (const cell of cells) {
    const td = make('td');
    td.append(cell);
    tr.append(td);
  }
  return tr;
}

/** A section of the panel with its h3 heading. */
export function part(id: string, title: string, intro?: string): HTMLElement {
  const section = make('section', undefined, { id, class: 'safety-part', 'aria-labelledby': `${id}-title` });
  section.append(make('h3', title, { id: `${id}-title`, tabindex: '-1' }));
  if (intro) section.append(make('p', intro, { class: 'hint' }));
  return section;
}

/** A form inside a part, with its h4 heading; `onSubmit` runs on submit, never the browser's own validation. */
export function subForm(id: string, title: string, onSubmit: (form: HTMLFormElement) => void): HTMLFormElement {
  const form = make('form', undefined, { id, class: 'editor', novalidate: '', 'aria-labelledby': `${id}-title` });
  form.append(make('h4', title, { id: `${id}-title` }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(form);
  });
  return form;
}
