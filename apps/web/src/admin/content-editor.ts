import { make } from '../shared/dom';
import { getAt, setAt } from './content-values';

/*
 * A list of items edited in place (category groups and their categories, referrals, triage questions and their
 * answers): each item a group of labelled fields with a remove button, an add button after the list. The editor
 * edits the items array it is given (the form's working copy); every field carries its path in the settings document
 * as `data-field`, so a refused save shows each problem next to its field (field-errors.ts).
 */

export interface TextFieldSpec {
  /** Path inside the item: `code`, `label.fi`. */
  path: string;
  label: string;
  /** `code` and `digit` fields are narrow; `long` fields take a whole row. Default `text`. */
  kind?: 'text' | 'code' | 'digit' | 'long';
  /** An optional field left empty is left out of the document. Default true. */
  optional?: boolean;
}

export interface ChoiceFieldSpec {
  path: string;
  label: string;
  kind: 'choice';
  /** [value, shown text]; the first is usually ['', 'None']. */
  options: [string, string][];
}

export type FieldSpec = TextFieldSpec | ChoiceFieldSpec;

export interface ListSpec {
  /** What one item is called in legends and buttons: "category group", "answer". */
  noun: string;
  fields: FieldSpec[];
  /** A list inside each item (a group's categories, a question's answers). */
  nested?: { path: string; spec: ListSpec };
  /** A new item's values. */
  blank(): Record<string, unknown>;
  /** A few words naming an item in its legend (its label), once it has them. */
  describe?(item: Record<string, unknown>): string | undefined;
  /** Items the list keeps at least / at most (remove and add are offered accordingly). Default 0 / unlimited. */
  min?: number;
  max?: number;
  /** Each item folds into a summary line (long lists such as the taxonomy); new items open unfolded. */
  foldable?: boolean;
}

type Item = Record<string, unknown>;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const domId = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * Builds the editor of `items` (edited in place) under `basePath` (`taxonomy`, `triage.0.answers`). Ids start with
 * `idPrefix`, unique on the page; `listName` names the list in a refusal's summary.
 */
export function listEditor(
  idPrefix: string,
  basePath: string,
  items: Item[],
  spec: ListSpec,
  listName?: string,
): HTMLElement {
  const container = make('div', undefined, { class: 'content-list' });
  const opened = new Set<number>();

  const render = (focusIndex?: number) => {
    // A problem about the list as a whole ("every category needs an other entry") shows here, at its top.
    container.replaceChildren(problemAnchor(basePath, `${capitalised(listName ?? `${spec.noun} list`)}`));
    const list = make('ol', undefined, { class: 'content-items' });
    items.forEach((item, index) => list.append(itemEditor(item, index)));
    container.append(list);
    const add = make('button', `Add ${spec.noun}`, { type: 'button', class: 'content-add' });
    add.disabled = spec.max !== undefined && items.length >= spec.max;
    add.addEventListener('click', () => {
      items.push(spec.blank());
      opened.add(items.length - 1);
      render(items.length - 1);
    });
    container.append(add);
    if (focusIndex !== undefined) {
      const target =
        list.children[focusIndex]?.querySelector<HTMLElement>('input, select, textarea') ?? (add.disabled ? null : add);
      target?.focus();
    }
  };

  const itemEditor = (item: Item, index: number): HTMLElement => {
    const path = `${basePath}.${index}`;
    const title = () => {
      const described = spec.describe?.(item);
      return `${capitalised(spec.noun)} ${index + 1}${described ? `: ${described}` : ''}`;
    };
    const fieldset = make('fieldset', undefined, { class: 'content-item' });
    const legend = make('legend', title());
    fieldset.append(legend, problemAnchor(path, title()));
    const row = make('div', undefined, { class: 'row' });
    for (const field of spec.fields) row.append(fieldEditor(idPrefix, path, item, field, () => refreshTitle()));
    fieldset.append(row);
    if (spec.nested) {
      if (!Array.isArray(item[spec.nested.path])) item[spec.nested.path] = [];
      fieldset.append(
        listEditor(
          `${idPrefix}-${index}-${domId(spec.nested.path)}`,
          `${path}.${spec.nested.path}`,
          item[spec.nested.path] as Item[],
          spec.nested.spec,
          `${spec.nested.spec.noun} list of ${spec.noun} ${index + 1}`,
        ),
      );
    }
    const remove = make('button', `Remove ${spec.noun} ${index + 1}`, { type: 'button', class: 'danger' });
    remove.disabled = items.length <= (spec.min ?? 0);
    remove.addEventListener('click', () => {
      items.splice(index, 1);
      const kept = [...opened].filter((at) => at !== index).map((at) => (at > index ? at - 1 : at));
      opened.clear();
      kept.forEach((at) => opened.add(at));
      render();
      container.querySelector<HTMLElement>('.content-add')?.focus();
    });
    const actions = make('div', undefined, { class: 'actions' });
    actions.append(remove);
    fieldset.append(actions);

    const wrapper = make('li');
    let summary: HTMLElement | undefined;
    const refreshTitle = () => {
      legend.textContent = title();
      if (summary) summary.textContent = title();
    };
    if (spec.foldable) {
      const details = make('details', undefined, { class: 'content-fold' });
      summary = make('summary', title());
      details.open = opened.has(index);
      details.addEventListener('toggle', () => (details.open ? opened.add(index) : opened.delete(index)));
      details.append(summary, fieldset);
      wrapper.append(details);
    } else {
      wrapper.append(fieldset);
    }
    return wrapper;
  };

  render();
  return container;
}

