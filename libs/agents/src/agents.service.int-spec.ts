import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Clock, PlatformModule, type TukiConfig } from '@tuki/platform';
import { deleteTestKeys, dropTestSchema, FixedClock, testConfig } from '@tuki/testing';
import { AgentsModule } from './agents.module';
import { AgentsService } from './agents.service';

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
