import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { CaseRetention } from '@tuki/cases';
import { ChatConversations, DEFAULT_CHAT_SETTINGS } from '@tuki/chat';
import { AgentSocket } from './support/agent-socket';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { addAgent, freshLine } from './support/callbacks';
import { send, until } from './support/http';
import { rows, settled } from './support/theft';
import { moveClock } from './support/cases';

/*
 * The web chat over its public API, as the chat page and the agent's panel use it: settings, triage that raises the
 * priority, the caller's capability (its own conversation only), numbered messages both ways that survive a dropped
 * socket and a reconnect to another api process without loss or duplication, typing, leaving, and transcripts that
 * are sealed in the database.
 */

interface Message {
  seq: number;
  sender: string;
  text: string;
  clientId: string;
}

/** The caller's page, reduced to what it keeps: the messages it has, by number, and what it was told. */
class CallerPage {
  readonly messages = new Map<number, Message>();
  readonly states: string[] = [];
  readonly typing: boolean[] = [];
  socket!: Socket;

  constructor(private readonly token: string) {}

  async connect(api: RunningApi): Promise<void> {
    this.socket = io(`${api.url}/chat`, {
      transports: ['websocket'],
      auth: { token: this.token },
      reconnection: false,
      forceNew: true,
    });
    this.socket.on('chat.message', (m: Message) => this.messages.set(m.seq, m));
    this.socket.on('chat.state', (s: { state: string }) => this.states.push(s.state));
    this.socket.on('chat.typing', (t: { typing: boolean }) => this.typing.push(t.typing));
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('connect_error', reject);
    });
    // What the page does on every (re)connect: ask for everything after the last number it has.
    const { messages } = (await this.socket.emitWithAck('chat.sync', { afterSeq: this.lastSeq })) as {
      messages: Message[];
    };
    for (const m of messages) this.messages.set(m.seq, m);
  }

  get lastSeq(): number {
    return Math.max(0, ...this.messages.keys());
  }

  say(clientId: string, text: string): Promise<{ seq?: number; error?: { code: string } }> {
    return this.socket.timeout(5000).emitWithAck('chat.send', { clientId, text });
  }

  close(): void {
    this.socket?.disconnect();
  }
}