/**
 * Where a refusal about a whole item or list is shown: an empty, focusable group named by its path (for the error)
 * and by `name` (for people: its legend, read when the summary moves here), so the problem's message lands there
 * without marking every input of the item or list as invalid.
 */
export function problemAnchor(path: string, name: string): HTMLElement {
  const anchor = make('fieldset', undefined, { class: 'content-anchor', 'data-field': path, tabindex: '-1' });
  anchor.append(make('legend', name, { class: 'visually-hidden' }));
  return anchor;
}

/** One labelled field of an item, writing to the item as it is edited. */
export function fieldEditor(
  idPrefix: string,
  itemPath: string,
  item: Item,
  field: FieldSpec,
  changed: () => void = () => undefined,
): HTMLElement {
  const id = `${idPrefix}-${domId(itemPath)}-${domId(field.path)}`;
  const fullPath = itemPath ? `${itemPath}.${field.path}` : field.path;
  const wrapper = make('div', undefined, { class: `field content-${field.kind ?? 'text'}` });
  wrapper.append(make('label', field.label, { for: id }));
  const current = getAt(item, field.path);
  if (field.kind === 'choice') {
    const select = make('select', undefined, { id, 'data-field': fullPath });
    select.append(...field.options.map(([value, shown]) => make('option', shown, { value })));
    select.value = typeof current === 'string' ? current : '';
    select.addEventListener('change', () => {
      setAt(item, field.path, select.value);
      changed();
    });
    wrapper.append(select);
    return wrapper;
  }
  const attributes: Record<string, string> = { id, 'data-field': fullPath, autocomplete: 'off', spellcheck: 'true' };
  if (field.kind === 'digit') Object.assign(attributes, { inputmode: 'numeric', maxlength: '1', spellcheck: 'false' });
  if (field.kind === 'code') attributes.spellcheck = 'false';
  const input =
    field.kind === 'long'
      ? make('textarea', undefined, { ...attributes, rows: '2' })
      : make('input', undefined, attributes);
  input.value = typeof current === 'string' ? current : '';
  input.addEventListener('input', () => {
    setAt(item, field.path, input.value, field.optional ?? true);
    changed();
  });
  wrapper.append(input);
  return wrapper;
}
