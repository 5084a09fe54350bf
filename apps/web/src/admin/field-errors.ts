import { ApiError, make } from '../shared/dom';

/*
 * Shows a refused save next to the fields it names. The api names bad fields in two shapes:
 *  - the validation pipe's 400 (`VALIDATION_FAILED`): one message, problems joined by "; ", each starting with the
 *    field's path (`callbackPolicy.maxAttempts must not be greater than 10`, `widening.0.relaxBy must be ...`,
 *    `foo: property foo should not exist`);
 *  - domain validation (`INVALID_QUEUE_DEFINITION`, settings documents): "path: problem" strings, in
 *    `details.problems` when the error carries them, else joined by "; " in the message
 *    (`openingHours.weekly.mon[0].close: must be after open`, `maxWaitSeconds and overflowQueueId go together`).
 * A form marks its fields with `data-field="callbackPolicy.maxAttempts"` (or a `name`); a problem goes to the most
 * specific field that matches its path or one of its parents (`callbackPolicy.retryDelaysSeconds.1` to the delays
 * input), and whatever names no field of the form goes to the summary only.
 */

/** One problem the server named: the field's path (dots, indexes as segments) when the text starts with one. */
export interface FieldProblem {
  /** `callbackPolicy.retryDelaysSeconds.1`; null when the text does not start with a path. */
  path: string | null;
  /** The problem without its path (`must be after open`), or the whole text when there is no path. */
  problem: string;
  /** The text as the server said it. */
  text: string;
}

/** The server's error body as far as this helper reads it (ApiError has this shape). */
export interface RefusalLike {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const PATH_FIRST = /^([A-Za-z_$][\w$-]*(?:\.[\w$-]+|\[\d+\])*)(?::\s*|\s+)([\s\S]+)$/;

/** `weekly.mon[0].close` -> `weekly.mon.0.close`: the validation pipe and the domain write indexes differently. */
export function normalisePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

/** Splits "path: problem" or "path problem" (class-validator's shape); the path is only a candidate until resolved. */
export function splitProblem(text: string): FieldProblem {
  const trimmed = text.trim();
  const match = PATH_FIRST.exec(trimmed);
  if (!match) return { path: null, problem: trimmed, text: trimmed };
  return { path: normalisePath(match[1]), problem: match[2].trim(), text: trimmed };
}

/** Every problem a refusal names; a refusal that is not about fields (a conflict, a lost network) is one problem. */
export function problemsOf(error: RefusalLike): FieldProblem[] {
  const listed = error.details?.problems;
  if (Array.isArray(listed) && listed.every((item) => typeof item === 'string') && listed.length > 0) {
    return listed.map(splitProblem);
  }
  if (error.status === 400) {
    return error.message
      .split('; ')
      .filter((part) => part.trim() !== '')
      .map(splitProblem);
  }
  return [{ path: null, problem: error.message, text: error.message }];
}

/**
 * The form field a path belongs to: the path itself or its nearest parent, each tried exactly and then as the unique
 * field whose path ends with it (a domain rule that says `maxAttempts:` about the form's `callbackPolicy.maxAttempts`).
 */
export function resolveField(path: string, fieldPaths: readonly string[]): string | undefined {
  return resolve(path, fieldPaths)?.field;
}

function resolve(path: string, fieldPaths: readonly string[]): { field: string; rest: string[] } | undefined {
  const segments = normalisePath(path).split('.');
  for (let length = segments.length; length > 0; length--) {
    const candidate = segments.slice(0, length).join('.');
    const endings = fieldPaths.filter((field) => field.endsWith(`.${candidate}`));
    const field = fieldPaths.includes(candidate) ? candidate : endings.length === 1 ? endings[0] : undefined;
    if (field !== undefined) return { field, rest: segments.slice(length) };
  }
  return undefined;
}

/** `['1']` -> `item 2`, `['0', 'close']` -> `item 1, close`: the part of a field a problem is about, for people. */
function describeRest(rest: readonly string[]): string {
  return rest.map((segment) => (/^\d+$/.test(segment) ? `item ${Number(segment) + 1}` : segment)).join(', ');
}

/** Problems grouped by the form field they belong to, and those that belong to none (in the server's order). */
export interface MappedProblems {
  byField: Map<string, string[]>;
  general: string[];
}

export function mapProblems(problems: readonly FieldProblem[], fieldPaths: readonly string[]): MappedProblems {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const problem of problems) {
    const found = problem.path === null ? undefined : resolve(problem.path, fieldPaths);
    if (found === undefined) {
      general.push(problem.text);
      continue;
    }
    // About the field itself: the problem alone. About a part of it (a list item): say which part.
    const text = found.rest.length === 0 ? problem.problem : `${describeRest(found.rest)}: ${problem.problem}`;
    byField.set(found.field, [...(byField.get(found.field) ?? []), text]);
  }
  return { byField, general };
}