describe('web chat', () => {
  let api: RunningApi;
  let other: RunningApi;
  let seed: SeededHelpline;
  const closers: (() => void)[] = [];

  const configure = (extra: Record<string, unknown> = {}) =>
    send(api, 'PUT', '/chat-settings', seed.users.admin.accessToken, {
      ...DEFAULT_CHAT_SETTINGS,
      enabled: true,
      queueId: seed.queueId,
      embedOrigins: ['https://helpline.example'],
      ...extra,
    });
  const start = (body: Record<string, unknown>) =>
    send(api, 'POST', `/chat/${seed.helplineId}/conversations`, undefined, body);
  const contactOfConversation = async (conversationId: string) =>
    (await api.app.get(ChatConversations).get(seed.helplineId, conversationId)).contactId!;

  beforeAll(async () => {
    api = await startApi('chat');
    // A second api process on the same database and Redis: a caller's page may reconnect to either.
    other = await startApi('chat', { config: api.config });
    seed = await freshLine(api, 'Chat line');
  });

  afterAll(async () => {
    for (const close of closers) close();
    await other.close();
    await api.close();
  });

  it('is off until an admin configures it, and refuses bad settings naming every problem', async () => {
    expect((await send(api, 'GET', `/chat/${seed.helplineId}/setup`)).status).toBe(409);
    const bad = await configure({ queueId: 'nope', embedOrigins: ['ftp://x'], languages: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/queueId/);
    expect(bad.body.message).toMatch(/embedOrigins/);
    expect(bad.body.message).toMatch(/languages/);
    expect((await send(api, 'PUT', '/chat-settings', seed.users.supervisor.accessToken, {})).status).toBe(403);
    expect((await configure()).status).toBe(200);

    const setup = await send(api, 'GET', `/chat/${seed.helplineId}/setup`);
    expect(setup.status).toBe(200);
    expect(setup.body.triage[0]).toMatchObject({ id: 'safe-now', question: { en: 'Are you safe right now?' } });
    // What an answer does to the priority is the helpline's business, not the public page's.
    expect(JSON.stringify(setup.body)).not.toMatch(/priority|riskFlag|queueId|urgent/);
  });

  it('starts an anonymous chat whose triage raises the priority with a reason code, and refuses bad input', async () => {
    const unknownAnswer = await start({ language: 'fi', triage: { 'safe-now': 'maybe' } });
    expect(unknownAnswer.status).toBe(400);
    expect(unknownAnswer.body.message).toContain('triage.safe-now: maybe is not one of its answers');
    expect((await start({ language: 'de' })).body.message).toContain('language: one of fi, sv, en');

    const started = await start({ language: 'fi', topic: 'extortion', triage: { 'safe-now': 'no' } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ state: 'waiting', position: 1, lastSeq: 0 });
    expect(typeof started.body.token).toBe('string');
    const contactId = await contactOfConversation(started.body.conversationId);
    const contact = (await send(api, 'GET', `/contacts/${contactId}`, seed.users.supervisor.accessToken)).body;
    expect(contact).toMatchObject({
      channel: 'chat',
      language: 'fi',
      topic: 'extortion',
      priority: 'urgent',
      riskFlags: ['danger-from-other'],
      knownCaller: false,
    });
    expect((await send(api, 'POST', '/chat/leave', started.body.token)).status).toBe(200);
  });

  it('gives the caller a capability for their own conversation only', async () => {
    const started = (await start({ language: 'fi' })).body;
    const page = new CallerPage(started.token);
    closers.push(() => page.close());
    await page.connect(api);
    // A staff token is not a caller's capability, on the socket or over HTTP; and a caller's is not a staff token.
    await expect(new CallerPage(seed.users.agent.accessToken).connect(api)).rejects.toThrow('UNAUTHENTICATED');
    expect((await send(api, 'GET', '/chat/status', seed.users.supervisor.accessToken)).status).toBe(401);
    expect((await send(api, 'GET', '/contacts/' + seed.contactId, started.token)).status).toBe(401);
    const staffSocket = io(api.url, {
      transports: ['websocket'],
      auth: { token: started.token },
      reconnection: false,
      forceNew: true,
    });
    await expect(
      new Promise<void>((resolve, reject) => {
        staffSocket.once('connect', () => resolve());
        staffSocket.once('connect_error', reject);
      }),
    ).rejects.toThrow('UNAUTHENTICATED');
    staffSocket.disconnect();
    // Once the caller left, the capability opens nothing more.
    expect((await send(api, 'POST', '/chat/leave', started.token)).status).toBe(200);
    expect((await page.say('after-leaving-1', 'hello?')).error).toMatchObject({ code: 'CONVERSATION_ENDED' });
  });

  it('carries numbered messages both ways, through a dropped socket and a reconnect to another api, once each', async () => {
    const started = (await start({ language: 'fi', triage: { 'safe-now': 'yes' } })).body;
    const page = new CallerPage(started.token);
    closers.push(() => page.close());
    await page.connect(api);

    // Written while waiting; a re-send of the same message (the page did not get the answer) is stored once.
    expect(await page.say('caller-msg-01', 'Sain kiristysviestin')).toEqual({ seq: 1 });
    expect(await page.say('caller-msg-01', 'Sain kiristysviestin')).toEqual({ seq: 1 });
    expect((await page.say('x', '')).error).toMatchObject({ code: 'VALIDATION_FAILED' });

    // An agent takes the chat; the caller's page learns at once.
    const agentSocket = await AgentSocket.connect(api, seed.users.agent.accessToken);
    closers.push(() => agentSocket.close());
    const agentMessages: (Message & { contactId: string })[] = [];
    const agentTyping: boolean[] = [];
    agentSocket.socket.on('chat.message', (m: Message & { contactId: string }) => agentMessages.push(m));
    agentSocket.socket.on('chat.typing', (t: { typing: boolean }) => agentTyping.push(t.typing));
    expect(
      (await send(api, 'POST', '/agents/me/state', seed.users.agent.accessToken, { state: 'available' })).status,
    ).toBe(200);
    const offer = await agentSocket.nextOffer(1);
    const contactId = await contactOfConversation(started.conversationId);
    expect(offer).toMatchObject({ contactId, channel: 'chat' });
    expect((await agentSocket.socket.emitWithAck('offer.accept', { contactId })).state).toBe('connected');
    await until(() => page.states.includes('connected'), 8000, 'the caller told an agent joined');

    // The agent reads what was written before, then answers; typing goes both ways.
    const history = await agentSocket.socket.emitWithAck('chat.sync', { contactId, afterSeq: 0 });
    expect(history.messages).toMatchObject([{ seq: 1, sender: 'caller', text: 'Sain kiristysviestin' }]);
    await agentSocket.socket.emitWithAck('chat.typing', { contactId, typing: true });
    await until(() => page.typing.includes(true), 5000, 'the caller sees the agent typing');
    expect(
      await agentSocket.socket.emitWithAck('chat.send', { contactId, clientId: 'agent-msg-01', text: 'Olen täällä.' }),
    ).toEqual({ seq: 2 });
    await until(() => page.messages.has(2), 5000, 'the answer on the caller page');
    await page.socket.emitWithAck('chat.typing', { typing: true });
    await until(() => agentTyping.includes(true), 5000, 'the agent sees the caller typing');
    expect(await page.say('caller-msg-02', 'Mitä teen?')).toEqual({ seq: 3 });
    await until(() => agentMessages.some((m) => m.seq === 3 && m.contactId === contactId), 5000, 'the agent gets it');

    // Another agent cannot read or write this chat.
    const second = await addAgent(api, seed, 'nosy');
    const nosy = await AgentSocket.connect(api, second.token);
    closers.push(() => nosy.close());
    expect((await nosy.socket.emitWithAck('chat.sync', { contactId, afterSeq: 0 })).error).toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    expect(
      (await nosy.socket.emitWithAck('chat.send', { contactId, clientId: 'nosy-msg-01', text: 'hi' })).error,
    ).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });

    // The caller's connection drops; the agent writes twice meanwhile; the page comes back through the other api
    // process and has every message exactly once, in order.
    page.close();
    await agentSocket.socket.emitWithAck('chat.send', { contactId, clientId: 'agent-msg-02', text: 'Älä maksa.' });
    await agentSocket.socket.emitWithAck('chat.send', {
      contactId,
      clientId: 'agent-msg-03',
      text: 'Tehdään rikosilmoitus.',
    });
    await page.connect(other);
    expect([...page.messages.values()].sort((a, b) => a.seq - b.seq).map((m) => [m.seq, m.sender])).toEqual([
      [1, 'caller'],
      [2, 'agent'],
      [3, 'caller'],
      [4, 'agent'],
      [5, 'agent'],
    ]);
    // Written through the other process, delivered to the agent on the first.
    expect(await page.say('caller-msg-03', 'Kiitos')).toEqual({ seq: 6 });
    await until(() => agentMessages.some((m) => m.seq === 6), 5000, 'the agent gets a message sent via the other api');

    // The transcript is sealed: the database holds none of the words.
    const sealed = await rows(api, 'SELECT body_sealed FROM {chat_messages}');
    expect(sealed.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(sealed)).not.toMatch(/kiristys|maksa|rikosilmoitus|Kiitos/i);

    // The agent ends the conversation: the caller's page is told, and it takes no more messages.
    expect((await send(api, 'POST', `/contacts/${contactId}/end`, seed.users.agent.accessToken)).status).toBe(200);
    await until(() => page.states.includes('ended'), 8000, 'the caller told the chat ended');
    expect((await page.say('caller-msg-04', 'Hei?')).error).toMatchObject({ code: 'CONVERSATION_ENDED' });
    await send(api, 'POST', `/contacts/${contactId}/complete`, seed.users.agent.accessToken);
  });

  it('limits how many chats one address starts', async () => {
    // Earlier tests started 3 on this helpline from this address (refused requests do not count); the limit is 5 per
    // 10 minutes.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await start({ language: 'sv' }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 429]);
    expect(answers[2].body.message).toMatch(/Too many chats started from this address/);
    for (const answer of answers) if (answer.status === 201) await send(api, 'POST', '/chat/leave', answer.body.token);
  });

  it('lets a waiting caller leave a number and keep their place', async () => {
    // A helpline of its own: the limit above is per helpline and address.
    const line = await freshLine(api, `Chat callback ${randomUUID().slice(0, 4)}`);
    await send(api, 'PUT', '/chat-settings', line.users.admin.accessToken, {
      ...DEFAULT_CHAT_SETTINGS,
      enabled: true,
      queueId: line.queueId,
    });
    const started = await send(api, 'POST', `/chat/${line.helplineId}/conversations`, undefined, { language: 'fi' });
    expect(started.status).toBe(201);
    const callback = await send(api, 'POST', '/chat/callback', started.body.token, { number: '+358405550199' });
    expect(callback.status).toBe(200);
    expect(callback.body).toMatchObject({ merged: false });
    expect(JSON.stringify(callback.body)).not.toContain('5550199');
    // The conversation is over, but the caller's page keeps saying a call is coming (as the pushed state does).
    expect((await send(api, 'GET', '/chat/status', started.body.token)).body).toMatchObject({ state: 'callback' });
  });

  it('shreds transcripts with the helpline’s retention period, as case notes are', async () => {
    // A helpline of its own: the rate limit test above used up this address's chats on the shared one.
    const line = await freshLine(api, `Chat retention ${randomUUID().slice(0, 4)}`);
    await send(api, 'PUT', '/chat-settings', line.users.admin.accessToken, {
      ...DEFAULT_CHAT_SETTINGS,
      enabled: true,
      queueId: line.queueId,
    });
    // A language the queue does not serve is refused, and leaves no half-made conversation behind.
    const refused = await send(api, 'POST', `/chat/${line.helplineId}/conversations`, undefined, { language: 'en' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'QUEUE_CANNOT_TAKE_CONTACT' } });
    expect(await rows(api, 'SELECT id FROM {chat_conversations} WHERE helpline_id = $1', [line.helplineId])).toEqual(
      [],
    );
    const started = (await send(api, 'POST', `/chat/${line.helplineId}/conversations`, undefined, { language: 'fi' }))
      .body;
    const page = new CallerPage(started.token);
    closers.push(() => page.close());
    await page.connect(api);
    expect(await page.say('retained-msg-01', 'Tämä poistetaan ajallaan.')).toEqual({ seq: 1 });
    expect((await send(api, 'POST', '/chat/leave', started.token)).status).toBe(200);
    const kept = await rows<{ body_sealed: string }>(
      api,
      'SELECT body_sealed FROM {chat_messages} WHERE conversation_id = $1',
      [started.conversationId],
    );
    const [{ data_key_id: dataKeyId }] = await rows<{ data_key_id: string }>(
      api,
      'SELECT data_key_id FROM {chat_conversations} WHERE id = $1',
      [started.conversationId],
    );
    const conversations = api.app.get(ChatConversations);
    expect((await conversations.since(line.helplineId, started.conversationId, 0))[0].text).toBe(
      'Tämä poistetaan ajallaan.',
    );

    // A year and a day later (the default 365 days), retention runs and the chat domain shreds the transcript.
    const later = moveClock(api, 366 * 24 * 3600_000);
    try {
      await api.app.get(CaseRetention).apply(line.helplineId);
    } finally {
      later.restore();
    }
    await settled(api);
    await until(
      async () => (await conversations.since(line.helplineId, started.conversationId, 0).catch(() => null)) === null,
      10_000,
      'the transcript purged',
    );
    const [conversation] = await rows<{ status: string; data_key_id: string | null }>(
      api,
      'SELECT status, data_key_id FROM {chat_conversations} WHERE id = $1',
      [started.conversationId],
    );
    expect(conversation).toEqual({ status: 'purged', data_key_id: null });
    expect(
      await rows(api, 'SELECT body_sealed FROM {chat_messages} WHERE conversation_id = $1', [started.conversationId]),
    ).toEqual([{ body_sealed: null }]);
    // A copy of the ciphertext taken before (a backup) stays unreadable: its data key is destroyed.
    expect(kept[0].body_sealed.length).toBeGreaterThan(20);
    // (Checked on the row: this process may still hold the key in its 60 s cache; the purge ran on either process.)
    expect(
      await rows(api, 'SELECT wrapped_key, destroyed_at IS NOT NULL AS destroyed FROM {data_keys} WHERE id = $1', [
        dataKeyId,
      ]),
    ).toEqual([{ wrapped_key: '', destroyed: true }]);
  });
});
