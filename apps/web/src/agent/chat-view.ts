import type { ChatMessagePayload } from '@tuki/contracts';
import { ChatLog } from '../shared/chat-log';
import { clientId, make, show } from '../shared/dom';
import type { Desk } from './desk';
import { t } from './texts';

/** How long after the last keystroke the caller stops seeing "typing". */
const TYPING_IDLE_MS = 3000;

/** One web chat on the desk: its messages in order (gaps filled by a sync), a reply field and the typing signal. */
export class ChatView {
  readonly node: HTMLElement;
  private readonly log = new ChatLog();
  private readonly list = make('ol', undefined, { class: 'messages' });
  private readonly typing = make('p', t('callerTyping'), { class: 'typing' });
  private readonly form = make('form', undefined, { class: 'chat-reply' });

  constructor(
    private readonly desk: Desk,
    private readonly contactId: string,
  ) {
    this.typing.hidden = true;
    const inputId = `reply-${contactId}`;
    const input = make('textarea', undefined, { id: inputId, rows: '2', maxlength: '4000' });
    this.form.append(make('label', t('reply'), { for: inputId }), input, make('button', t('send'), { type: 'submit' }));
    this.node = make('div', undefined, { class: 'chat', 'data-contact': contactId });
    this.node.append(this.list, this.typing, this.form);

    let typingSent = false;
    let idle: ReturnType<typeof setTimeout> | undefined;
    input.addEventListener('input', () => {
      if (!typingSent) desk.socket.emit('chat.typing', { contactId, typing: true }, () => undefined);
      typingSent = true;
      clearTimeout(idle);
      idle = setTimeout(() => {
        typingSent = false;
        desk.socket.emit('chat.typing', { contactId, typing: false }, () => undefined);
      }, TYPING_IDLE_MS);
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      void this.send(clientId(), text);
    });
  }

  /** The conversation ended: the messages stay to read during wrap-up, the reply field goes. */
  ended(): void {
    this.form.hidden = true;
    show(this.typing, false);
  }

  receive(message: ChatMessagePayload): void {
    if (this.log.hasGapBefore(message.seq)) void this.sync();
    this.add([message]);
  }

  showTyping(typing: boolean): void {
    show(this.typing, typing);
  }

  async sync(): Promise<void> {
    const reply = (await this.desk.socket.emitWithAck('chat.sync', {
      contactId: this.contactId,
      afterSeq: this.log.lastSeq,
    })) as { messages?: ChatMessagePayload[] };
    if (reply.messages) this.add(reply.messages);
  }

  private async send(id: string, text: string): Promise<void> {
    const reply = (await this.desk.socket.emitWithAck('chat.send', {
      contactId: this.contactId,
      clientId: id,
      text,
    })) as {
      error?: { message: string };
    };
    if (reply.error) return this.desk.notice(reply.error.message);
    await this.sync();
  }

  private add(messages: ChatMessagePayload[]): void {
    if (!this.log.add(messages)) return;
    this.list.replaceChildren(
      ...this.log.ordered().map((m) => make('li', m.text, { class: m.sender, 'data-seq': String(m.seq) })),
    );
  }
}