// ---- DOM ----

const FIELD_SELECTOR = '[data-field], input[name], select[name], textarea[name]';
const BEFORE = 'describedbyBefore';
let generated = 0;

function pathOf(element: HTMLElement): string {
  return element.dataset.field ?? element.getAttribute('name') ?? '';
}

function idOf(element: HTMLElement): string {
  if (!element.id) element.id = `field-${++generated}`;
  return element.id;
}

function labelOf(form: HTMLElement, element: HTMLElement): string {
  if (element instanceof HTMLFieldSetElement) {
    const legend = element.querySelector('legend');
    if (legend?.textContent) return legend.textContent.trim();
  }
  const label = element.id ? form.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null;
  return label?.textContent?.trim() || element.getAttribute('aria-label') || pathOf(element);
}

/** The controls that carry aria-invalid: the field itself, or the inputs inside a fieldset. */
function controlsOf(element: HTMLElement): HTMLElement[] {
  if (element instanceof HTMLFieldSetElement || !('value' in element)) {
    return [...element.querySelectorAll<HTMLElement>('input, select, textarea')];
  }
  return [element];
}

function describe(control: HTMLElement, errorId: string): void {
  if (control.dataset[BEFORE] === undefined) control.dataset[BEFORE] = control.getAttribute('aria-describedby') ?? '';
  const ids = control.dataset[BEFORE] ? `${control.dataset[BEFORE]} ${errorId}` : errorId;
  control.setAttribute('aria-describedby', ids);
  control.setAttribute('aria-invalid', 'true');
}

/** Removes what showFieldErrors added (call before a new save, or when the form is reset). */
export function clearFieldErrors(form: HTMLElement): void {
  form.querySelectorAll('.field-error, .error-summary').forEach((node) => node.remove());
  form.querySelectorAll<HTMLElement>('[aria-invalid]').forEach((control) => {
    control.removeAttribute('aria-invalid');
    const before = control.dataset[BEFORE];
    if (before === undefined) return;
    if (before) control.setAttribute('aria-describedby', before);
    else control.removeAttribute('aria-describedby');
    delete control.dataset[BEFORE];
  });
}

/**
 * Shows a refused save: each bad field's message right after the field (aria-invalid, aria-describedby), and a
 * summary at the top of the form (under its heading) listing every problem, each a button that moves to its field; the summary takes the
 * focus so a screen reader reads it at once. Any other error (a 409, the network) shows in the summary alone.
 * Returns how many problems were shown.
 */
export function showFieldErrors(form: HTMLElement, error: unknown): number {
  clearFieldErrors(form);
  const refusal: RefusalLike =
    error instanceof ApiError
      ? error
      : { status: 0, code: 'NETWORK', message: (error as Error)?.message || 'The request failed' };
  const fields = [...form.querySelectorAll<HTMLElement>(FIELD_SELECTOR)].filter((element) => pathOf(element));
  const fieldByPath = new Map<string, HTMLElement>();
  for (const field of fields) if (!fieldByPath.has(pathOf(field))) fieldByPath.set(pathOf(field), field);
  const { byField, general } = mapProblems(problemsOf(refusal), [...fieldByPath.keys()]);

  const list = make('ul');
  for (const text of general) list.append(make('li', text));
  for (const [path, texts] of byField) {
    const field = fieldByPath.get(path);
    if (!field) continue;
    const errorId = `${idOf(field)}-error`;
    const message = make('p', texts.join('; '), { id: errorId, class: 'field-error' });
    if (field instanceof HTMLFieldSetElement) field.append(message);
    else field.insertAdjacentElement('afterend', message);
    for (const control of controlsOf(field)) describe(control, errorId);
    const label = labelOf(form, field);
    const target = controlsOf(field)[0] ?? field;
    for (const text of texts) {
      const jump = make('button', `${label}: ${text}`, { type: 'button', class: 'link-button' });
      jump.addEventListener('click', () => target.focus());
      const item = make('li');
      item.append(jump);
      list.append(item);
    }
  }
  const count = list.children.length;
  const heading = make('h3', count === 1 ? 'There is a problem' : `There are ${count} problems`, {
    id: `${idOf(form)}-error-summary`,
  });
  const summary = make('div', undefined, {
    class: 'error-summary',
    tabindex: '-1',
    role: 'group',
    'aria-labelledby': heading.id,
  });
  summary.append(heading, list);
  // At the top of the form, under its own heading when it starts with one.
  const first = form.firstElementChild;
  if (first && /^H[1-6]$/.test(first.tagName)) first.insertAdjacentElement('afterend', summary);
  else form.prepend(summary);
  summary.focus();
  return count;
}
