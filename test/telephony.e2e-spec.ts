import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import { DIALLER, type Dialler } from '@tuki/contracts';
import { TransactionRunner } from '@tuki/platform';
import { TelephonyCalls, TwilioDialler, TwilioHttp } from '@tuki/telephony';
import { AgentSocket } from './support/agent-socket';
import { verify } from 'jsonwebtoken';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { addAgent, freshLine } from './support/callbacks';
import { send, until } from './support/http';

/*
 * Phone calls through Twilio, end to end: requests in Twilio's exact format (form posts with Twilio's parameters,
 * fixtures in test/fixtures/twilio) signed as Twilio signs them against PUBLIC_BASE_URL, which is not the address
 * the test reaches (as behind a TLS proxy). REST calls to Twilio go through Twilio's helper library into a recorder.
 */

const fixture = (name: string) =>
  (
    JSON.parse(readFileSync(join(__dirname, 'fixtures/twilio', `${name}.json`), 'utf8')) as {
      params: Record<string, string>;
    }
  ).params;

const PUBLIC = 'https://helpline.example.org';
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const API_KEY = `SK${randomBytes(16).toString('hex')}`;
const API_SECRET = randomBytes(24).toString('base64url');
const LINE = '+358942000000';
const CALLER = '+358401234567';
const AGENT_PHONE = '+358401110000';
const ALLOWED_VERBS = new Set(['Response', 'Say', 'Gather', 'Pause', 'Redirect', 'Dial', 'Number', 'Client', 'Hangup']);

/** Well-formed TwiML: one Response, only the verbs Tuki uses, every tag closed in order. */
function expectValidTwiml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
    expect(ALLOWED_VERBS.has(name)).toBe(true);
    if (selfClosing) continue;
    if (closing) expect(open.pop()).toBe(name);
    else open.push(name);
  }
  expect(open).toEqual([]);
}

const newSid = () => `CA${randomBytes(16).toString('hex')}`;

