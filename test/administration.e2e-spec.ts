import { AgentSocket } from './support/agent-socket';
import { TEST_PASSWORD, startApi, totpNow, type RunningApi, type SeededHelpline } from './support/api-harness';
import { freshLine } from './support/callbacks';
import { send, until } from './support/http';
import * as OTPAuth from 'otpauth';

/*
 * What the administration page relies on, through the api: an admin resets a second factor (the account's tokens end
 * and it enrols again at its next sign-in), every staff, profile and queue change is in the audit with who made it,
 * and changes made through one api process count at once for routing on another (two processes, one database and
 * one Redis): a reopened queue and a new language reach an agent whose socket is on the other process.
 */

interface AuditEntry {
  action: string;
  subjectId: string;
  fields: string[];
  actor: { kind: string; id: string; roles: string[] };
}

describe('administration api', () => {
  let api: RunningApi;
  let other: RunningApi;
  let seed: SeededHelpline;

  beforeAll(async () => {
    api = await startApi('administration');
    other = await startApi('administration-2', { config: api.config });
    seed = await freshLine(api, 'Administration line');
  });

  afterAll(async () => {
    await other?.close();
    await api?.close();
  });

  const admin = () => seed.users.admin.accessToken;

  async function auditOf(subjectId: string): Promise<AuditEntry[]> {
    const reply = await send(api, 'GET', `/audit?subjectId=${subjectId}&limit=50`, admin());
    expect(reply.status).toBe(200);
    return (reply.body as unknown as AuditEntry[]).reverse();
  }

  it('resets a second factor: the tokens end at once and the account enrols again at its next sign-in', async () => {
    const { supervisor } = seed.users;
    expect((await send(api, 'GET', '/staff/me', supervisor.accessToken)).status).toBe(200);
    const reset = await send(api, 'POST', `/staff/users/${supervisor.id}/mfa-reset`, admin());
    expect(reset).toMatchObject({ status: 200, body: { id: supervisor.id, mfaEnrolled: false } });

    // On both processes: the old access token and the refresh token are refused.
    expect((await send(api, 'GET', '/staff/me', supervisor.accessToken)).status).toBe(401);
    expect((await send(other, 'GET', '/staff/me', supervisor.accessToken)).status).toBe(401);
    const refresh = await send(api, 'POST', '/auth/refresh', undefined, { refreshToken: supervisor.refreshToken });
    expect(refresh.status).toBe(401);
    // The old code no longer signs in: the account must set up a new authenticator.
    const credentials = { login: supervisor.login, password: TEST_PASSWORD };
    const old = await send(api, 'POST', '/auth/sign-in', undefined, {
      ...credentials,
      totp: totpNow(supervisor.totpSecret!, Date.now() + 30_000),
    });
    expect(old).toMatchObject({ status: 401, body: { code: 'MFA_ENROLMENT_REQUIRED' } });
    const enrolment = await send(api, 'POST', '/auth/mfa/enrol', undefined, credentials);
    expect(enrolment.status).toBe(200);
    const secret = OTPAuth.Secret.fromBase32(enrolment.body.secret as string);
    const code = new OTPAuth.TOTP({ secret, digits: 6, period: 30 }).generate();
    const confirmed = await send(api, 'POST', '/auth/mfa/confirm', undefined, { ...credentials, totp: code });
    expect(confirmed.status).toBe(200);
    supervisor.accessToken = confirmed.body.accessToken as string;
    supervisor.refreshToken = confirmed.body.refreshToken as string;
    supervisor.totpSecret = enrolment.body.secret as string;
    expect((await send(api, 'GET', '/staff/me', supervisor.accessToken)).body).toMatchObject({ mfaEnrolled: true });

    // An account without a factor is left as it was: its token still works, and nothing is recorded.
    const agent = await send(api, 'POST', `/staff/users/${seed.users.agent.id}/mfa-reset`, admin());
    expect(agent).toMatchObject({ status: 200, body: { mfaEnrolled: false } });
    expect((await send(api, 'GET', '/staff/me', seed.users.agent.accessToken)).status).toBe(200);

    // Only admins, and only their own helpline's accounts (another helpline's is a made-up one).
    expect((await send(api, 'POST', `/staff/users/${supervisor.id}/mfa-reset`, supervisor.accessToken)).status).toBe(
      403,
    );
    const elsewhere = await freshLine(api, 'Administration elsewhere');
    expect(
      (await send(api, 'POST', `/staff/users/${supervisor.id}/mfa-reset`, elsewhere.users.admin.accessToken)).status,
    ).toBe(404);

    const entries = await auditOf(supervisor.id);
    // The seed made the account through the service, with no signed-in user: a system actor.
    expect(entries.map((entry) => [entry.action, entry.actor.kind])).toEqual([
      ['staff.user-created', 'system'],
      ['staff.mfa-reset', 'staff'],
    ]);
    expect(entries[1]).toMatchObject({
      actor: { kind: 'staff', id: seed.users.admin.id, roles: ['admin'] },
      fields: ['totpSecret'],
    });
    expect(await auditOf(seed.users.agent.id)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ action: 'staff.mfa-reset' })]),
    );
  });

  it('records who created, changed, disabled, enabled and unlocked an account, and set an agent’s profile', async () => {
    const login = `agent.audited.${Math.random().toString(36).slice(2, 8)}`;
    const created = await send(api, 'POST', '/staff/users', admin(), {
      login,
      displayName: 'Audited agent',
      roles: ['agent'],
      password: TEST_PASSWORD,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (await send(api, 'PATCH', `/staff/users/${id}`, admin(), { displayName: 'Audited agent (fi)' })).status,
    ).toBe(200);
    // Saving the same name again changes nothing, and records nothing.
    expect(
      (await send(api, 'PATCH', `/staff/users/${id}`, admin(), { displayName: 'Audited agent (fi)' })).status,
    ).toBe(200);
    expect((await send(api, 'PATCH', `/staff/users/${id}`, admin(), { disabled: true })).status).toBe(200);
    expect((await send(api, 'PATCH', `/staff/users/${id}`, admin(), { disabled: false })).status).toBe(200);
    expect((await send(api, 'POST', `/staff/users/${id}/unlock`, admin())).status).toBe(204);
    const profile = await send(api, 'PUT', `/agents/${id}/profile`, admin(), {
      languages: ['fi'],
      skills: { extortion: 4 },
      capacity: { chat: 2 },
    });
    expect(profile.status).toBe(200);

    const entries = await auditOf(id);
    expect(entries.map((entry) => [entry.action, entry.fields])).toEqual([
      ['staff.user-created', ['login', 'displayName', 'roles', 'password']],
      ['staff.user-changed', ['displayName']],
      ['staff.user-disabled', ['disabled']],
      ['staff.user-enabled', ['disabled']],
      ['staff.user-unlocked', []],
      ['agent.profile-set', ['languages', 'skills', 'capacity', 'wrapUpSeconds']],
    ]);
    for (const entry of entries)
      expect(entry.actor).toEqual({ kind: 'staff', id: seed.users.admin.id, roles: ['admin'] });
  });

  it('records queue definitions and run-time changes with who made them, and names every bad field at once', async () => {
    const defined = await send(api, 'POST', '/routing-queues', admin(), {
      name: 'Audited queue',
      languages: ['fi'],
      requiredSkills: {},
    });
    expect(defined.status).toBe(201);
    const id = defined.body.id as string;
    const bad = await send(api, 'PUT', `/routing-queues/${id}`, admin(), {
      name: 'Audited queue',
      languages: ['fi'],
      requiredSkills: { Extortion: 3 },
      maxWaitSeconds: 120,
      widening: [
        { afterSeconds: 60, relaxBy: 'any' },
        { afterSeconds: 30, relaxBy: '1' },
      ],
      openingHours: { weekly: { mon: [{ open: '16:00', close: '08:00' }] } },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_QUEUE_DEFINITION' } });
    expect(bad.body.details.problems).toEqual([
      'openingHours.weekly.mon[0].close: must be after open',
      'requiredSkills: skill names are lower-case codes',
      'overflowQueueId: needed with maxWaitSeconds (where long waits go)',
      'widening[1].afterSeconds: steps must come in order of afterSeconds',
    ]);
    const redefined = await send(api, 'PUT', `/routing-queues/${id}`, admin(), {
      name: 'Audited queue',
      languages: ['fi', 'sv'],
      requiredSkills: {},
      widening: [{ afterSeconds: 30, relaxBy: 'any' }],
    });
    expect(redefined.status).toBe(200);
    const supervisor = seed.users.supervisor;
    expect((await send(api, 'PATCH', `/routing-queues/${id}`, supervisor.accessToken, { open: false })).status).toBe(
      200,
    );
    expect(
      (await send(api, 'PATCH', `/routing-queues/${id}`, supervisor.accessToken, { callbackOfferAfterWaitSeconds: 90 }))
        .status,
    ).toBe(200);

    const entries = await auditOf(id);
    expect(entries.map((entry) => [entry.action, entry.actor.id, entry.fields])).toEqual([
      ['routing-queue.defined', seed.users.admin.id, ['name', 'languages', 'requiredSkills']],
      ['routing-queue.redefined', seed.users.admin.id, ['name', 'languages', 'requiredSkills', 'widening']],
      ['routing-queue.closed', supervisor.id, ['open']],
      ['routing-queue.adjusted', supervisor.id, ['callbackOfferAfterWaitSeconds']],
    ]);
  });

  it('routes by a reopened queue and a new language at once, on another api process', async () => {
    const line = await freshLine(api, 'Administration routing');
    const agent = await AgentSocket.connect(other, line.users.agent.accessToken);
    try {
      // A Finnish caller waits; their queue is closed before the agent (on the other process) starts the shift.
      const finnish = await send(api, 'POST', '/contacts', line.service.token, {
        idempotencyKey: `reopen-${line.helplineId}`,
        queueId: line.queueId,
        channel: 'voice',
        language: 'fi',
      });
      expect(finnish.status).toBe(201);
      expect(
        (
          await send(api, 'PATCH', `/routing-queues/${line.queueId}`, line.users.supervisor.accessToken, {
            open: false,
          })
        ).status,
      ).toBe(200);
      expect(
        (await send(other, 'POST', '/agents/me/state', line.users.agent.accessToken, { state: 'available' })).status,
      ).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(agent.offers).toEqual([]);
      // Reopened through this process: the idle agent on the other is offered the caller, with no state change.
      expect(
        (await send(api, 'PATCH', `/routing-queues/${line.queueId}`, line.users.supervisor.accessToken, { open: true }))
          .status,
      ).toBe(200);
      expect(await agent.nextOffer(1)).toMatchObject({ contactId: finnish.body.id });
      // The caller hangs up: the agent is free again.
      const left = await send(api, 'POST', `/contacts/${finnish.body.id}/abandon`, line.service.token);
      expect(left.status).toBe(200);

      // A Swedish caller waits for nobody; the admin adds Swedish to the agent's profile and they are offered it.
      const swedish = await send(api, 'POST', '/contacts', line.service.token, {
        idempotencyKey: `swedish-${line.helplineId}`,
        queueId: line.queueId,
        channel: 'chat',
        language: 'sv',
      });
      expect(swedish.status).toBe(201);
      const profile = await send(api, 'PUT', `/agents/${line.users.agent.id}/profile`, line.users.admin.accessToken, {
        languages: ['fi', 'sv'],
        skills: { extortion: 5 },
      });
      expect(profile.status).toBe(200);
      await until(() => agent.offers.some((offer) => offer.contactId === swedish.body.id), 8000, 'the Swedish offer');
    } finally {
      agent.close();
    }
  });
});
