import { ApiError, make } from '../shared/dom';
import { selectField } from '../shared/fields';
import { clearFieldErrors, showFieldErrors } from './field-errors';
import { textField } from './form-kit';
import { captionedTable, part, row, subForm, type SafetyContext } from './safety-dom';
import {
  NO_FILTERS,
  actorWords,
  auditQuery,
  describeVerification,
  formatWhen,
  type AuditFilters,
  type VerificationView,
} from './safety-format';

/*
 * The audit log (supervisors and admins), newest first, filtered by action (or a family such as case.*), who, the
 * kind of object and its id, and a time range; a page of 50 at a time. Beside it the chain's verification, the same
 * check as `npm run cli -- audit verify`: run when the panel opens and again on demand.
 */

interface AuditEntry {
  seq: number;
  occurredAt: number;
  actor: { kind: string; id: string; roles: string[] };
  action: string;
  subjectType: string;
  subjectId: string;
  fields: string[];
  purpose: string;
}

const PAGE = 50;

/** Suggestions for the action filter: families first (a family ends in .*), then some single actions. */
const ACTIONS = [
  'case.*',
  'caller.*',
  'staff.*',
  'routing-queue.*',
  'case-settings.replaced',
  'chat-settings.replaced',
  'telephony-settings.replaced',
  'care-settings.replaced',
  'case.read',
  'case.break-glass',
  'case.break-glass-reviewed',
  'caller.blocked',
  'caller.block-lifted',
];
const SUBJECT_TYPES: [string, string][] = [
  ['', 'Any'],
  ['case', 'Case'],
  ['block', 'Block'],
  ['helpline', 'Helpline settings'],
  ['staff-user', 'Staff account'],
  ['agent', 'Agent profile'],
  ['routing-queue', 'Queue'],
  ['contact', 'Contact'],
  ['statistics-export', 'Statistics export'],
  ['simulation-plan', 'Planner run'],
];

