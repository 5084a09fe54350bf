import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  CLIENT_EVENT_NAMES,
  CHAT_CLIENT_EVENT_NAMES,
  SUPERVISOR_CLIENT_EVENT_NAMES,
  SUPERVISOR_NAMESPACE,
} from '@tuki/contracts';
import { STAFF_ROLES, type AccessRule, type StaffRole } from '@tuki/platform';
import { pluginRuleFor } from '../apps/api/src/plugin-routes';
import { declaredAccess } from './support/access-map';
import { seedHelpline, startApi, type RunningApi } from './support/api-harness';

type Caller = StaffRole | 'anonymous' | 'service';
const CALLERS: Caller[] = ['anonymous', 'service', ...STAFF_ROLES];

/** A plan id per helpline id, asked for by its supervisor in beforeAll. */
const plans = new Map<string, string>();

/** A few hours of a tiny line: the plan is done in well under a second. */
const TINY_SCENARIO = {
  name: 'access-check',
  seed: 1,
  hours: 2,
  arrivals: { perHour: 5, languages: { fi: 1 } },
  handleTime: { distribution: 'fixed', seconds: 300 },
  patience: { distribution: 'never' },
  agents: [{ languages: ['fi'], count: 1 }],
};

/**
 * For every route that takes an id, how to find an object of a given helpline. A new route with a parameter and no
 * entry here fails the test, so cross-helpline checks cover routes added later.
 */
const OBJECT_OF: Record<string, (seed: Seeded) => string> = {
  '/staff/users/:id': (seed) => seed.users.agent.id,
  '/service-credentials/:id': (seed) => seed.spareServiceCredentialId,
  '/routing-queues/:id': (seed) => seed.queueId,
  '/supervision/surge-thresholds/:queueId': (seed) => seed.queueId,
  '/help-requests/:id': (seed) => seed.helpRequestId,
  '/contacts/:id': (seed) => seed.contactId,
  '/offers/:id': (seed) => seed.contactId,
  '/agents/:id': (seed) => seed.users.agent.id,
  // A callback's id is its contact's id.
  '/callbacks/:id': (seed) => seed.contactId,
  '/callbacks/:id/attempts/:attempt': () => '1',
  '/cases/:id': (seed) => seed.caseId,
  '/cases/:id/contacts/:contactId': (seed) => seed.contactId,
  '/case-access/break-glass/:id': (seed) => seed.breakGlassId,
  '/chat/:helplineId': (seed) => seed.helplineId,
  '/web/chat/:helplineId': (seed) => seed.helplineId,
  '/web/embed/:helplineId': (seed) => seed.helplineId,
  '/web/assets/:file': () => 'chat.js',
  '/telephony/twilio/:helplineId': (seed) => seed.helplineId,
  '/telephony/agents/:id': (seed) => seed.users.agent.id,
  // No seeded block: any id of another helpline's list must answer as a made-up one (test/block-list.e2e-spec.ts
  // covers lifting).
  '/block-list/:id': (seed) => seed.contactId,
  '/statistics/exports/:id': (seed) => seed.statisticsExportId ?? 'not-seeded',
  // Plans are jobs, not rows: each helpline's is asked for in beforeAll; a made-up helpline gets a made-up id.
  '/planner/plans/:id': (seed) => plans.get(seed.helplineId) ?? randomUUID(),
};

type Seeded = Awaited<ReturnType<typeof seedHelpline>>;

function expectedStatusClass(rule: AccessRule, caller: Caller): 'allowed' | 401 | 403 {
  switch (rule.kind) {
    case 'public':
      return 'allowed';
    case 'service':
      // Only a service credential: a person's token, however senior, is not one.
      return caller === 'service' ? 'allowed' : 401;
    case 'roles':
      if (caller === 'anonymous' || caller === 'service') return 401;
      return rule.roles.includes(caller) ? 'allowed' : 403;
    case 'caller':
      // Only a conversation's capability: no staff token or service credential is one (test/chat.e2e-spec.ts).
      return 401;
  }
}

function tokenOf(seed: Seeded, caller: Caller): string | undefined {
  if (caller === 'anonymous') return undefined;
  return caller === 'service' ? seed.service.token : seed.users[caller].accessToken;
}

