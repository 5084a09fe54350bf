import { ApiError, make } from '../shared/dom';
import { callbackDial } from './callback-dial';
import { CasePanel, type CaseDetail } from './case-panel';
import { ChatView } from './chat-view';
import type { Desk } from './desk';
import { NoteEditor } from './note-editor';
import { repeatCheck } from './repeat-check';
import { codeName, t } from './texts';

/** A contact the agent holds: from an accepted offer, or from GET /contacts/mine after a reload. */
export interface HeldContact {
  contactId: string;
  queueId: string;
  channel: string;
  language: string;
  priority: string;
  riskFlags: string[];
  earlierContacts: number;
  state: 'connected' | 'wrap-up';
  /** True when the desk found it again after a reload: the steps done before it (dial, confirmation) are not redone. */
  restored: boolean;
}

/**
 * One contact on the desk, from answer to completion: the callback's dialling, the repeat-caller confirmation, the
 * case with its note, the chat if it is one, the call for help, end and complete.
 */
export class ContactPanel {
  readonly node: HTMLElement;
  readonly chat: ChatView | undefined;
  private readonly note: NoteEditor;
  private casePanel: CasePanel | undefined;
  private readonly body = make('div', undefined, { class: 'contact-body' });
  private readonly endButton = make('button', t('endContact'), { type: 'button' });
  private readonly completeButton = make('button', t('complete'), {
    type: 'button',
    class: 'primary',
    'aria-keyshortcuts': 'Alt+C',
  });
  private readonly helpStatus = make('p', '', { role: 'status', class: 'help-status' });
  private helpRequestId: string | undefined;
  private closed = false;

  constructor(
    private readonly desk: Desk,
    private contact: HeldContact,
    private readonly onClosed: (panel: ContactPanel) => void,
  ) {
    const highRisk = contact.riskFlags.length > 0 || contact.priority === 'urgent';
    const title = `${codeName(contact.channel)} · ${contact.language.toUpperCase()} · ${codeName(contact.priority)}`;
    this.node = make('section', undefined, {
      class: `contact${highRisk ? ' high-risk' : ''}`,
      'data-contact': contact.contactId,
      'aria-label': title,
    });
    const flags = contact.riskFlags.map((flag) => codeName(flag)).join(', ');
    const help = make('button', t('askHelp'), { type: 'button', class: highRisk ? 'help urgent' : 'help' });
    help.addEventListener('click', () => void this.askForHelp());
    this.endButton.addEventListener('click', () => void this.end());
    this.completeButton.addEventListener('click', () => void this.complete());
    const actions = make('div', undefined, { class: 'contact-actions' });
    actions.append(help, this.endButton, this.completeButton);
    this.node.append(
      make('h3', title),
      ...(flags ? [make('p', t('riskFlag', { flag: flags }), { class: 'risk' })] : []),
    );
    this.node.append(this.helpStatus, this.body, actions);
    this.note = new NoteEditor(desk, contact.contactId);
    if (contact.channel === 'chat') this.chat = new ChatView(desk, contact.contactId);
    this.showState();
  }

  get contactId(): string {
    return this.contact.contactId;
  }

  /** Works through the steps that come before the case: dialling a callback, confirming a repeat caller. */
  async start(): Promise<void> {
    if (this.chat) {
      this.body.append(this.chat.node);
      void this.chat.sync();
    }
    if (this.contact.channel === 'callback' && !this.contact.restored) {
      const dial = callbackDial(this.desk, this.contact.contactId);
      this.body.append(dial.node);
      const outcome = await dial.outcome;
      // Not reached: the agent is free at once and the callback waits for its next attempt.
      if (outcome !== 'reached') return this.close();
    }
    await this.note.start(null);
    if (this.contact.earlierContacts > 0 && !this.contact.restored && this.contact.state === 'connected') {
      const check = repeatCheck(this.desk, this.contact.contactId, this.contact.earlierContacts);
      this.body.append(check.node);
      await check.answered;
    }
    await this.openCase();
  }

  /** The conversation ended on the server (the caller hung up, or wrap-up began). */
  markEnded(): void {
    this.contact = { ...this.contact, state: 'wrap-up' };
    this.chat?.ended();
    this.showState();
  }

  /** Wrap-up time ran out and the server completed the contact: what was typed stays as a flagged draft. */
  async wrapUpOver(): Promise<void> {
    await this.note.keepAsDraft().catch((error: unknown) => this.desk.fail(error));
    this.close();
  }

  noteHelpAnswered(requestId: string): void {
    if (requestId === this.helpRequestId) this.helpStatus.textContent = t('helpComing');
  }

  /** Keyboard's complete, and the button: ends the conversation if it still runs, then completes it. */
  async complete(): Promise<void> {
    try {
      if (this.contact.state === 'connected') await this.end();
      if (this.contact.state !== 'wrap-up') return;
      if (this.casePanel) await this.casePanel.classify();
      await this.note.complete();
      await this.desk.call('POST', `/contacts/${this.contact.contactId}/complete`);
      this.desk.notice(t('completed'));
      this.close();
    } catch (error) {
      this.desk.fail(error);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.note.stop();
    this.node.remove();
    this.onClosed(this);
  }

  private async end(): Promise<void> {
    try {
      await this.desk.call('POST', `/contacts/${this.contact.contactId}/end`);
      this.markEnded();
    } catch (error) {
      this.desk.fail(error);
    }
  }

  private async openCase(): Promise<void> {
    const opening = make('p', t('caseOpening'), { role: 'status' });
    this.body.append(opening);
    try {
      const detail = await this.desk.callWhenKnown<CaseDetail>('POST', `/contacts/${this.contact.contactId}/case`);
      this.note.joinCase(detail.id);
      this.casePanel = new CasePanel(this.desk, detail, this.contact, this.note);
      opening.replaceWith(this.casePanel.node);
      this.note.focus();
    } catch (error) {
      opening.textContent = error instanceof ApiError && error.status === 403 ? t('notAllowedCase') : '';
      // Without the case the note still saves as a draft, which the desk lists until it is completed.
      opening.after(this.note.node);
      if (!(error instanceof ApiError && error.status === 403)) this.desk.fail(error);
    }
  }

  private async askForHelp(): Promise<void> {
    try {
      const request = await this.desk.call<{ id: string }>('POST', '/help-requests', {
        contactId: this.contact.contactId,
      });
      this.helpRequestId = request.id;
      this.helpStatus.textContent = t('helpAsked');
    } catch (error) {
      this.desk.fail(error);
    }
  }

  private showState(): void {
    this.endButton.hidden = this.contact.state !== 'connected';
    this.node.dataset.state = this.contact.state;
  }
}
