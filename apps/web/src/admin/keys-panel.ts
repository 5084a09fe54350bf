import { ApiError, make } from '../shared/dom';
import { withFields } from './content-values';
import { editorForm, numberField, save } from './form-kit';
import {
  RETENTION_FIELDS,
  dataKeysSentence,
  readRetention,
  rotationSentence,
  type KeysStatus,
  type RetentionPath,
} from './keys-format';
import type { AdminPanel, PanelContext } from './panel';
import { captionedTable, row } from './safety-dom';
import { formatWhen } from './safety-format';

/*
 * Keys and retention (admins): when the encryption keys were last rotated and when rotation is due (a reminder two
 * weeks ahead; rotation itself is the operator's CLI, where the keyring file lives), and the periods after which
 * case data is deleted or access ends (case settings: validated, audited, read fresh by every process). What is kept
 * for a fixed time, and why, is listed below them.
 */

type Doc = Record<string, unknown>;

const dateOf = (epochMs: number) => formatWhen(epochMs).replace(/, \d\d:\d\d$/, '');

const ROTATION_STEPS: [string, string][] = [
  ['npm run cli -- keys add', 'adds a new key that only decrypts; wait a few seconds for every process to read it'],
  ['npm run cli -- keys activate --id NEW', 'new data is encrypted under the new key'],
  ['npm run cli -- keys rewrap', 're-wraps every data key under the new key'],
  ['npm run cli -- keys retire --id OLD', 'removes the old key (refused while a data key still needs it)'],
];

const FIXED: [string, string][] = [
  ['Callback numbers', 'Shredded when the callback completes or expires: kept no longer than needed to call back.'],
  [
    'Statistics’ caller surrogates',
    'Destroyed when their week or month ends, so facts can never be joined to a person.',
  ],
  ['Anonymous contact facts', 'Kept: they identify nobody, and statistics across years need them.'],
  ['The audit log', 'Kept, and no route changes it: removing an entry would break the chain.'],
  ['Delivered events', 'Kept a week, to rebuild the live dashboard after Redis restarts.'],
];

function keysPart(status: KeysStatus): HTMLElement {
  const section = make('section', undefined, { id: 'keys-rotation', 'aria-labelledby': 'keys-rotation-title' });
  section.append(make('h3', 'Encryption keys', { id: 'keys-rotation-title' }));
  const facts = make('dl', undefined, { class: 'facts' });
  facts.append(
    make('dt', 'Active key'),
    make('dd', status.activeKeyId),
    make('dt', 'Last rotated'),
    make('dd', `${dateOf(status.activeKeyCreatedAt)} (when the active key was made)`),
    make('dt', 'Rotation interval'),
    make('dd', `${status.rotationDays} days (KEY_ROTATION_DAYS)`),
  );
  const reminder = make('p', rotationSentence(status, dateOf(status.dueAt)), {
    id: 'keys-reminder',
    class: `rotation rotation-${status.state}`,
  });
  const { wrap, body } = captionedTable('Keys in the keyring', ['Key', 'Made', 'Use']);
  body.append(
    ...status.keys.map((key) =>
      row([key.id, dateOf(key.createdAt), key.active ? 'Encrypts new data' : 'Decrypts older data only']),
    ),
  );
  const steps = make('ol', undefined, { class: 'steps' });
  for (const [command, what] of ROTATION_STEPS) {
    const item = make('li');
    item.append(make('code', command), `: ${what}`);
    steps.append(item);
  }
  section.append(
    facts,
    reminder,
    make('p', dataKeysSentence(status)),
    wrap,
    make('h4', 'How to rotate'),
    make('p', 'Rotation is done by the operator where the keyring file lives, not on this page:', { class: 'hint' }),
    steps,
  );
  return section;
}

function retentionPart(context: PanelContext, settings: Doc): HTMLElement {
  const { form, heading } = editorForm('Retention and access periods', (submitted) => {
    void (async () => {
      const ok = await save(submitted, context.announce, async () => {
        const values = Object.fromEntries(fields.map(([path, input]) => [path, input.value])) as Record<
          RetentionPath,
          string
        >;
        const read = readRetention(values);
        if (!read.settings)
          throw new ApiError(read.problems.join('; '), 400, 'VALIDATION_FAILED', { problems: read.problems });
        const latest = await context.request<Doc>('GET', '/case-settings');
        await context.request('PUT', '/case-settings', withFields(latest, read.settings));
      });
      if (!ok) return;
      heading.focus();
      context.announce('Retention and access periods saved.');
    })();
  });
  form.id = 'retention-form';
  const grid = make('div', undefined, { class: 'row' });
  const fields = RETENTION_FIELDS.map(({ path, label, hint }) => {
    const field = numberField('retention', path, label, settings[path] as number | undefined, hint);
    grid.append(field.wrapper);
    return [path, field.input] as const;
  });
  const actions = make('div', undefined, { class: 'actions' });
  actions.append(make('button', 'Save periods', { type: 'submit', class: 'primary' }));
  form.append(
    make('p', 'A shorter period applies from the next hourly retention run, on every process.', { class: 'hint' }),
    grid,
    actions,
  );
  return form;
}

function fixedPart(): HTMLElement {
  const section = make('section', undefined, { id: 'keys-fixed', 'aria-labelledby': 'keys-fixed-title' });
  section.append(make('h3', 'Kept for a fixed time, and why', { id: 'keys-fixed-title' }));
  const terms = make('dl', undefined, { class: 'facts' });
  for (const [what, why] of FIXED) terms.append(make('dt', what), make('dd', why));
  section.append(terms);
  return section;
}

export const keysPanel: AdminPanel = {
  id: 'keys',
  title: 'Keys and retention',
  roles: ['admin'],
  async mount(root, context) {
    const [status, settings] = await Promise.all([
      context.request<KeysStatus>('GET', '/keys/status'),
      context.request<Doc>('GET', '/case-settings'),
    ]);
    root.classList.add('keys-panel');
    root.append(keysPart(status), retentionPart(context, settings), fixedPart());
  },
};
