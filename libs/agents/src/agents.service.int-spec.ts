import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Clock, PlatformModule, type TukiConfig } from '@tuki/platform';
import { deleteTestKeys, dropTestSchema, FixedClock, testConfig } from '@tuki/testing';
import { AgentsModule } from './agents.module';
import { AgentsService } from './agents.service';
import { CareSettingsService } from './care-settings.service';

const HELPLINE = randomUUID();
const ADMIN = { userId: randomUUID(), roles: ['admin' as const] };
const ROUTING = { kind: 'system' as const, id: null };

describe('AgentsService (real database)', () => {
  let config: TukiConfig;
  let moduleRef: TestingModule;
  let agents: AgentsService;
  let clock: FixedClock;

  /** A fresh agent with a profile, signed in (available), so tests never share an agent. */
  async function availableAgent(wrapUpSeconds = 60): Promise<string> {
    const id = randomUUID();
    await agents.setProfile(
      HELPLINE,
      { id, helplineId: HELPLINE, roles: ['agent'], disabled: false },
      { languages: ['fi'], skills: { extortion: 5 }, wrapUpSeconds },
      ADMIN,
    );
    await agents.changeState(HELPLINE, id, 'available', { kind: 'self', id });
    return id;
  }

  beforeAll(async () => {
    config = testConfig('agents-service');
    clock = new FixedClock();
    moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config, runWorkers: false, jobs: {} }), AgentsModule],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    agents = moduleRef.get(AgentsService);
  });

  afterAll(async () => {
    await moduleRef.close();
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('sets an agent away after three missed offers in a row, and counts again from zero', async () => {
    const id = await availableAgent();
    expect((await agents.recordMissedOffer(HELPLINE, id)).missedOffersInRow).toBe(1);
    expect((await agents.recordMissedOffer(HELPLINE, id)).state).toBe('available');
    expect(await agents.recordMissedOffer(HELPLINE, id)).toMatchObject({
      state: 'away',
      awayReason: 'missed-offers',
      missedOffersInRow: 0,
    });
    expect((await agents.historyOf(HELPLINE, id)).at(-1)).toMatchObject({
      from: 'available',
      to: 'away',
      actorKind: 'system',
      actorId: null,
      reason: 'missed-offers',
    });
  });

  it('forgets missed offers once the agent takes a contact', async () => {
    const id = await availableAgent();
    await agents.recordMissedOffer(HELPLINE, id);
    await agents.recordMissedOffer(HELPLINE, id);
    expect(await agents.changeState(HELPLINE, id, 'busy', ROUTING)).toMatchObject({
      state: 'busy',
      missedOffersInRow: 0,
    });
  });

  it('ends wrap-up by itself only once the agent’s own wrap-up time has passed', async () => {
    const id = await availableAgent(30);
    await agents.changeState(HELPLINE, id, 'busy', ROUTING);
    await agents.changeState(HELPLINE, id, 'wrap-up', ROUTING);
    clock.advance(29_000);
    expect((await agents.endWrapUpIfDue(HELPLINE, id)).state).toBe('wrap-up');
    clock.advance(1_000);
    expect((await agents.endWrapUpIfDue(HELPLINE, id)).state).toBe('available');
    expect((await agents.historyOf(HELPLINE, id)).at(-1)).toMatchObject({ from: 'wrap-up', actorKind: 'system' });
  });

  it('counts high-risk contacts taken in a row, also for a busy agent taking one more chat, and starts again after another', async () => {
    const id = await availableAgent();
    expect(await agents.changeState(HELPLINE, id, 'busy', ROUTING, null, { acceptedHighRisk: true })).toMatchObject({
      state: 'busy',
      highRiskStreak: 1,
    });
    // Already busy: the state stays, the streak still counts the second chat (with no history row for a non-change).
    expect(await agents.changeState(HELPLINE, id, 'busy', ROUTING, null, { acceptedHighRisk: true })).toMatchObject({
      highRiskStreak: 2,
    });
    expect((await agents.historyOf(HELPLINE, id)).filter((h) => h.to === 'busy')).toHaveLength(1);
    expect((await agents.getProfile(HELPLINE, id)).highRiskStreak).toBe(2);
    expect(
      (await agents.changeState(HELPLINE, id, 'busy', ROUTING, null, { acceptedHighRisk: false })).highRiskStreak,
    ).toBe(0);
  });

  it('keeps the care pause in the wrap-up end routing gives, shows it only during wrap-up, and ends wrap-up then', async () => {
    const id = await availableAgent(30);
    await agents.changeState(HELPLINE, id, 'busy', ROUTING);
    expect((await agents.getProfile(HELPLINE, id)).wrapUpEndsAt).toBeNull();
    const endsAt = clock.nowMs() + 50_000;
    expect(await agents.changeState(HELPLINE, id, 'wrap-up', ROUTING, null, { wrapUpEndsAt: endsAt })).toMatchObject({
      state: 'wrap-up',
      wrapUpEndsAt: endsAt,
    });
    clock.advance(30_000);
    expect((await agents.endWrapUpIfDue(HELPLINE, id)).state).toBe('wrap-up');
    clock.advance(20_000);
    expect(await agents.endWrapUpIfDue(HELPLINE, id)).toMatchObject({ state: 'available', wrapUpEndsAt: null });
  });

  it('gives the defaults until an admin saves care settings, then those, audited', async () => {
    const care = moduleRef.get(CareSettingsService);
    const helplineId = randomUUID();
    expect(await care.read(helplineId)).toEqual({
      highRiskCap: 3,
      pauseAfterHighRiskSeconds: 120,
      capOverrideAfterSeconds: 180,
    });
    const principal = {
      kind: 'staff' as const,
      userId: randomUUID(),
      helplineId,
      roles: ['admin' as const],
      sessionVersion: 0,
    };
    const saved = { highRiskCap: 1, pauseAfterHighRiskSeconds: 30, capOverrideAfterSeconds: 0 };
    expect(await care.replace(principal, saved)).toEqual(saved);
    expect(await care.read(helplineId)).toEqual(saved);
    expect(await care.replace(principal, { ...saved, highRiskCap: 0 })).toMatchObject({ highRiskCap: 0 });
    expect(await care.read(HELPLINE)).toMatchObject({ highRiskCap: 3 });
  });

  it('refuses a change when another process moved the agent after it was read, changing nothing', async () => {
    if (config.database.type !== 'postgres') return;
    const id = await availableAgent();
    const dataSource = moduleRef.get(DataSource);
    const other = dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    // Another process's uncommitted change holds the row: the service reads the old version, then waits on the lock.
    await other.query(
      `UPDATE "${config.database.schema}"."agent_profiles" SET version = version + 1 WHERE user_id = $1`,
      [id],
    );
    const change = agents.changeState(HELPLINE, id, 'away', { kind: 'self', id }, 'break');
    await sleep(300);
    await other.commitTransaction();
    await other.release();
    await expect(change).rejects.toMatchObject({ code: 'AGENT_CHANGED_CONCURRENTLY' });
    expect(await agents.getProfile(HELPLINE, id)).toMatchObject({ state: 'available' });
    expect((await agents.historyOf(HELPLINE, id)).map((entry) => entry.to)).toEqual(['offline', 'available']);
  });
});
