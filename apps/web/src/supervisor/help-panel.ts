import type { HelpRequestEntry } from '@tuki/contracts';
import { make } from '../shared/dom';
import { formatDuration, secondsSince } from './format';
import { setText, syncKeyed } from './keyed-rows';

/*
 * Agents asking for help, oldest first, each with "I'm coming". The list is an alert region: a new request is read
 * out at once. Agent names come from the directory; the contact is never described beyond its id.
 */
export class HelpPanel {
  private announced = new Set<string>();

  constructor(
    private readonly list: HTMLOListElement,
    private readonly empty: HTMLElement,
    private readonly banner: HTMLElement,
    private readonly answer: (requestId: string) => Promise<void>,
  ) {}

  render(requests: readonly HelpRequestEntry[], names: ReadonlyMap<string, string>, serverNow: number): void {
    syncKeyed(
      this.list,
      requests,
      (request) => request.requestId,
      (request) => {
        const item = make('li', undefined, { class: 'help-request' });
        const words = make('span');
        const button = make('button', 'I’m coming', { type: 'button' });
        button.addEventListener('click', () => {
          button.disabled = true;
          void this.answer(request.requestId).finally(() => (button.disabled = false));
        });
        item.append(words, ' ', button);
        return item;
      },
      (item, request) => {
        const name = names.get(request.agentId) ?? `agent ${request.agentId.slice(0, 8)}`;
        setText(
          item.firstElementChild!,
          `${name} asks for help${request.contactId ? ' with a contact' : ''} · waiting ` +
            formatDuration(secondsSince(request.requestedAt, serverNow)),
        );
      },
    );
    this.empty.hidden = requests.length > 0;
    for (const request of requests) {
      if (this.announced.has(request.requestId)) continue;
      this.announced.add(request.requestId);
      const name = names.get(request.agentId) ?? 'An agent';
      this.banner.textContent = `${name} asks for help now.`;
    }
    this.announced = new Set(requests.map((r) => r.requestId).filter((id) => this.announced.has(id)));
  }
}