export function auditPart(context: SafetyContext): HTMLElement {
  const section = part(
    'safety-audit',
    'Audit log',
    'Every read and change of a case, every block, settings change and staff change, with who and when. Times are ' +
      'in this browser’s time zone. Nothing here changes the log: no one can.',
  );
  let filters: AuditFilters = { ...NO_FILTERS };
  let oldestShown: number | undefined;

  const form = subForm('audit-filters', 'Filter', () => void show(true));
  const datalist = make('datalist', undefined, { id: 'audit-actions' });
  datalist.append(...ACTIONS.map((action) => make('option', undefined, { value: action })));
  const action = textField('audit', 'action', 'Action', '', {
    hint: 'One action such as case.read, or a family such as case.*',
    attributes: { list: 'audit-actions', spellcheck: 'false' },
  });
  const who = selectField(
    'audit-actor',
    'Who',
    [['', 'Anyone'], ...[...context.names].sort((a, b) => a[1].localeCompare(b[1]))],
    '',
    { 'data-field': 'actorId' },
  );
  const kind = selectField('audit-subject-type', 'Kind of object', SUBJECT_TYPES, '', { 'data-field': 'subjectType' });
  const object = textField('audit', 'subjectId', 'Object id', '', { attributes: { spellcheck: 'false' } });
  const from = textField('audit', 'from', 'From', '', { attributes: { type: 'datetime-local' } });
  const to = textField('audit', 'to', 'Until', '', { attributes: { type: 'datetime-local' } });
  const grid = make('div', undefined, { class: 'row' });
  grid.append(action.wrapper, who.wrapper, kind.wrapper, object.wrapper, from.wrapper, to.wrapper);
  const showButton = make('button', 'Show entries', { type: 'submit', class: 'primary' });
  const reset = make('button', 'Clear filters', { type: 'button' });
  const actions = make('div', undefined, { class: 'actions' });
  actions.append(showButton, reset);
  form.append(datalist, grid, actions);

  const { wrap, body } = captionedTable('Audit entries, newest first', [
    'When',
    'Who',
    'Action',
    'Object',
    'Fields',
    'Purpose',
  ]);
  const status = make('p', '', { class: 'hint', id: 'audit-count' });
  const more = make('button', 'Older entries', { type: 'button' });
  more.hidden = true;

  const entryRow = (entry: AuditEntry) => {
    const objectCell = make('span');
    objectCell.append(`${entry.subjectType} `, make('code', entry.subjectId.slice(0, 8)));
    const only = make('button', 'only this', { type: 'button', class: 'audit-only' });
    only.append(make('span', ` ${entry.subjectType} ${entry.subjectId.slice(0, 8)}`, { class: 'visually-hidden' }));
    only.addEventListener('click', () => {
      kind.select.value = SUBJECT_TYPES.some(([code]) => code === entry.subjectType) ? entry.subjectType : '';
      object.input.value = entry.subjectId;
      void show(true);
    });
    objectCell.append(' ', only);
    return row(
      [
        formatWhen(entry.occurredAt),
        actorWords(entry.actor, context.names),
        make('code', entry.action),
        objectCell,
        entry.fields.join(', ') || '—',
        entry.purpose,
      ],
      { 'data-seq': String(entry.seq) },
    );
  };

  /** `fresh`: a new filter (else the next, older page); `say`: the count in the live region too. */
  const show = async (fresh: boolean, say = true) => {
    clearFieldErrors(form);
    if (fresh) {
      filters = {
        action: action.input.value,
        actorId: who.select.value,
        subjectType: kind.select.value,
        subjectId: object.input.value,
        from: from.input.value,
        to: to.input.value,
      };
      oldestShown = undefined;
    }
    const { query, problems } = auditQuery(filters, { limit: PAGE, beforeSeq: fresh ? undefined : oldestShown });
    try {
      if (problems.length > 0) throw new ApiError(problems.join('; '), 400, 'VALIDATION_FAILED', { problems });
      const entries = await context.request<AuditEntry[]>('GET', `/audit?${query}`);
      if (fresh) body.replaceChildren();
      body.append(...entries.map(entryRow));
      oldestShown = entries.at(-1)?.seq ?? oldestShown;
      more.hidden = entries.length < PAGE;
      const shown = body.children.length;
      status.textContent =
        shown === 0
          ? 'No entries match.'
          : `${shown} ${shown === 1 ? 'entry' : 'entries'} shown${more.hidden ? '' : ', more older'}.`;
      wrap.hidden = shown === 0;
      if (say) context.announce(status.textContent);
    } catch (error) {
      const count = showFieldErrors(form, error);
      context.announce(count === 1 ? 'The filter has a problem.' : `The filter has ${count} problems.`);
    }
  };

  reset.addEventListener('click', () => {
    for (const input of [action.input, object.input, from.input, to.input]) input.value = '';
    who.select.value = '';
    kind.select.value = '';
    void show(true);
  });
  more.addEventListener('click', () => void show(false));

  section.append(form, status, wrap, more, verificationPart(context));
  void show(true, false);
  return section;
}

/** The chain check's result, run now and on demand. */
function verificationPart(context: SafetyContext): HTMLElement {
  const box = make('div', undefined, { class: 'verification', id: 'audit-verification' });
  box.append(make('h4', 'Chain verification'));
  // Said through the page's one live region (context.announce), not a region of its own.
  const result = make('div');
  const again = make('button', 'Verify again', { type: 'button' });

  /** `say`: also in the live region (when asked for, not when the panel opens). */
  const verify = async (say: boolean) => {
    again.disabled = true;
    result.replaceChildren(make('p', 'Verifying the chain…', { class: 'hint' }));
    try {
      const view = await context.request<VerificationView>('GET', '/audit/verification');
      const words = describeVerification(view);
      const headline = make('p', words.headline, { class: words.ok ? 'verification-ok' : 'verification-broken' });
      const lines = make('ul');
      lines.append(...words.lines.map((line) => make('li', line)));
      result.replaceChildren(headline);
      if (say) context.announce(words.headline);
      if (words.lines.length > 0) result.append(lines);
      if (view.head) {
        const keep = make('p', 'Newest entry (keep a copy outside Tuki; the CLI’s --anchor checks against it): ', {
          class: 'hint',
        });
        keep.append(make('code', `${view.head.seq}:${view.head.mac}`, { class: 'mac' }));
        result.append(keep);
      }
    } catch (error) {
      result.replaceChildren(
        make('p', `The chain could not be verified: ${(error as Error).message}`, { class: 'notice' }),
      );
    } finally {
      again.disabled = false;
    }
  };
  again.addEventListener('click', () => void verify(true));
  box.append(result, again);
  void verify(false);
  return box;
}
