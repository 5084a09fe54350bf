import { BLOCK_REASONS } from '@tuki/contracts';
import { make } from '../shared/dom';
import { selectField } from '../shared/fields';
import { actionButton, numberField, refusalOf, save, textField } from './form-kit';
import { Problems, readInteger } from './form-values';
import { captionedTable, part, row, subForm, type SafetyContext } from './safety-dom';
import { formatWhen, reasonWords } from './safety-format';

/*
 * The block list (supervisors): block the caller of a contact until an expiry, see the blocks in force, lift one.
 * A block is known by its reason code and dates only: nobody sees whose number or address it is. Every block and lift
 * is audited by the api and refuses that caller at once on every process (phone, chat, callbacks).
 */

interface BlockView {
  id: string;
  reason: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

const DEFAULT_DAYS = 30;

export function blockListPart(context: SafetyContext): HTMLElement {
  const section = part(
    'safety-blocks',
    'Block list',
    'Block the caller of a contact (the contact’s id, from the agent desk or the case) for up to a year. The ' +
      'caller is refused with a neutral message on the phone, in the chat and for callbacks until the block ends or ' +
      'is lifted. Nobody sees whom a block is for.',
  );
  const { wrap, body } = captionedTable('Blocks in force', ['Reason', 'Blocked by', 'Since', 'Until', 'Action']);
  const empty = make('p', 'No caller is blocked.', { class: 'hint' });

  const load = async () => {
    const blocks = await context.request<BlockView[]>('GET', '/block-list');
    body.replaceChildren(
      ...blocks.map((block) => {
        const until = formatWhen(block.expiresAt);
        const lift = actionButton('Lift', `the block for ${reasonWords(block.reason)} until ${until}`, () => {
          void liftBlock(block, lift);
        });
        return row(
          [
            reasonWords(block.reason),
            context.names.get(block.createdBy) ?? 'Someone',
            formatWhen(block.createdAt),
            until,
            lift,
          ],
          { 'data-block': block.id },
        );
      }),
    );
    empty.hidden = blocks.length > 0;
    wrap.hidden = blocks.length === 0;
  };

  const liftBlock = async (block: BlockView, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      await context.request('DELETE', `/block-list/${block.id}`);
      context.announce(`Block lifted: ${reasonWords(block.reason)}.`);
    } catch (error) {
      context.announce(`The block was not lifted: ${(error as Error).message}`);
    }
    await load();
    section.querySelector<HTMLElement>('h3')?.focus();
  };

  const form = subForm('block-form', 'Block a caller', (submitted) => {
    void (async () => {
      const ok = await save(submitted, context.announce, async () => {
        const problems = new Problems();
        const days = problems.take('days', readInteger(daysField.input.value));
        const refusal = refusalOf(problems);
        if (refusal) throw refusal;
        await context.request('POST', '/block-list', {
          contactId: contactField.input.value.trim(),
          reason: reason.select.value,
          days: days ?? DEFAULT_DAYS,
        });
      });
      if (!ok) return;
      contactField.input.value = '';
      context.announce('Caller blocked.');
      await load();
    })();
  });
  const contactField = textField('block', 'contactId', 'Contact id', '', {
    hint: 'The id of one of the caller’s contacts; their number or address is never shown.',
    attributes: { spellcheck: 'false' },
  });
  const reason = selectField(
    'block-reason',
    'Reason',
    BLOCK_REASONS.map((code): [string, string] => [code, reasonWords(code)]),
    'abuse',
    { 'data-field': 'reason' },
  );
  const daysField = numberField('block', 'days', 'Days (1-365)', DEFAULT_DAYS);
  const fields = make('div', undefined, { class: 'row' });
  fields.append(contactField.wrapper, reason.wrapper, daysField.wrapper);
  const actions = make('div', undefined, { class: 'actions' });
  actions.append(make('button', 'Block caller', { type: 'submit', class: 'primary' }));
  form.append(fields, actions);

  section.append(wrap, empty, form);
  void load().catch((error: Error) =>
    section.append(make('p', `The block list could not be loaded: ${error.message}`, { class: 'notice' })),
  );
  return section;
}
