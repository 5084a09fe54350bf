import { make } from '../shared/dom';

/*
 * Labelled form controls shared by the staff pages (agent desk, administration). `attributes` go on the control
 * itself: a `data-field` there names the field a server's refusal may point at (see admin/field-errors.ts).
 */

/** A labelled select; `options` are [value, shown text]. */
export function selectField(
  id: string,
  text: string,
  options: [string, string][],
  value?: string,
  attributes: Record<string, string> = {},
): { wrapper: HTMLElement; select: HTMLSelectElement } {
  const select = make('select', undefined, { id, ...attributes });
  select.append(...options.map(([code, shown]) => make('option', shown, { value: code })));
  if (value !== undefined) select.value = value;
  const wrapper = make('div', undefined, { class: 'field' });
  wrapper.append(make('label', text, { for: id }), select);
  return { wrapper, select };
}

/** A labelled text input. */
export function inputField(
  id: string,
  text: string,
  attributes: Record<string, string> = {},
): { wrapper: HTMLElement; input: HTMLInputElement } {
  const input = make('input', undefined, { id, autocomplete: 'off', ...attributes });
  const wrapper = make('div', undefined, { class: 'field' });
  wrapper.append(make('label', text, { for: id }), input);
  return { wrapper, input };
}

/** Checkboxes in a fieldset with a legend; returns the chosen values on demand. */
export function checkboxGroup(
  idPrefix: string,
  legend: string,
  options: [string, string][],
  chosen: readonly string[] = [],
  attributes: Record<string, string> = {},
): { fieldset: HTMLFieldSetElement; values(): string[] } {
  const fieldset = make('fieldset', undefined, { class: 'checkboxes', ...attributes });
  fieldset.append(make('legend', legend));
  const boxes: HTMLInputElement[] = [];
  for (const [code, shown] of options) {
    const id = `${idPrefix}-${code.replace(/[^a-z0-9-]/g, '-')}`;
    const box = make('input', undefined, { id, type: 'checkbox', value: code });
    box.checked = chosen.includes(code);
    boxes.push(box);
    const row = make('div', undefined, { class: 'check' });
    row.append(box, make('label', shown, { for: id }));
    fieldset.append(row);
  }
  return { fieldset, values: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}
