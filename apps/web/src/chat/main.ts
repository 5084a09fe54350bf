import { io, type Socket } from 'socket.io-client';
import type { ChatClientEvents, ChatMessagePayload, ChatServerEvents } from '@tuki/contracts';
import { ChatLog } from '../shared/chat-log';
import { api, clientId, element, make, show } from '../shared/dom';
import { TEXTS, pick, type Texts, type UiLanguage } from './texts';

/*
 * The caller's chat page. Anonymous: the only thing it holds is the conversation's capability token, in memory. It
 * writes nothing to localStorage, sessionStorage, IndexedDB, cookies or caches, and never adds a history entry, so
 * quick exit (the button, or Esc three times) leaves nothing behind: it replaces the page with a neutral site.
 */

interface Setup {
  languages: string[];
  topics: { code: string; label: Texts }[];
  triage: { id: string; question: Texts; answers: { id: string; label: Texts }[] }[];
  quickExitUrl: string;
  greeting: Texts | null;
  announcement: Texts | null;
}

interface Status {
  state: 'waiting' | 'connected' | 'callback' | 'ended';
  position: number | null;
  estimatedWaitSeconds: number | null;
  offerCallback: boolean;
  lastSeq: number;
}

/** How often the page asks where the caller stands while waiting (the server also pushes state changes). */
const STATUS_EVERY_MS = 4000;
const TYPING_IDLE_MS = 3000;

const helplineId = location.pathname.split('/').filter(Boolean).pop() ?? '';
const embedded = location.pathname.startsWith('/web/embed/');
let quickExitUrl = 'about:blank';
let language: UiLanguage = 'en';
let token: string | undefined;
let socket: Socket<ChatServerEvents, ChatClientEvents> | undefined;
const log = new ChatLog();
/** Messages written but not yet numbered by the server: sent again (same clientId) after a reconnect. */
const pending = new Map<string, string>();

function quickExit(): void {
  // Tell the server the caller left (best effort: the page is going either way).
  if (token)
    void fetch('/chat/leave', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      keepalive: true,
      credentials: 'omit',
    }).catch(() => undefined);
  token = undefined;
  socket?.disconnect();
  document.body.replaceChildren();
  // Replace, never push: "back" must not return to the chat. Inside an embed, the whole host page goes.
  try {
    if (embedded && window.top && window.top !== window) {
      window.top.location.replace(quickExitUrl);
      return;
    }
  } catch {
    // A host page that forbids top navigation: at least this frame leaves.
  }
  location.replace(quickExitUrl);
}

function listenForQuickExit(): void {
  element('quick-exit').addEventListener('click', quickExit);
  let presses: number[] = [];
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    presses = [...presses.filter((at) => now - at < 1500), now];
    if (presses.length >= 3) quickExit();
  });
}

function notice(text: string | null): void {
  const node = element('notice');
  node.textContent = text ?? '';
  show(node, text !== null);
}

function ui(key: keyof (typeof TEXTS)['en']): string {
  return TEXTS[language][key];
}

async function loadSetup(): Promise<void> {
  const setup = await api<Setup>('GET', `/chat/${helplineId}/setup`);
  quickExitUrl = setup.quickExitUrl;
  const languageSelect = element<HTMLSelectElement>('language');
  for (const code of setup.languages)
    languageSelect.append(make('option', TEXTS.languageNames[code] ?? code, { value: code }));
  const topicSelect = element<HTMLSelectElement>('topic');
  const renderChoices = () => {
    language = (languageSelect.value in TEXTS ? languageSelect.value : 'en') as UiLanguage;
    document.documentElement.lang = language;
    element('title').textContent = ui('title');
    element('intro').textContent = ui('intro');
    // The helpline's own welcome and notice, in the chosen language (English where it wrote none).
    for (const [id, texts] of [
      ['greeting', setup.greeting],
      ['announcement', setup.announcement],
    ] as const) {
      element(id).textContent = texts ? pick(texts, language) : '';
      show(element(id), texts !== null);
    }
    element('start').textContent = ui('start');
    element('quick-exit').textContent = ui('quickExit');
    topicSelect.replaceChildren(make('option', '—', { value: '' }));
    for (const topic of setup.topics)
      topicSelect.append(make('option', pick(topic.label, language), { value: topic.code }));
    const triage = element('triage');
    triage.replaceChildren(make('legend', ui('triageLegend')));
    for (const question of setup.triage) {
      const group = make('div', undefined, { role: 'radiogroup', 'aria-labelledby': `q-${question.id}` });
      group.append(make('p', pick(question.question, language), { id: `q-${question.id}` }));
      for (const answer of question.answers) {
        const id = `a-${question.id}-${answer.id}`;
        const input = make('input', undefined, { type: 'radio', name: question.id, value: answer.id, id });
        const label = make('label', pick(answer.label, language), { for: id });
        label.prepend(input);
        group.append(label);
      }
      triage.append(group);
    }
  };
  languageSelect.addEventListener('change', renderChoices);
  renderChoices();
  show(element('start-form'), true);
}

