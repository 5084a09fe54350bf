import { ApiError, make } from '../shared/dom';
import { inputField } from '../shared/fields';
import { clearFieldErrors, showFieldErrors } from './field-errors';
import type { Problems } from './form-values';

/*
 * Building blocks of the administration forms: labelled fields named by the api's field path (`data-field`), so a
 * refusal lands beside the right field, and one way to save (clear the last problems, send, show the new ones).
 */

let sequence = 0;

/** A unique element id for a field of a form (several editors can be open in one page over its life). */
export function fieldId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/[^a-z0-9]+/gi, '-')}-${++sequence}`;
}

/** A labelled text input for the api's field `path`, with an optional hint read with the field. */
export function textField(
  prefix: string,
  path: string,
  label: string,
  value: string,
  options: { hint?: string; attributes?: Record<string, string> } = {},
): { wrapper: HTMLElement; input: HTMLInputElement } {
  const id = fieldId(prefix, path);
  const field = inputField(id, label, { 'data-field': path, ...(options.attributes ?? {}) });
  field.input.value = value;
  if (options.hint) {
    const hint = make('p', options.hint, { id: `${id}-hint`, class: 'hint' });
    field.input.setAttribute('aria-describedby', hint.id);
    field.wrapper.append(hint);
  }
  return field;
}

/** A whole-number field (typed as text with a numeric keyboard, so the server, not the browser, judges the value). */
export function numberField(
  prefix: string,
  path: string,
  label: string,
  value: number | null | undefined,
  hint?: string,
): { wrapper: HTMLElement; input: HTMLInputElement } {
  return textField(prefix, path, label, value === null || value === undefined ? '' : String(value), {
    hint,
    attributes: { inputmode: 'decimal', autocomplete: 'off' },
  });
}

/** A checkbox with its label after it. */
export function checkField(
  prefix: string,
  path: string,
  label: string,
  checked: boolean,
): { wrapper: HTMLElement; input: HTMLInputElement } {
  const id = fieldId(prefix, path);
  const input = make('input', undefined, { id, type: 'checkbox', 'data-field': path });
  input.checked = checked;
  const wrapper = make('div', undefined, { class: 'check' });
  wrapper.append(input, make('label', label, { for: id }));
  return { wrapper, input };
}

/** The page's own problems as a refusal shaped like the server's, so they show the same way. */
export function refusalOf(problems: Problems): ApiError | undefined {
  if (problems.list.length === 0) return undefined;
  return new ApiError(problems.list.join('; '), 400, 'VALIDATION_FAILED', { problems: problems.list });
}

/**
 * Saves a form: clears its last problems, runs `work` with its submit button disabled, and on a refusal shows each
 * problem beside its field with a summary on top (focused). Returns whether it saved.
 */
export async function save(
  form: HTMLFormElement,
  announce: (text: string) => void,
  work: () => Promise<void>,
): Promise<boolean> {
  clearFieldErrors(form);
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
  for (const button of buttons) button.disabled = true;
  try {
    await work();
    return true;
  } catch (error) {
    const count = showFieldErrors(form, error);
    announce(count === 1 ? 'Not saved: there is a problem.' : `Not saved: there are ${count} problems.`);
    return false;
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** A form with a heading (h3), built into `root`; `onSubmit` runs on submit, never the browser's own validation. */
export function editorForm(
  heading: string,
  onSubmit: (form: HTMLFormElement) => void,
): { form: HTMLFormElement; heading: HTMLHeadingElement } {
  const form = make('form', undefined, { class: 'editor', novalidate: '' });
  const title = make('h3', heading, { tabindex: '-1' });
  form.append(title);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(form);
  });
  return { form, heading: title };
}

/** A button whose accessible name says what it acts on ("Edit maija.k"), showing only the verb. */
export function actionButton(
  verb: string,
  subject: string,
  onClick: () => void,
  className?: string,
): HTMLButtonElement {
  const button = make('button', verb, { type: 'button', ...(className ? { class: className } : {}) });
  button.append(make('span', ` ${subject}`, { class: 'visually-hidden' }));
  button.addEventListener('click', onClick);
  return button;
}