function fill(url: string, seed: Seeded): string {
  // The object a parameter names is identified by the path up to it: /staff/users/:id/unlock -> /staff/users/:id.
  return url.replace(/:([A-Za-z]+)/g, (param: string, _name: string, offset: number) => {
    const resource = url.slice(0, offset + param.length);
    const fixture = OBJECT_OF[resource];
    if (!fixture) throw new Error(`Route ${url} takes ${param}: add ${resource} to OBJECT_OF`);
    return fixture(seed);
  });
}

async function call(api: RunningApi, method: string, path: string, token?: string) {
  const hasBody = method === 'POST' || method === 'PATCH' || method === 'PUT';
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    body: hasBody ? '{}' : undefined,
  });
  await response.arrayBuffer();
  return response.status;
}

function connect(api: RunningApi, token?: string, namespace = ''): Socket {
  return io(api.url + namespace, {
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

describe('access control', () => {
  let api: RunningApi;
  let a: Seeded;
  let b: Seeded;

  beforeAll(async () => {
    api = await startApi('access');
    a = await seedHelpline(api, 'Helpline A', { withStatisticsExport: true });
    b = await seedHelpline(api, 'Helpline B', { withStatisticsExport: true });
    for (const seed of [a, b]) {
      const response = await fetch(`${api.url}/planner/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seed.users.supervisor.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: TINY_SCENARIO }),
      });
      if (response.status !== 202) throw new Error(`plan not queued: ${response.status} ${await response.text()}`);
      plans.set(seed.helplineId, ((await response.json()) as { id: string }).id);
    }
  });

  afterAll(async () => {
    await api.close();
  });

  function ruleOf(method: string, url: string): AccessRule | undefined {
    const declared = declaredAccess(api.app).http;
    const nest = declared.get(`${method === 'HEAD' ? 'GET' : method} ${url}`);
    if (nest) return nest.rule;
    if (pluginRuleFor(url)) return { kind: 'public', why: 'plugin route, open outside production' };
    return undefined;
  }

  it('finds an access rule for every route Fastify registered, plugins included', () => {
    const undeclared = api.routes.filter((r) => r.method !== 'OPTIONS' && !ruleOf(r.method, r.url));
    expect(undeclared).toEqual([]);
    expect(api.routes.length).toBeGreaterThan(10);
  });

  it('answers every route for each role exactly as its rule says', async () => {
    const mismatches: string[] = [];
    for (const route of api.routes.filter((r) => r.method !== 'OPTIONS')) {
      const rule = ruleOf(route.method, route.url)!;
      const path = fill(route.url, a);
      for (const caller of CALLERS) {
        const status = await call(api, route.method, path, tokenOf(a, caller));
        const expected = expectedStatusClass(rule, caller);
        const ok = expected === 'allowed' ? status !== 401 && status !== 403 && status < 500 : status === expected;
        if (!ok) mismatches.push(`${route.method} ${route.url} as ${caller}: ${status}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('treats every object of another helpline as if it did not exist, on every route that takes an id', async () => {
    // B's object must answer exactly as a made-up id does: 404, the same 400 when the (empty) body is refused before
    // any lookup, or the same 409 when the caller holds no offer for it; the answer tells nothing about B.
    const mismatches: string[] = [];
    // (A page's script or style, /web/assets/:file, is named by a file name, not an object id.)
    const withIds = api.routes.filter(
      (r) => r.url.includes(':') && !r.url.includes(':file') && r.method !== 'OPTIONS' && r.method !== 'HEAD',
    );
    expect(withIds.length).toBeGreaterThan(0);
    const madeUp: Seeded = {
      ...b,
      helplineId: randomUUID(),
      users: Object.fromEntries(
        Object.entries(b.users).map(([role, user]) => [role, { ...user, id: randomUUID() }]),
      ) as Seeded['users'],
      spareServiceCredentialId: randomUUID(),
      queueId: randomUUID(),
      contactId: randomUUID(),
      caseId: randomUUID(),
      breakGlassId: randomUUID(),
    };
    for (const route of withIds) {
      const rule = ruleOf(route.method, route.url)!;
      for (const caller of CALLERS) {
        if (expectedStatusClass(rule, caller) !== 'allowed') continue;
        const ofB = await call(api, route.method, fill(route.url, b), tokenOf(a, caller));
        const ofNobody = await call(api, route.method, fill(route.url, madeUp), tokenOf(a, caller));
        if (ofB !== ofNobody || ![400, 404, 409].includes(ofB)) {
          mismatches.push(
            `${route.method} ${route.url} as ${caller} of A: B's object ${ofB}, a made-up id ${ofNobody}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a socket with no token or a bad one', async () => {
    await expect(connected(connect(api))).rejects.toThrow('UNAUTHENTICATED');
    await expect(connected(connect(api, 'not-a-token'))).rejects.toThrow('UNAUTHENTICATED');
    const forged = a.users.agent.accessToken.replace(/\.[^.]+$/, '.AAAA');
    await expect(connected(connect(api, forged))).rejects.toThrow('UNAUTHENTICATED');
  });

  it('declares a rule for every socket event, and each role gets exactly what it allows', async () => {
    const all = declaredAccess(api.app).socket;
    const declared = new Map([...all].filter(([key]) => !key.includes(' ')));
    expect([...declared.keys()].sort()).toEqual([...CLIENT_EVENT_NAMES].sort());
    // The callers' namespace: every event there is for the conversation's capability only (test/chat.e2e-spec.ts
    // shows staff tokens refused at its handshake).
    const callers = [...all].filter(([key]) => key.startsWith('/chat '));
    expect(callers.map(([key]) => key.slice('/chat '.length)).sort()).toEqual([...CHAT_CLIENT_EVENT_NAMES].sort());
    for (const [, { rule }] of callers) expect(rule?.kind).toBe('caller');
    // The supervisors' namespace: its handshake admits supervisors and admins only, and each event says so again.
    const supervisors = [...all].filter(([key]) => key.startsWith(`${SUPERVISOR_NAMESPACE} `));
    expect(supervisors.map(([key]) => key.slice(SUPERVISOR_NAMESPACE.length + 1)).sort()).toEqual(
      [...SUPERVISOR_CLIENT_EVENT_NAMES].sort(),
    );
    for (const [, { rule }] of supervisors)
      expect(rule).toMatchObject({ kind: 'roles', roles: ['supervisor', 'admin'] });
    expect(all.size).toBe(declared.size + callers.length + supervisors.length);
    for (const role of STAFF_ROLES) {
      const socket = connect(api, a.users[role].accessToken, SUPERVISOR_NAMESPACE);
      const admitted = await connected(socket).then(
        () => 'admitted',
        (error: Error) => error.message,
      );
      expect({ role, admitted }).toEqual({
        role,
        admitted: ['supervisor', 'admin'].includes(role) ? 'admitted' : 'FORBIDDEN',
      });
      socket.disconnect();
    }
    for (const role of STAFF_ROLES) {
      const socket = connect(api, a.users[role].accessToken);
      await connected(socket);
      for (const [event, { rule }] of declared) {
        expect({ event, rule: rule?.kind }).not.toEqual({ event, rule: undefined });
        const expected = expectedStatusClass(rule!, role);
        const answer = await new Promise<{ ack?: unknown; exception?: { code: string } }>((resolve) => {
          socket.once('exception', (exception: { code: string }) => resolve({ exception }));
          socket.emit(event, (ack: unknown) => resolve({ ack }));
        });
        // An allowed event may still refuse its (empty) payload; it must never answer FORBIDDEN.
        const outcome = answer.exception?.code === 'FORBIDDEN' ? 'refused' : 'let through';
        expect({ event, role, outcome }).toEqual({
          event,
          role,
          outcome: expected === 'allowed' ? 'let through' : 'refused',
        });
      }
      socket.disconnect();
    }
  });

  it('tells a socket who it is, from its own helpline only', async () => {
    const socket = connect(api, b.users.supervisor.accessToken);
    await connected(socket);
    const me = await socket.emitWithAck('session.describe');
    expect(me).toEqual({ userId: b.users.supervisor.id, helplineId: b.helplineId, roles: ['supervisor'] });
    socket.disconnect();
  });
});
