import { io, type Socket } from 'socket.io-client';
import type { Redis } from 'ioredis';
import {
  SUPERVISOR_NAMESPACE,
  type MetricsMessage,
  type ScopeFigures,
  type SupervisorSnapshot,
  type SurgeAlert,
} from '@tuki/contracts';
import { DataSource } from 'typeorm';
import { IntervalRecorder, LiveAggregates, MetricsEventsConsumer, MetricsRebuild, SurgeWatch } from '@tuki/metrics';
import { OutboxEvent, REDIS, type DeliveredEvent } from '@tuki/platform';
import { AgentSocket } from './support/agent-socket';
import { startApi, type RunningApi, type SeededHelpline } from './support/api-harness';
import { arrive, freshLine } from './support/callbacks';
import { send, until } from './support/http';

/** A supervisor's dashboard socket: applies snapshot and changes by number, as the page does. */
class Dashboard {
  snapshot?: SupervisorSnapshot;
  seq = 0;
  gaps = 0;
  messages = 0;
  private constructor(readonly socket: Socket) {
    socket.on('metrics.snapshot', (message: MetricsMessage) => {
      this.snapshot = message.parts as SupervisorSnapshot;
      this.seq = message.seq;
    });
    socket.on('metrics.changed', (message: MetricsMessage) => {
      this.messages += 1;
      if (message.seq !== this.seq + 1) this.gaps += 1;
      this.snapshot = { ...this.snapshot!, ...message.parts };
      this.seq = message.seq;
    });
  }

