import { io, type Socket } from 'socket.io-client';
import type { ClientEvents, OfferPayload, ServerEvents, StreamEnvelope } from '@tuki/contracts';
import { ApiError, element, show } from '../shared/dom';
import { Session } from '../shared/session';
import { ContactPanel, type HeldContact } from './contact-panel';
import { Desk, showNotice, type AgentMe, type CaseChoices } from './desk';
import { DraftsList } from './drafts-list';
import { OfferList } from './offers';
import { ServerClock } from '../shared/server-clock';
import { ShiftPanel } from './shift';
import { bindShortcuts } from './shortcuts';
import { DESK_LANGUAGES, setDeskLanguage, t, translatePage, type DeskLanguage } from './texts';

/*
 * The agent desk: one page for a shift, usable after five minutes of training. Tokens live in memory only, and so
 * does everything else: note drafts are saved to the server as the agent types, never to the browser's storage,
 * so a reload finds them again from the server and a lost laptop holds nothing.
 */

const HEARTBEAT_MS = 3000;

interface ContactView {
  id: string;
  queueId: string;
  channel: string;
  language: string;
  priority: string;
  riskFlags: string[];
  earlierContacts: number;
  state: string;
}

const clock = new ServerClock();
const session = new Session(() => signedOut(t('sessionEnded')));
const panels = new Map<string, ContactPanel>();
let desk: Desk | undefined;
let shift: ShiftPanel | undefined;
let offers: OfferList | undefined;
let drafts: DraftsList | undefined;
let heartbeat: ReturnType<typeof setInterval> | undefined;

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const totp = element<HTMLInputElement>('totp');
  try {
    await session.signIn(
      element<HTMLInputElement>('login').value,
      element<HTMLInputElement>('password').value,
      totp.value || undefined,
    );
  } catch (error) {
    // An account with a second factor: ask for the code and sign in again.
    if (error instanceof ApiError && error.code === 'MFA_REQUIRED') show(element('totp-field'), true);
    return showNotice((error as Error).message);
  }
  element<HTMLInputElement>('password').value = '';
  totp.value = '';
  showNotice(null);
  show(element('sign-in'), false);
  show(element('desk'), true);
  await openDesk();
}

async function openDesk(): Promise<void> {
  const socket: Socket<ServerEvents, ClientEvents> = io({
    transports: ['websocket'],
    // A reconnect presents the token of the moment, renewed meanwhile.
    auth: (send) => send({ token: session.accessToken }),
  });
  const current = new Desk(session, socket, clock);
  desk = current;
  shift = new ShiftPanel(current, (me, before) => void stateChanged(me, before));
  offers = new OfferList(
    current,
    (offer) => openPanel(fromOffer(offer)),
    () => shift?.chime(),
  );
  drafts = new DraftsList(current, () => new Set(panels.keys()));
  listen(socket);
  heartbeat = setInterval(() => socket.emit('presence.heartbeat', () => undefined), HEARTBEAT_MS);
  try {
    current.choices = await current.call<CaseChoices>('GET', '/case-settings');
  } catch (error) {
    current.fail(error);
  }
  shift.start();
  await restoreContacts();
  await drafts.refresh();
}

function listen(socket: Socket<ServerEvents, ClientEvents>): void {
  socket.on('offer.created', (envelope: StreamEnvelope<OfferPayload>) => {
    clock.observe(envelope.data.sentAt);
    offers?.add(envelope.data);
  });
  socket.on('offer.withdrawn', (envelope) => offers?.remove(envelope.data.contactId));
  socket.on('chat.message', (message) => panels.get(message.contactId)?.chat?.receive(message));
  socket.on('chat.typing', ({ contactId, typing }) => panels.get(contactId)?.chat?.showTyping(typing));
  socket.on('help.acknowledged', ({ requestId }) => {
    for (const panel of panels.values()) panel.noteHelpAnswered(requestId);
  });
  socket.on('connect', () => {
    for (const panel of panels.values()) void panel.chat?.sync();
  });
  socket.on('connect_error', (error) => {
    // An expired access token: renew it, and the next attempt presents the new one.
    if (error.message === 'UNAUTHENTICATED') void session.renew();
  });
}

function fromOffer(offer: OfferPayload): HeldContact {
  return {
    contactId: offer.contactId,
    queueId: offer.queueId,
    channel: offer.channel,
    language: offer.language,
    priority: offer.priority,
    riskFlags: offer.riskFlags,
    earlierContacts: offer.repeatCaller?.earlierContacts ?? 0,
    state: 'connected',
    restored: false,
  };
}

function openPanel(contact: HeldContact): void {
  if (!desk || panels.has(contact.contactId)) return;
  const panel = new ContactPanel(desk, contact, (closed) => {
    panels.delete(closed.contactId);
    void drafts?.refresh();
    void shift?.refresh();
  });
  panels.set(contact.contactId, panel);
  element('contacts').append(panel.node);
  void panel.start();
}

/** After a reload: the contacts the agent still holds come back from the server, with their drafts. */
async function restoreContacts(): Promise<void> {
  if (!desk) return;
  const held = await desk.call<ContactView[]>('GET', '/contacts/mine').catch((error: unknown) => {
    desk?.fail(error);
    return [];
  });
  for (const contact of held) {
    openPanel({
      contactId: contact.id,
      queueId: contact.queueId,
      channel: contact.channel,
      language: contact.language,
      priority: contact.priority,
      riskFlags: contact.riskFlags,
      earlierContacts: contact.earlierContacts,
      state: contact.state === 'wrap-up' ? 'wrap-up' : 'connected',
      restored: true,
    });
  }
}

/** The agent's state moved (on the server too): panels follow what the server says the agent still holds. */
async function stateChanged(me: AgentMe, before: AgentMe | undefined): Promise<void> {
  if (!desk || !before || panels.size === 0) return;
  const held = await desk.call<ContactView[]>('GET', '/contacts/mine').catch(() => undefined);
  if (!held) return;
  for (const panel of [...panels.values()]) {
    const contact = held.find((c) => c.id === panel.contactId);
    if (!contact) await panel.wrapUpOver();
    else if (contact.state === 'wrap-up') panel.markEnded();
  }
  if (me.state === 'available') void drafts?.refresh();
}

function signedOut(reason: string): void {
  clearInterval(heartbeat);
  shift?.stop();
  desk?.socket.disconnect();
  for (const panel of [...panels.values()]) panel.close();
  show(element('desk'), false);
  show(element('sign-in'), true);
  showNotice(reason || null);
}

function panelOf(target: EventTarget | null): ContactPanel | undefined {
  const node = target instanceof Element ? target.closest<HTMLElement>('.contact') : null;
  return (node && panels.get(node.dataset.contact ?? '')) || panels.values().next().value;
}

const languages = element<HTMLSelectElement>('desk-language');
languages.addEventListener('change', () => {
  const chosen = languages.value as DeskLanguage;
  if (!DESK_LANGUAGES.includes(chosen)) return;
  setDeskLanguage(chosen);
  translatePage();
  void shift?.refresh();
});
translatePage();
element<HTMLFormElement>('sign-in').addEventListener('submit', (event) => void signIn(event));
element('sign-out').addEventListener('click', () => {
  void session.signOut().finally(() => signedOut(''));
});
bindShortcuts({
  accept: () => offers?.answerFirst('offer.accept'),
  decline: () => offers?.answerFirst('offer.decline'),
  complete: (target) => void panelOf(target)?.complete(),
});
