import { ApiError, make } from '../shared/dom';
import type { Desk } from './desk';
import { NoteAutosave, type AutosaveStatus } from './note-autosave';
import { t } from './texts';

interface DraftView {
  contactId: string;
  caseId: string | null;
  body: string;
  updatedAt: number;
}

/**
 * The note of one contact: typed into a field whose every pause is saved to the server (sealed there under a key of
 * its own), read back from the server after a reload, and turned into the case's note when the contact is completed.
 * Nothing of it is written to the browser's storage.
 */
export class NoteEditor {
  readonly node: HTMLElement;
  private readonly field: HTMLTextAreaElement;
  private readonly status: HTMLElement;
  private autosave: NoteAutosave | undefined;
  private caseId: string | null = null;
  /** True once the server holds a draft (so completing an empty one skips it rather than leaving it flagged). */
  private stored = false;

  constructor(
    private readonly desk: Desk,
    private readonly contactId: string,
  ) {
    const id = `note-${contactId}`;
    this.field = make('textarea', undefined, { id, rows: '6', maxlength: '20000', class: 'note', disabled: '' });
    this.status = make('p', '', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
    this.node = make('div', undefined, { class: 'note-editor' });
    this.node.append(make('label', t('noteLabel'), { for: id }), this.field, this.status);
  }

  /** Loads the draft the server holds, if any, and starts saving as the agent types. */
  async start(caseId: string | null): Promise<void> {
    this.caseId = caseId;
    let initial = '';
    try {
      const draft = await this.desk.call<DraftView>('GET', `/contacts/${this.contactId}/note-draft`);
      initial = draft.body;
      this.stored = true;
      this.caseId ??= draft.caseId;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) this.desk.fail(error);
    }
    this.field.value = initial;
    this.autosave = new NoteAutosave(
      (body) => this.save(body),
      (status) => this.report(status),
      initial,
    );
    this.field.addEventListener('input', () => this.autosave?.input(this.field.value));
    this.field.addEventListener('blur', () => void this.autosave?.flush().catch(() => undefined));
    this.field.disabled = false;
  }

  /** The case the note will join (known once the case is open). */
  joinCase(caseId: string): void {
    this.caseId = caseId;
  }

  get text(): string {
    return this.field.value;
  }

  focus(): void {
    this.field.focus();
  }

  /**
   * Makes the draft the case's note (or drops an empty one). Returns false when there is nothing to do yet: the
   * case is not open, so the draft stays flagged on the desk.
   */
  async complete(): Promise<boolean> {
    await this.autosave?.flush();
    this.autosave?.stop();
    if (!this.stored) return true;
    if (this.field.value.trim() === '') {
      await this.desk.call('POST', `/contacts/${this.contactId}/note-draft/skip`, { reason: 'nothing-to-record' });
      return true;
    }
    if (!this.caseId) return false;
    await this.desk.call('POST', `/contacts/${this.contactId}/note-draft/complete`, { caseId: this.caseId });
    this.field.disabled = true;
    return true;
  }

  /** Makes sure the server holds what was typed, and leaves it a draft. */
  async keepAsDraft(): Promise<void> {
    await this.autosave?.flush();
    this.autosave?.stop();
  }

  stop(): void {
    this.autosave?.stop();
  }

  private async save(body: string): Promise<void> {
    await this.desk.callWhenKnown('PUT', `/contacts/${this.contactId}/note-draft`, {
      body,
      ...(this.caseId ? { caseId: this.caseId } : {}),
    });
    this.stored = true;
  }

  private report(status: AutosaveStatus): void {
    this.status.dataset.state = status.kind;
    if (status.kind === 'saving') this.status.textContent = t('noteSaving');
    else if (status.kind === 'saved')
      this.status.textContent = t('noteSaved', { time: new Date(status.at).toLocaleTimeString() });
    else this.status.textContent = t('noteNotSaved', { reason: status.reason });
  }
}