  static async open(api: RunningApi, token: string): Promise<Dashboard> {
    const socket = io(api.url + SUPERVISOR_NAMESPACE, {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    const dashboard = new Dashboard(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    await until(() => dashboard.snapshot !== undefined, 5000, 'the first snapshot');
    return dashboard;
  }

  get overall(): ScopeFigures {
    return this.snapshot!.overall;
  }

  async sees(check: (s: SupervisorSnapshot) => boolean, what: string): Promise<void> {
    await until(() => this.snapshot !== undefined && check(this.snapshot), 10_000, what);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** A snapshot's figures without the moment it was built (and the chart, whose minute axis moves with time). */
function figures(snapshot: SupervisorSnapshot) {
  const { generatedAt: _g, chart: _c, ...rest } = snapshot;
  const strip = (s: ScopeFigures) => ({ ...s, arrivalsPerMinute: undefined });
  return {
    ...rest,
    overall: strip(rest.overall),
    queues: rest.queues.map(strip),
    languages: rest.languages.map(strip),
  };
}

/** Figures without the surge state and its alerts, which are evaluated again rather than rebuilt. */
function without(f: ReturnType<typeof figures>) {
  const noSurge = <T extends { surge?: unknown }>(s: T) => ({ ...s, surge: undefined });
  return { ...f, alerts: [], overall: noSurge(f.overall), queues: f.queues.map(noSurge) };
}

describe('live metrics for supervisors', () => {
  let api: RunningApi;
  let line: SeededHelpline;
  let agent: AgentSocket;

  beforeAll(async () => {
    api = await startApi('supervisor_metrics');
    line = await freshLine(api, 'Metrics');
    agent = await AgentSocket.connect(api, line.users.agent.accessToken);
  });

  afterAll(async () => {
    agent.close();
    await api.close();
  });

  it('refuses an agent or an analyst at the handshake, and a socket with no token', async () => {
    for (const token of [line.users.agent.accessToken, line.users.analyst.accessToken, undefined]) {
      const socket = io(api.url + SUPERVISOR_NAMESPACE, {
        transports: ['websocket'],
        auth: token ? { token } : {},
        reconnection: false,
        forceNew: true,
      });
      const refused = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve(error.message));
      });
      expect(refused).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      socket.disconnect();
    }
  });

  it('shows callers arriving, waiting, answered and giving up, in order, on every scope', async () => {
    const dashboard = await Dashboard.open(api, line.users.supervisor.accessToken);
    // The seeded contact was abandoned at once: a short abandon, apart from the abandonment rate.
    await dashboard.sees((s) => s.overall.windows.today.shortAbandons === 1, 'the seeded short abandon');
    expect(dashboard.overall.waiting).toBe(0);
    expect(dashboard.overall.windows.today.abandonmentRate).toBeNull();

    const first = await arrive(api, line, 'metrics-1');
    await arrive(api, line, 'metrics-2');
    const third = await arrive(api, line, 'metrics-3', { language: 'sv' });
    await dashboard.sees((s) => s.overall.waiting === 3, 'three waiting');
    const snapshot = dashboard.snapshot!;
    expect(snapshot.overall.oldestWaitingSince).toBe(first.firstArrivedAt);
    const queue = snapshot.queues.find((q) => q.id === line.queueId)!;
    expect(queue).toMatchObject({ waiting: 3, oldestWaitingSince: first.firstArrivedAt, open: true });
    expect(snapshot.languages.find((l) => l.id === 'fi')).toMatchObject({ waiting: 2 });
    expect(snapshot.languages.find((l) => l.id === 'sv')).toMatchObject({ waiting: 1 });
    expect(snapshot.overall.windows.today.arrivals).toBe(4);
    expect(snapshot.overall.windows.rolling15.arrivals).toBe(4);
    expect(snapshot.overall.arrivalsPerMinute.last1).toBeGreaterThan(0);

    // The agent answers the longest-waiting caller.
    await send(api, 'POST', '/agents/me/state', line.users.agent.accessToken, { state: 'available' });
    const offer = await agent.nextOffer(1);
    expect(offer.contactId).toBe(first.id);
    expect((await send(api, 'POST', `/offers/${offer.contactId}/accept`, line.users.agent.accessToken)).status).toBe(
      200,
    );
    await dashboard.sees(
      (s) => s.overall.waiting === 2 && s.overall.windows.today.answered === 1 && s.overall.agents?.busy === 1,
      'one answered by the busy agent',
    );
    const answered = dashboard.snapshot!;
    expect(answered.overall.windows.today.offers).toMatchObject({ made: 1, accepted: 1 });
    expect(answered.overall.windows.today.asaSeconds).toBeGreaterThan(0);
    expect(answered.overall.windows.today.serviceLevel.answeredOnly).toBe(1);
    expect(answered.overall.agents).toMatchObject({ busy: 1, available: 0, occupancy: 1 });
    expect(answered.agents).toEqual([
      expect.objectContaining({ agentId: line.users.agent.id, state: 'busy', languages: ['fi'] }),
    ]);

    // The Swedish caller gives up after more than the short-abandon threshold.
    await new Promise((resolve) => setTimeout(resolve, 5200));
    expect((await send(api, 'POST', `/contacts/${third.id}/abandon`, line.service.token)).status).toBe(200);
    await dashboard.sees((s) => s.overall.windows.today.abandoned === 1, 'one abandoned');
    const after = dashboard.snapshot!;
    expect(after.overall.windows.today.abandonmentRate).toBe(0.5);
    expect(after.languages.find((l) => l.id === 'sv')!.windows.today).toMatchObject({ abandoned: 1, answered: 0 });
    expect(after.overall.waiting).toBe(1);

    // Every change came numbered without a gap, and a resync answers the same figures with the current number.
    expect(dashboard.gaps).toBe(0);
    const resync = (await dashboard.socket.emitWithAck('metrics.resync')) as MetricsMessage;
    expect(resync.seq).toBe(dashboard.seq);
    expect(figures(resync.parts as SupervisorSnapshot)).toEqual(figures(dashboard.snapshot!));
    dashboard.close();
  });

  it('counts a redelivered event once', async () => {
    const dashboard = await Dashboard.open(api, line.users.supervisor.accessToken);
    await dashboard.sees((s) => s.agents[0]?.state === 'busy', 'the busy agent');
    const before = figures(dashboard.snapshot!);
    const row = await api.app
      .get(DataSource)
      .getRepository(OutboxEvent)
      .findOne({
        where: { helplineId: line.helplineId, type: 'contact.created' },
        order: { seq: 'DESC' },
      });
    const event: DeliveredEvent = { ...row!, payload: JSON.parse(row!.payload) as unknown };
    const consumer = api.app.get(MetricsEventsConsumer);
    await consumer.fold(event);
    await consumer.fold(event);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      figures(((await dashboard.socket.emitWithAck('metrics.resync')) as MetricsMessage).parts as SupervisorSnapshot),
    ).toEqual(before);
    dashboard.close();
  });

  it('rebuilds the same figures from the stored events after Redis lost them', async () => {
    const dashboard = await Dashboard.open(api, line.users.supervisor.accessToken);
    const before = figures(dashboard.snapshot!);
    const redis = api.app.get<Redis>(REDIS);
    const keys = await redis.keys(`{${api.config.redis.prefix}}:metrics:*`);
    expect(keys.length).toBeGreaterThan(10);
    await redis.del(...keys);
    const aggregates = api.app.get(LiveAggregates);
    // The background check rebuilds within seconds; calling it here only saves the wait (it is a no-op if running).
    await api.app.get(MetricsRebuild).rebuildIfLost();
    await until(() => aggregates.isComplete(), 10_000, 'the rebuild');
    // The next message is built from the rebuilt state (the time alone goes out at least every 2 s).
    const seqAtRebuild = dashboard.seq;
    await dashboard.sees((s) => dashboard.seq > seqAtRebuild && s.complete, 'a message after the rebuild');
    const after = without(figures(dashboard.snapshot!));
    // Alerts already raised live in Redis only; the surge levels are evaluated again within seconds.
    expect(after).toEqual(without(before));
    dashboard.close();
  });

  it("lets a supervisor set a queue's surge thresholds, refusing bad ones with the reason, and alerts on a change", async () => {
    const path = `/supervision/surge-thresholds/${line.queueId}`;
    const token = line.users.supervisor.accessToken;
    expect((await send(api, 'GET', path, token)).body).toEqual({ elevated: 1.5, surge: 3, critical: 6 });
    const unordered = await send(api, 'PUT', path, token, { elevated: 4, surge: 3, critical: 6 });
    expect(unordered.status).toBe(400);
    expect(JSON.stringify(unordered.body)).toContain('elevated must be below surge');
    const low = await send(api, 'PUT', path, token, { elevated: 0.5, surge: 3, critical: 6 });
    expect(low.status).toBe(400);
    expect(JSON.stringify(low.body)).toContain('elevated');
    expect(
      (await send(api, 'PUT', path, line.users.agent.accessToken, { elevated: 2, surge: 3, critical: 6 })).status,
    ).toBe(403);
    const unknown = `/supervision/surge-thresholds/00000000-0000-4000-8000-000000000000`;
    expect((await send(api, 'PUT', unknown, token, { elevated: 2, surge: 3, critical: 6 })).status).toBe(404);

    // Four arrivals in 15 minutes against no history (the floor: one per 15 minutes) is x4: "surge" by default,
    // "critical" once the queue's own thresholds say x3.5 is critical.
    const dashboard = await Dashboard.open(api, token);
    const alerts: SurgeAlert[] = [];
    dashboard.socket.on('metrics.alert', (alert: SurgeAlert) => alerts.push(alert));
    expect((await send(api, 'PUT', path, token, { elevated: 1.2, surge: 2, critical: 3.5 })).status).toBe(200);
    const watch = api.app.get(SurgeWatch);
    await until(
      async () => (await watch.evaluate(line.helplineId)).some((a) => a.to === 'critical'),
      12_000,
      'critical',
    );
    await until(
      () => alerts.some((a) => a.scope === `queue:${line.queueId}` && a.to === 'critical'),
      5000,
      'the alert pushed',
    );
    await dashboard.sees((s) => s.queues[0].surge?.level === 'critical', 'the critical level on the queue');
    const audit = await send(api, 'GET', `/audit?action=surge-thresholds.set`, line.users.admin.accessToken);
    expect(JSON.stringify(audit.body)).toContain(line.queueId);
    dashboard.close();
  });

  it('stores 15-minute intervals and serves them to supervisors, refusing a bad period', async () => {
    const recorder = api.app.get(IntervalRecorder);
    const now = Date.now();
    const start = Math.floor(now / 900_000) * 900_000;
    await recorder.record(line.helplineId, start);
    const token = line.users.supervisor.accessToken;
    const rows = await send(api, 'GET', `/supervision/intervals?from=${start}&to=${start + 900_000}`, token);
    expect(rows.status).toBe(200);
    expect(rows.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: 'all', start, seconds: 900, arrivals: 4, answered: 1 }),
      ]),
    );
    expect((await send(api, 'GET', `/supervision/intervals?from=x&to=1`, token)).status).toBe(400);
    const tooLong = await send(api, 'GET', `/supervision/intervals?from=0&to=${40 * 86_400_000}`, token);
    expect(tooLong.status).toBe(400);
    expect((await send(api, 'GET', `/supervision/intervals?from=0&to=1`, line.users.analyst.accessToken)).status).toBe(
      403,
    );
  });

  it("shows an agent's call for help on the dashboards at once, and tells the agent when a supervisor answers", async () => {
    const dashboard = await Dashboard.open(api, line.users.supervisor.accessToken);
    expect(dashboard.snapshot!.helpRequests).toEqual([]);
    const told = new Promise<{ requestId: string; acknowledgedBy: string }>((resolve) =>
      agent.socket.once('help.acknowledged', resolve),
    );
    const asked = Date.now();
    const help = await send(api, 'POST', '/help-requests', line.users.agent.accessToken, {});
    expect(help.status).toBe(201);
    await dashboard.sees((s) => s.helpRequests.some((h) => h.requestId === help.body.id), 'the call for help');
    expect(Date.now() - asked).toBeLessThan(2000);
    expect(dashboard.snapshot!.helpRequests).toEqual([
      { requestId: help.body.id, agentId: line.users.agent.id, contactId: null, requestedAt: expect.any(Number) },
    ]);
    // A second press while waiting is the same request, not a second alarm.
    expect((await send(api, 'POST', '/help-requests', line.users.agent.accessToken, {})).body.id).toBe(help.body.id);
    expect((await send(api, 'POST', '/help-requests', line.users.agent.accessToken, { contactId: 'x' })).status).toBe(
      400,
    );
    const path = `/help-requests/${help.body.id}/acknowledge`;
    expect((await send(api, 'POST', path, line.users.agent.accessToken)).status).toBe(403);
    expect((await send(api, 'POST', path, line.users.supervisor.accessToken)).status).toBe(200);
    expect(await told).toEqual({ requestId: help.body.id, acknowledgedBy: line.users.supervisor.id });
    await dashboard.sees((s) => s.helpRequests.length === 0, 'the answered call gone');
    dashboard.close();
  });

  it('exposes the same figures to Prometheus', async () => {
    const response = await fetch(`${api.url}/metrics`);
    const text = await response.text();
    expect(text).toContain(`tuki_contacts_waiting{helpline="${line.helplineId}",scope="overall"} 1`);
    expect(text).toMatch(new RegExp(`tuki_staffing_gap\\{helpline="${line.helplineId}",language="fi"\\} \\d+`));
  });
});
