import type { OfferPayload } from '@tuki/contracts';
import { element, make } from '../shared/dom';
import type { Desk } from './desk';
import { codeName, t } from './texts';

interface ShownOffer {
  offer: OfferPayload;
  node: HTMLLIElement;
  countdown: HTMLElement;
}

/**
 * Offers as they come: what routing knows (channel, language, topic, priority, risk flags and where they came from,
 * a possible repeat caller), a countdown to the server's deadline, and accept or decline. The oldest offer is the
 * one the keyboard shortcuts answer.
 */
export class OfferList {
  private readonly shown = new Map<string, ShownOffer>();
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly desk: Desk,
    private readonly onAccepted: (offer: OfferPayload) => void,
    private readonly chime: () => void,
  ) {}

  add(offer: OfferPayload): void {
    if (this.shown.has(offer.contactId)) return;
    const node = make('li', undefined, { class: 'offer', 'data-contact': offer.contactId });
    const heading = `${codeName(offer.channel)} · ${offer.language.toUpperCase()}`;
    node.append(make('strong', heading));
    const facts = make('ul', undefined, { class: 'offer-facts' });
    if (offer.topic) facts.append(make('li', t('topic', { topic: offer.topic })));
    facts.append(
      make('li', t('priority', { priority: codeName(offer.priority) }), { class: `priority-${offer.priority}` }),
    );
    for (const flag of offer.riskFlags) {
      const source = offer.channel === 'chat' ? t('riskFromTriage') : t('riskFromIntake');
      facts.append(make('li', `${t('riskFlag', { flag: codeName(flag) })} (${source})`, { class: 'risk' }));
    }
    if (offer.repeatCaller)
      facts.append(make('li', t('repeatCaller', { count: offer.repeatCaller.earlierContacts }), { class: 'repeat' }));
    const countdown = make('p', '', { class: 'countdown', role: 'timer' });
    const accept = make('button', t('accept'), { type: 'button', class: 'primary', 'aria-keyshortcuts': 'Alt+A' });
    const decline = make('button', t('decline'), { type: 'button', 'aria-keyshortcuts': 'Alt+D' });
    accept.addEventListener('click', () => void this.answer(offer.contactId, 'offer.accept'));
    decline.addEventListener('click', () => void this.answer(offer.contactId, 'offer.decline'));
    node.append(facts, countdown, accept, decline);
    element('offers').append(node);
    this.shown.set(offer.contactId, { offer, node, countdown });
    this.tick();
    this.ticker ??= setInterval(() => this.tick(), 250);
    this.chime();
    accept.focus();
  }

  remove(contactId: string): void {
    this.shown.get(contactId)?.node.remove();
    this.shown.delete(contactId);
    if (this.shown.size === 0) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /** The keyboard's accept and decline answer the offer that expires first. */
  answerFirst(event: 'offer.accept' | 'offer.decline'): void {
    const first = [...this.shown.values()].sort((a, b) => a.offer.deadline - b.offer.deadline)[0];
    if (first) void this.answer(first.offer.contactId, event);
  }

  private async answer(contactId: string, event: 'offer.accept' | 'offer.decline'): Promise<void> {
    const shown = this.shown.get(contactId);
    if (!shown) return;
    this.remove(contactId);
    const reply = (await this.desk.socket.timeout(10_000).emitWithAck(event, { contactId })) as {
      error?: { message: string };
    };
    if (reply.error) return this.desk.notice(reply.error.message);
    if (event === 'offer.accept') this.onAccepted(shown.offer);
  }

  private tick(): void {
    for (const { offer, countdown } of this.shown.values()) {
      countdown.textContent = t('offerLeft', { seconds: this.desk.clock.secondsUntil(offer.deadline) });
    }
  }
}
