import { io, type Socket } from 'socket.io-client';
import type { ChatMessagePayload, ClientEvents, OfferPayload, ServerEvents, StreamEnvelope } from '@tuki/contracts';
import { ChatLog } from '../shared/chat-log';
import { api, clientId, element, make, show } from '../shared/dom';

/*
 * A minimal agent chat panel (the agent desktop issue extends it): sign in, start the shift, take offers, and hold
 * several chats at once up to the agent's capacity. The access token lives in memory only.
 */

const HEARTBEAT_MS = 3000;

interface OpenChat {
  contactId: string;
  log: ChatLog;
  node: HTMLElement;
  list: HTMLOListElement;
  typing: HTMLElement;
}

let token = '';
let socket: Socket<ServerEvents, ClientEvents> | undefined;
const chats = new Map<string, OpenChat>();

function notice(text: string | null): void {
  element('notice').textContent = text ?? '';
  show(element('notice'), text !== null);
}

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  try {
    const reply = await api<{ accessToken?: string }>('POST', '/auth/sign-in', undefined, {
      login: element<HTMLInputElement>('login').value,
      password: element<HTMLInputElement>('password').value,
    });
    if (!reply.accessToken) throw new Error('This account needs its second factor: use the full desk');
    token = reply.accessToken;
    element<HTMLInputElement>('password').value = '';
    show(element('sign-in'), false);
    show(element('desk'), true);
    const me = await api<{ displayName?: string; state?: string }>('GET', '/agents/me', token);
    element('who').textContent = me.displayName ?? '';
    element('state').textContent = me.state ?? '';
    connect();
  } catch (error) {
    notice((error as Error).message);
  }
}

function connect(): void {
  socket = io({ transports: ['websocket'], auth: { token } });
  setInterval(() => socket?.emit('presence.heartbeat', () => undefined), HEARTBEAT_MS);
  socket.on('offer.created', (envelope: StreamEnvelope<OfferPayload>) => showOffer(envelope.data));
  socket.on('offer.withdrawn', (envelope) => document.getElementById(`offer-${envelope.data.contactId}`)?.remove());
  socket.on('chat.message', (message) => {
    const chat = chats.get(message.contactId);
    if (!chat) return;
    if (chat.log.hasGapBefore(message.seq)) void sync(chat);
    receive(chat, [message]);
  });
  socket.on('chat.typing', ({ contactId, typing }) => {
    const chat = chats.get(contactId);
    if (chat) show(chat.typing, typing);
  });
  socket.on('connect', () => {
    for (const chat of chats.values()) void sync(chat);
  });
}

function showOffer(offer: OfferPayload): void {
  const item = make('li', undefined, { id: `offer-${offer.contactId}`, class: 'offer' });
  const flags = offer.riskFlags.length > 0 ? ` · risk: ${offer.riskFlags.join(', ')}` : '';
  item.append(make('span', `${offer.channel} · ${offer.language} · ${offer.priority}${flags} `));
  const accept = make('button', 'Accept', { type: 'button' });
  const decline = make('button', 'Decline', { type: 'button' });
  accept.addEventListener('click', () => void answer(offer, 'offer.accept'));
  decline.addEventListener('click', () => void answer(offer, 'offer.decline'));
  item.append(accept, decline);
  element('offers').append(item);
}

async function answer(offer: OfferPayload, event: 'offer.accept' | 'offer.decline'): Promise<void> {
  document.getElementById(`offer-${offer.contactId}`)?.remove();
  const reply = (await socket!.emitWithAck(event, { contactId: offer.contactId })) as { error?: { message: string } };
  if (reply.error) return notice(reply.error.message);
  if (event === 'offer.accept' && offer.channel === 'chat') openChat(offer.contactId);
}

function openChat(contactId: string): void {
  const node = make('section', undefined, { class: 'chat', 'aria-label': 'Chat', 'data-contact': contactId });
  const list = make('ol');
  const typing = make('p', 'The caller is typing…');
  typing.hidden = true;
  const form = make('form');
  const inputId = `reply-${contactId}`;
  const input = make('textarea', undefined, { id: inputId, rows: '2', maxlength: '4000' });
  form.append(make('label', 'Reply', { for: inputId }), input, make('button', 'Send', { type: 'submit' }));
  const end = make('button', 'End chat', { type: 'button' });
  const complete = make('button', 'Complete', { type: 'button' });
  complete.hidden = true;
  node.append(list, typing, form, end, complete);
  element('chats').append(node);
  const chat: OpenChat = { contactId, log: new ChatLog(), node, list, typing };
  chats.set(contactId, chat);

  let typingSent = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    if (!typingSent) socket?.emit('chat.typing', { contactId, typing: true }, () => undefined);
    typingSent = true;
    clearTimeout(idle);
    idle = setTimeout(() => {
      typingSent = false;
      socket?.emit('chat.typing', { contactId, typing: false }, () => undefined);
    }, 3000);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void send(chat, clientId(), text);
  });
  end.addEventListener('click', () => {
    void api('POST', `/contacts/${contactId}/end`, token)
      .then(() => {
        form.hidden = true;
        end.hidden = true;
        complete.hidden = false;
      })
      .catch((error: Error) => notice(error.message));
  });
  complete.addEventListener('click', () => {
    void api('POST', `/contacts/${contactId}/complete`, token)
      .then(() => {
        chats.delete(contactId);
        node.remove();
      })
      .catch((error: Error) => notice(error.message));
  });
  void sync(chat);
}

async function send(chat: OpenChat, id: string, text: string): Promise<void> {
  const reply = (await socket!.emitWithAck('chat.send', { contactId: chat.contactId, clientId: id, text })) as {
    seq?: number;
    error?: { message: string };
  };
  if (reply.error) return notice(reply.error.message);
  await sync(chat);
}

async function sync(chat: OpenChat): Promise<void> {
  const reply = (await socket!.emitWithAck('chat.sync', { contactId: chat.contactId, afterSeq: chat.log.lastSeq })) as {
    messages?: ChatMessagePayload[];
  };
  if (reply.messages) receive(chat, reply.messages);
}

function receive(chat: OpenChat, messages: ChatMessagePayload[]): void {
  if (!chat.log.add(messages)) return;
  chat.list.replaceChildren(
    ...chat.log.ordered().map((m) => make('li', m.text, { class: m.sender, 'data-seq': String(m.seq) })),
  );
}

element<HTMLFormElement>('sign-in').addEventListener('submit', (event) => void signIn(event));
element('start-shift').addEventListener('click', () => {
  void api<{ state: string }>('POST', '/agents/me/state', token, { state: 'available' })
    .then((reply) => (element('state').textContent = reply.state ?? 'available'))
    .catch((error: Error) => notice(error.message));
});