describe('telephony (Twilio)', () => {
  let api: RunningApi;
  let seed: SeededHelpline;
  const sockets: AgentSocket[] = [];

  /** Posts a webhook as Twilio does; `sign` decides the signature (default: Twilio's, for the public URL). */
  const twilioPost = async (
    path: string,
    params: Record<string, string>,
    sign: { token?: string; url?: string; none?: boolean } = {},
  ) => {
    const url = `${PUBLIC}${path}`;
    const signature = twilio.getExpectedTwilioSignature(sign.token ?? TOKEN, sign.url ?? url, params);
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(sign.none ? {} : { 'x-twilio-signature': signature }),
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const hook = (name: string) => `/telephony/twilio/${seed.helplineId}/${name}`;
  const incomingParams = (sid: string) => ({ ...fixture('incoming-call'), AccountSid: ACCOUNT, CallSid: sid });
  const callParams = (sid: string, extra: Record<string, string>) => ({
    ...incomingParams(sid),
    CallStatus: 'in-progress',
    ...extra,
  });
  const contactOfCall = async (sid: string) => {
    const call = await api.app.get(TelephonyCalls).find(seed.helplineId, 'twilio', sid);
    if (!call?.contactId) return undefined;
    return (await send(api, 'GET', `/contacts/${call.contactId}`, seed.users.supervisor.accessToken)).body;
  };
  const schema = () => (api.config.database.type === 'postgres' ? api.config.database.schema : 'main');
  const contactsOfHelpline = () =>
    api.app.get(TransactionRunner).run(async (manager) => {
      const rows: { n: string }[] = await manager.query(
        `SELECT count(*) AS n FROM "${schema()}".contacts WHERE helpline_id = $1`,
        [seed.helplineId],
      );
      return Number(rows[0].n);
    });

  beforeAll(async () => {
    api = await startApi('telephony', {
      env: {
        PUBLIC_BASE_URL: PUBLIC,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_KEY_SID: API_KEY,
        TWILIO_API_KEY_SECRET: API_SECRET,
        CALLBACK_DIALLER: 'twilio',
      },
    });
    seed = await freshLine(api, 'Phone line');
    const saved = await send(api, 'PUT', '/telephony-settings', seed.users.admin.accessToken, {
      lines: [{ number: LINE, queueId: seed.queueId, language: 'fi' }],
      callerId: LINE,
      announceEverySeconds: 60,
      holdSeconds: 5,
      callbackKey: '1',
    });
    if (saved.status !== 200) throw new Error(`telephony settings not saved: ${JSON.stringify(saved.body)}`);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api.close();
  });

  it('queues a correctly signed incoming call and answers with TwiML in the language of the number dialled', async () => {
    const sid = newSid();
    const reply = await twilioPost(hook('voice'), incomingParams(sid));
    expect(reply.status).toBe(200);
    expect(reply.type).toContain('text/xml');
    expectValidTwiml(reply.text);
    expect(reply.text).toContain('<Say language="fi-FI" voice="Polly.Suvi-Neural">Tervetuloa tukipuhelimeen.');
    // Nobody is on duty: the callback is offered, listening for the key during the hold; then the loop comes back.
    expect(reply.text).toMatch(
      /<Gather numDigits="1" action="https:\/\/helpline\.example\.org\/telephony\/twilio\/[^/]+\/keys"/,
    );
    expect(reply.text).toContain('paina 1');
    expect(reply.text).toContain('<Pause length="5"/>');
    expect(reply.text).toContain(`<Redirect method="POST">${PUBLIC}${hook('wait')}</Redirect>`);
    const contact = await contactOfCall(sid);
    expect(contact).toMatchObject({ channel: 'voice', language: 'fi', state: 'queued', queueId: seed.queueId });
    // The number became a caller key; it is nowhere in what the api shows.
    expect(contact?.knownCaller).toBe(true);
    expect(JSON.stringify(contact)).not.toContain(CALLER.slice(1));

    // Twilio retries a webhook it got no answer to: the same call, the same contact.
    const before = await contactsOfHelpline();
    expect((await twilioPost(hook('voice'), incomingParams(sid))).status).toBe(200);
    expect(await contactsOfHelpline()).toBe(before);
    await twilioPost(hook('status'), callParams(sid, fixture('status-completed')));
  });

  it('refuses wrongly signed, unsigned and non-form requests and creates nothing', async () => {
    const before = await contactsOfHelpline();
    const sid = newSid();
    const wrongToken = await twilioPost(hook('voice'), incomingParams(sid), { token: randomBytes(16).toString('hex') });
    const unsigned = await twilioPost(hook('voice'), incomingParams(sid), { none: true });
    // Signed for the address the request reached instead of the public one Twilio was given.
    const wrongUrl = await twilioPost(hook('voice'), incomingParams(sid), { url: `${api.url}${hook('voice')}` });
    // Signed, then one parameter changed on the way.
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${hook('voice')}`, incomingParams(sid));
    const tampered = await fetch(`${api.url}${hook('voice')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams({ ...incomingParams(sid), To: '+358942000001' }).toString(),
    });
    expect([wrongToken.status, unsigned.status, wrongUrl.status, tampered.status]).toEqual([403, 403, 403, 403]);
    expect(JSON.parse(wrongToken.text)).toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
    const json = await send(api, 'POST', hook('voice'), undefined, incomingParams(sid));
    expect(json.status).toBe(400);
    // A signed status report for a call nobody made changes nothing either.
    expect((await twilioPost(hook('status'), callParams(newSid(), fixture('status-completed')))).status).toBe(204);

    expect(await api.app.get(TelephonyCalls).find(seed.helplineId, 'twilio', sid)).toBeNull();
    expect(await contactsOfHelpline()).toBe(before);
  });

  it('marks the contact abandoned when the caller hangs up while waiting', async () => {
    const sid = newSid();
    expect((await twilioPost(hook('voice'), incomingParams(sid))).status).toBe(200);
    expect((await contactOfCall(sid))?.state).toBe('queued');

    const ended = await twilioPost(hook('status'), callParams(sid, fixture('status-completed')));
    expect(ended.status).toBe(204);
    const contact = await contactOfCall(sid);
    expect(contact?.state).toBe('abandoned');
    const history = (await send(api, 'GET', `/contacts/${contact?.id}/history`, seed.users.supervisor.accessToken))
      .body as unknown as { change: string; to: string }[];
    // (Queueing names an abandon within its first seconds a short one.)
    expect(history.at(-1)).toMatchObject({ change: 'abandon', to: 'abandoned' });
    // The next turn of the loop (if Twilio still asks) ends the call.
    const after = await twilioPost(hook('wait'), callParams(sid, {}));
    expect(after.text).toContain('<Hangup/>');
  });

  it('makes exactly one callback from a key press, to the number of the call, read back and confirmed', async () => {
    const sid = newSid();
    await twilioPost(hook('voice'), incomingParams(sid));
    const contactId = (await contactOfCall(sid))?.id as string;

    const asked = await twilioPost(hook('keys'), callParams(sid, fixture('key-press')));
    expectValidTwiml(asked.text);
    // Read back digit by digit, and nothing made yet.
    expect(asked.text).toContain('Soitamme numeroon 3 5 8 4 0 1 2 3 4 5 6 7. Vahvista painamalla 1.');
    expect((await contactOfCall(sid))?.state).toBe('queued');

    // The caller confirms; the key press arrives twice at once (a double press, a retried webhook), then again.
    const confirmations = await Promise.all([
      twilioPost(hook('keys'), callParams(sid, fixture('key-press'))),
      twilioPost(hook('keys'), callParams(sid, fixture('key-press'))),
    ]);
    const again = await twilioPost(hook('keys'), callParams(sid, fixture('key-press')));
    for (const reply of [...confirmations, again]) {
      expect(reply.status).toBe(200);
      expect(reply.text).toContain('Soitamme sinulle takaisin.');
      expect(reply.text).toContain('<Hangup/>');
    }
    const open = (await send(api, 'GET', '/callbacks?status=open', seed.users.supervisor.accessToken))
      .body as unknown as { id: string }[];
    expect(open.map((callback) => callback.id)).toEqual([contactId]);
    expect((await contactOfCall(sid))?.state).toBe('callback-pending');

    // The caller hangs up as told: the callback keeps their place, nothing is abandoned.
    await twilioPost(hook('status'), callParams(sid, fixture('status-completed')));
    expect((await contactOfCall(sid))?.state).toBe('callback-pending');
    // Out of the way of the bridging test's agent.
    expect((await send(api, 'POST', `/callbacks/${contactId}/cancel`, seed.users.supervisor.accessToken)).status).toBe(
      200,
    );
  });

  it('places a callback through Twilio: the agent is rung first, then the caller, both shown the helpline number', async () => {
    expect(api.app.get<symbol, Dialler>(DIALLER, { strict: false }).mode).toBe('provider');
    const agentId = seed.users.agent.id;
    expect(
      (
        await send(api, 'PUT', `/telephony/agents/${agentId}/phone`, seed.users.admin.accessToken, {
          number: '040 111 0000',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await send(api, 'PUT', `/telephony/agents/${agentId}/phone`, seed.users.admin.accessToken, {
          number: AGENT_PHONE,
        })
      ).status,
    ).toBe(200);

    const recorded: { method: string; uri: string; data: Record<string, string> }[] = [];
    const http = api.app.get(TwilioHttp);
    const spy = jest.spyOn(http, 'request').mockImplementation((options) => {
      recorded.push({ method: options.method, uri: options.uri, data: options.data as Record<string, string> });
      const sid = newSid();
      return Promise.resolve({
        statusCode: 201,
        body: JSON.stringify({ sid, status: 'queued' }),
        headers: {},
      } as never);
    });
    try {
      const dialled = await api.app.get(TwilioDialler).dial({
        helplineId: seed.helplineId,
        callbackId: seed.contactId,
        attempt: 1,
        agentId,
        number: '+358405550199',
      });
      expect(dialled).toMatchObject({ mode: 'provider', callId: expect.stringMatching(/^CA/) });
    } finally {
      spy.mockRestore();
    }
    // One REST call: the first leg, to the agent, from the helpline's number.
    expect(recorded).toHaveLength(1);
    const [leg] = recorded;
    expect(leg.method).toBe('post');
    expect(leg.uri).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Calls.json`);
    expect(leg.data).toMatchObject({ To: AGENT_PHONE, From: LINE });
    // Its TwiML runs when the agent answers: it tells them, then dials the second leg, the caller, as the helpline.
    expectValidTwiml(leg.data.Twiml);
    const told = leg.data.Twiml.indexOf('Takaisinsoitto.');
    const caller = leg.data.Twiml.search(
      new RegExp(`<Dial [^>]*callerId="\\${LINE}"[^>]*><Number>\\+358405550199</Number></Dial>`),
    );
    expect(told).toBeGreaterThan(0);
    expect(caller).toBeGreaterThan(told);
    // The caller's number went to Twilio in the TwiML only: not in a URL Tuki could log.
    expect(leg.uri).not.toContain('358405550199');
  });

  it("bridges a waiting call to the accepting agent's phone at the next turn of the hold loop", async () => {
    const socket = await AgentSocket.connect(api, seed.users.agent.accessToken);
    sockets.push(socket);
    expect(
      (await send(api, 'POST', '/agents/me/state', seed.users.agent.accessToken, { state: 'available' })).status,
    ).toBe(200);
    const sid = newSid();
    await twilioPost(hook('voice'), incomingParams(sid));
    const contactId = (await contactOfCall(sid))?.id as string;
    await until(() => socket.offers.some((offer) => offer.contactId === contactId), 8000, 'the offer');
    expect((await send(api, 'POST', `/offers/${contactId}/accept`, seed.users.agent.accessToken)).status).toBe(200);

    const bridged = await twilioPost(hook('wait'), callParams(sid, {}));
    expectValidTwiml(bridged.text);
    expect(bridged.text).toContain('Yhdistämme sinut nyt.');
    expect(bridged.text).toContain(
      `<Dial action="${PUBLIC}${hook('wait')}" method="POST" callerId="${LINE}"><Number>${AGENT_PHONE}</Number></Dial>`,
    );
    // The agent's leg ended: Twilio comes back to the loop, which ends the call; the hang-up starts wrap-up.
    expect((await twilioPost(hook('wait'), callParams(sid, {}))).text).toContain('<Hangup/>');
    await twilioPost(hook('status'), callParams(sid, fixture('status-completed')));
    expect((await contactOfCall(sid))?.state).toBe('wrap-up');
  });

  it("gives an agent's browser a short-lived token to take calls as the endpoint bridging rings", async () => {
    expect((await send(api, 'POST', '/telephony/client-token', seed.users.supervisor.accessToken)).status).toBe(403);
    const issued = await send(api, 'POST', '/telephony/client-token', seed.users.agent.accessToken);
    expect(issued.status).toBe(200);
    expect(issued.body.identity).toBe(`agent-${seed.users.agent.id}`);
    // A Twilio access token: signed with the API key's secret, for this account, incoming calls only, for an hour.
    const claims = verify(issued.body.token as string, API_SECRET, { algorithms: ['HS256'] }) as {
      iss: string;
      sub: string;
      exp: number;
      iat: number;
      grants: { identity: string; voice: { incoming: { allow: boolean }; outgoing?: unknown } };
    };
    expect(claims).toMatchObject({ iss: API_KEY, sub: ACCOUNT, grants: { identity: `agent-${seed.users.agent.id}` } });
    expect(claims.grants.voice).toEqual({ incoming: { allow: true } });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(() => verify(issued.body.token as string, 'another secret', { algorithms: ['HS256'] })).toThrow();
  });

  it('drives the same call flow for any other adapter through the provider-neutral webhook', async () => {
    const event = (body: Record<string, unknown>) =>
      send(api, 'POST', '/telephony/calls/events', seed.service.token, body);
    const callId = `pbx-${randomBytes(4).toString('hex')}`;
    const number = '+358401239876';
    expect(await event({ event: 'incoming', callId, from: number })).toMatchObject({
      status: 400,
      body: { message: 'Invalid telephony webhook: incoming needs to: the number dialled' },
    });
    expect(
      (await send(api, 'POST', '/telephony/calls/events', seed.users.agent.accessToken, { event: 'waiting', callId }))
        .status,
    ).toBe(401);

    const incoming = await event({ event: 'incoming', callId, from: number, to: LINE });
    expect(incoming.status).toBe(200);
    expect(incoming.body.step).toMatchObject({
      kind: 'hold',
      say: expect.arrayContaining([expect.objectContaining({ language: 'fi' })]),
    });
    const call = await api.app.get(TelephonyCalls).find(seed.helplineId, 'adapter', callId);
    const contact = (await send(api, 'GET', `/contacts/${call?.contactId}`, seed.users.supervisor.accessToken)).body;
    expect(contact).toMatchObject({ channel: 'voice', state: 'queued', knownCaller: true });
    // Re-sent: the same call and contact; the steps never carry the caller's number.
    await event({ event: 'incoming', callId, from: number, to: LINE });
    expect((await api.app.get(TelephonyCalls).find(seed.helplineId, 'adapter', callId))?.contactId).toBe(contact.id);
    const waiting = await event({ event: 'waiting', callId });
    expect(waiting.body.step).toMatchObject({ kind: 'hold' });
    expect(JSON.stringify([incoming.body, waiting.body])).not.toContain('1239876');

    // The caller hangs up: the contact is abandoned.
    expect((await event({ event: 'hung-up', callId })).body).toEqual({ step: null });
    const after = (await send(api, 'GET', `/contacts/${contact.id}`, seed.users.supervisor.accessToken)).body;
    expect(after.state).toBe('abandoned');
  });

  it('dials a real callback through the attempts route, and records how Twilio says the call to the caller ended', async () => {
    // An agent of their own (with a phone), alone on duty: the seeded agent goes off duty.
    await send(api, 'POST', `/agents/${seed.users.agent.id}/state`, seed.users.supervisor.accessToken, {
      state: 'offline',
    });
    const agent = await addAgent(api, seed, 'dialler');
    await send(api, 'PUT', `/telephony/agents/${agent.id}/phone`, seed.users.admin.accessToken, {
      number: '+358401110001',
    });
    const socket = await AgentSocket.connect(api, agent.token);
    sockets.push(socket);
    await send(api, 'POST', '/agents/me/state', agent.token, { state: 'available' });
    const form = await send(api, 'POST', '/callbacks', seed.service.token, {
      idempotencyKey: 'provider-placed',
      queueId: seed.queueId,
      language: 'fi',
      number: '+358405550188',
    });
    expect(form.status).toBe(200);
    const callbackId = form.body.callback.id as string;
    await until(() => socket.offers.some((offer) => offer.contactId === callbackId), 8000, 'the callback offer');
    expect((await send(api, 'POST', `/offers/${callbackId}/accept`, agent.token)).status).toBe(200);

    const recorded: Record<string, string>[] = [];
    const spy = jest.spyOn(api.app.get(TwilioHttp), 'request').mockImplementation((options) => {
      recorded.push(options.data as Record<string, string>);
      return Promise.resolve({
        statusCode: 201,
        body: JSON.stringify({ sid: newSid(), status: 'queued' }),
        headers: {},
      } as never);
    });
    let dialled;
    try {
      dialled = await send(api, 'POST', `/callbacks/${callbackId}/attempts`, agent.token);
    } finally {
      spy.mockRestore();
    }
    // The agent is told a call is being placed, never the number.
    expect(dialled).toMatchObject({
      status: 200,
      body: { attempt: 1, mode: 'provider', callId: expect.stringMatching(/^CA/) },
    });
    expect(JSON.stringify(dialled.body)).not.toContain('5550188');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ To: '+358401110001', From: LINE });
    const resultPath = `/telephony/twilio/${seed.helplineId}/callback-result?callback=${callbackId}&attempt=1`;
    expect(recorded[0].Twiml).toContain(`action="${PUBLIC}${resultPath.replace('&', '&amp;')}"`);

    // Twilio reports the caller did not answer: wrongly signed, refused; signed, the attempt's outcome, once.
    const ended = { ...callParams(newSid(), {}), DialCallStatus: 'no-answer' };
    expect((await twilioPost(resultPath, ended, { token: randomBytes(16).toString('hex') })).status).toBe(403);
    const reported = await twilioPost(resultPath, ended);
    expect(reported.status).toBe(200);
    expect(reported.text).toContain('<Hangup/>');
    const callback = (await send(api, 'GET', `/callbacks/${callbackId}`, seed.users.supervisor.accessToken)).body;
    expect((await send(api, 'GET', `/contacts/${callbackId}`, seed.users.supervisor.accessToken)).body.state).toBe(
      'callback-pending',
    );
    expect(callback).toMatchObject({
      attemptsMade: 1,
      attempts: [{ attempt: 1, dialMode: 'provider', outcome: 'no-answer', agentId: agent.id }],
    });
    // Reported again (Twilio retries): nothing changes.
    expect((await twilioPost(resultPath, { ...ended, DialCallStatus: 'completed' })).status).toBe(200);
    expect(
      (await send(api, 'GET', `/callbacks/${callbackId}`, seed.users.supervisor.accessToken)).body.attempts,
    ).toEqual(callback.attempts);
  });
});