async function start(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const answers: Record<string, string> = {};
  for (const input of document.querySelectorAll<HTMLInputElement>('#triage input[type=radio]:checked'))
    answers[input.name] = input.value;
  const topic = element<HTMLSelectElement>('topic').value;
  try {
    const started = await api<Status & { token: string }>('POST', `/chat/${helplineId}/conversations`, undefined, {
      language: element<HTMLSelectElement>('language').value,
      ...(topic ? { topic } : {}),
      triage: answers,
    });
    token = started.token;
    notice(null);
    show(element('start-form'), false);
    show(element('conversation'), true);
    element('send').textContent = ui('send');
    element('leave').textContent = ui('leave');
    renderStatus(started);
    connect();
    setInterval(() => void refreshStatus(), STATUS_EVERY_MS);
  } catch (error) {
    notice((error as Error).message);
  }
}

function connect(): void {
  socket = io('/chat', { transports: ['websocket'], auth: { token } });
  socket.on('connect', () => {
    show(element('connection'), false);
    void catchUp().then(resendPending);
  });
  socket.on('disconnect', () => show(element('connection'), true));
  socket.on('connect_error', () => show(element('connection'), true));
  socket.on('chat.message', (message) => {
    if (log.hasGapBefore(message.seq)) void catchUp();
    receive([message]);
  });
  socket.on('chat.typing', ({ typing }) => show(element('typing'), typing));
  socket.on('chat.state', () => void refreshStatus());
}

async function catchUp(): Promise<void> {
  if (!socket) return;
  const reply = (await socket.emitWithAck('chat.sync', { afterSeq: log.lastSeq })) as {
    messages?: ChatMessagePayload[];
  };
  if (reply.messages) receive(reply.messages);
}

function receive(messages: ChatMessagePayload[]): void {
  for (const message of messages) pending.delete(message.clientId);
  if (log.add(messages)) render();
}

async function resendPending(): Promise<void> {
  for (const [id, text] of pending) await deliver(id, text);
}

async function deliver(id: string, text: string): Promise<void> {
  if (!socket?.connected) return; // kept pending: sent again on reconnect
  const reply = (await socket
    .timeout(10_000)
    .emitWithAck('chat.send', { clientId: id, text })
    .catch(() => ({}))) as {
    seq?: number;
    error?: { message: string };
  };
  if (reply.error) {
    pending.delete(id);
    notice(reply.error.message);
    render();
  } else if (reply.seq !== undefined) {
    await catchUp();
  }
}

function render(): void {
  const list = element('messages');
  list.replaceChildren(
    ...log
      .ordered()
      .map((message) => make('li', message.text, { class: message.sender, 'data-seq': String(message.seq) })),
    ...[...pending.values()].map((text) => make('li', text, { class: 'caller pending' })),
  );
  list.lastElementChild?.scrollIntoView({ block: 'end' });
}

function renderStatus(status: Status): void {
  const text = element('status');
  switch (status.state) {
    case 'waiting': {
      const wait =
        status.estimatedWaitSeconds === null
          ? ui('waitUnknown')
          : ui('waitAbout').replace('{minutes}', String(Math.max(1, Math.round(status.estimatedWaitSeconds / 60))));
      text.textContent = `${ui('place').replace('{position}', String(status.position ?? '?'))} ${wait}`;
      text.dataset.position = String(status.position ?? '');
      break;
    }
    case 'connected':
      text.textContent = ui('connected');
      break;
    case 'callback':
      text.textContent = ui('callbackPromised');
      break;
    case 'ended':
      text.textContent = ui('ended');
      show(element('compose'), false);
      break;
  }
  text.dataset.state = status.state;
  show(element('callback-form'), status.state === 'waiting' && status.offerCallback);
  element('callback-offer').textContent = ui('callbackOffer');
  if (status.lastSeq > log.lastSeq) void catchUp();
}

async function refreshStatus(): Promise<void> {
  if (!token) return;
  try {
    renderStatus(await api<Status>('GET', '/chat/status', token));
  } catch {
    // Offline for a moment: the next tick tries again, and the connection notice says what is going on.
  }
}

function listenForCompose(): void {
  const input = element<HTMLTextAreaElement>('message');
  let typingSince: number | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    if (typingSince === undefined && socket?.connected) socket.emit('chat.typing', { typing: true }, () => undefined);
    typingSince = Date.now();
    clearTimeout(idle);
    idle = setTimeout(() => {
      typingSince = undefined;
      socket?.emit('chat.typing', { typing: false }, () => undefined);
    }, TYPING_IDLE_MS);
  });
  element<HTMLFormElement>('compose').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    const id = clientId();
    pending.set(id, text);
    render();
    void deliver(id, text);
  });
  element('leave').addEventListener('click', () => {
    if (!token) return;
    void api('POST', '/chat/leave', token).then(() => refreshStatus());
  });
  element<HTMLFormElement>('callback-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const number = element<HTMLInputElement>('callback-number');
    void api<{ promisedBy: number }>('POST', '/chat/callback', token, { number: number.value.replace(/[\s-]/g, '') })
      .then((receipt) => {
        number.value = '';
        const by = new Date(receipt.promisedBy).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
        notice(null);
        element('status').textContent = ui('callbackBy').replace('{time}', by);
        show(element('callback-form'), false);
        show(element('compose'), false);
      })
      .catch((error: Error) => notice(error.message));
  });
}

listenForQuickExit();
listenForCompose();
element<HTMLFormElement>('start-form').addEventListener('submit', (event) => void start(event));
loadSetup().catch((error: Error) => notice(error.message));
