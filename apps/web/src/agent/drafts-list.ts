import { element, make } from '../shared/dom';
import type { Desk } from './desk';
import { selectField } from '../shared/fields';
import { NoteEditor } from './note-editor';
import { codeName, t } from './texts';

interface UnfinishedDraft {
  contactId: string;
  caseId: string | null;
  updatedAt: number;
}

const DRAFT_SKIP_REASONS = ['nothing-to-record', 'recorded-elsewhere', 'handed-over', 'other'] as const;

/**
 * Notes left unfinished (wrap-up ran out, the page was closed): listed without their text until the agent finishes
 * one into its case or skips it with a reason. The server keeps them sealed meanwhile and shreds them after the
 * retention period.
 */
export class DraftsList {
  constructor(
    private readonly desk: Desk,
    /** Contacts whose panel is open: their draft is edited there, not here. */
    private readonly open: () => Set<string>,
  ) {}

  async refresh(): Promise<void> {
    try {
      const drafts = (await this.desk.call<UnfinishedDraft[]>('GET', '/note-drafts')).filter(
        (draft) => !this.open().has(draft.contactId),
      );
      const list = element('drafts');
      if (drafts.length === 0) return list.replaceChildren(make('li', t('noDrafts')));
      list.replaceChildren(...drafts.map((draft) => this.item(draft)));
    } catch (error) {
      this.desk.fail(error);
    }
  }

  private item(draft: UnfinishedDraft): HTMLLIElement {
    const item = make('li', undefined, { class: 'draft', 'data-contact': draft.contactId });
    item.append(make('span', t('draftOf', { time: new Date(draft.updatedAt).toLocaleString() })));
    if (draft.caseId) {
      const finish = make('button', t('openDraft'), { type: 'button' });
      finish.addEventListener('click', () => void this.finish(item, draft, finish));
      item.append(finish);
    }
    const reason = selectField(
      `draft-skip-${draft.contactId}`,
      t('skipReason'),
      DRAFT_SKIP_REASONS.map((code): [string, string] => [code, codeName(code)]),
    );
    const skip = make('button', t('skip'), { type: 'button' });
    skip.addEventListener('click', () => {
      void this.desk
        .call('POST', `/contacts/${draft.contactId}/note-draft/skip`, { reason: reason.select.value })
        .then(() => this.refresh())
        .catch((error: unknown) => this.desk.fail(error));
    });
    item.append(reason.wrapper, skip);
    return item;
  }

  private async finish(item: HTMLElement, draft: UnfinishedDraft, button: HTMLButtonElement): Promise<void> {
    button.remove();
    const editor = new NoteEditor(this.desk, draft.contactId);
    const complete = make('button', t('complete'), { type: 'button', class: 'primary' });
    item.append(editor.node, complete);
    await editor.start(draft.caseId);
    editor.focus();
    complete.addEventListener('click', () => {
      void editor
        .complete()
        .then(() => this.refresh())
        .catch((error: unknown) => this.desk.fail(error));
    });
  }
}
