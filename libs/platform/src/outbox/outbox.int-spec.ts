import { Injectable, Module, type INestApplicationContext, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { deleteTestKeys, dropTestSchema, testConfig } from '@tuki/testing';
import type { TukiConfig } from '../config/tuki-config';
import { TransactionRunner } from '../database/transaction-runner';
import { JOB_FAMILIES } from '../jobs/job-families';
import { bullJobId, JobsService } from '../jobs/jobs.service';
import { PlatformModule } from '../platform.module';
import { DeliverEventHandler } from './deliver-event.handler';
import { EventConsumers } from './event-consumers';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxService } from './outbox.service';
import { PLATFORM_JOBS, type PlatformJobPayloads } from './platform-jobs';

const CONSUMER = 'test-consumer';
const EVENT_TYPE = 'thing.happened';
const HELPLINE = 'helpline-outbox-test';

/** The consumer's effect: one row per delivery, in the consumer's transaction. More than one row is a double effect. */
const effectsTable = (config: TukiConfig) =>
  config.database.type === 'postgres' ? `"${config.database.schema}"."outbox_test_effects"` : '"outbox_test_effects"';

let effects = '';

@Injectable()
class ThingConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.register(CONSUMER, [EVENT_TYPE], async (event, manager) => {
      await manager.query(`INSERT INTO ${effects} (event_id, occurred_at) VALUES ($1, $2)`, [
        event.id,
        event.occurredAt,
      ]);
    });
  }
}

const INLINE = 'test-inline';
const INLINE_TYPE = 'thing.counted';

/** An in-line consumer: records the batches the relay hands it, and fails while `failing` says so. */
@Injectable()
class InlineThingConsumer implements OnModuleInit {
  static batches: { id: string; seq: number }[][] = [];
  static failing = false;

  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.registerInline(INLINE, [INLINE_TYPE], async (events) => {
      if (InlineThingConsumer.failing) throw new Error('the read model is away');
      InlineThingConsumer.batches.push(events.map((e) => ({ id: e.id, seq: e.seq })));
      await Promise.resolve();
    });
  }
}

@Module({ providers: [ThingConsumer, InlineThingConsumer] })
class ThingConsumerModule {}

@Module({})
class OutboxTestRoot {}

async function start(config: TukiConfig, runWorkers: boolean): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    {
      module: OutboxTestRoot,
      imports: [PlatformModule.forRoot({ config, runWorkers, jobs: {} }), ThingConsumerModule],
    },
    { logger: false },
  );
  await app
    .get<DataSource>(getDataSourceToken())
    .query(
      `CREATE TABLE IF NOT EXISTS ${effectsTable(config)} (id serial PRIMARY KEY, event_id varchar(36) NOT NULL, occurred_at bigint NOT NULL)`,
    );
  return app;
}

async function appendEvents(app: INestApplicationContext, count: number): Promise<string[]> {
  const outbox = app.get<OutboxService<Record<string, unknown>>>(OutboxService);
  return app.get(TransactionRunner).run(async (manager) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await outbox.append(manager, HELPLINE, EVENT_TYPE, { n: i }));
    return ids;
  });
}

/** How many times the consumer's effect ran for each event id (ids never delivered are absent). */
async function deliveries(app: INestApplicationContext, config: TukiConfig): Promise<Map<string, number>> {
  const rows = await app
    .get<DataSource>(getDataSourceToken())
    .query<{ event_id: string; n: number }[]>(
      `SELECT event_id, COUNT(*)::int AS n FROM ${effectsTable(config)} GROUP BY event_id`,
    );
  return new Map(rows.map((r) => [r.event_id, r.n]));
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function untilDelivered(app: INestApplicationContext, config: TukiConfig, ids: string[]): Promise<void> {
  await eventually(async () => {
    const seen = await deliveries(app, config);
    return ids.every((id) => seen.has(id)) ? true : undefined;
  }, `delivery of ${ids.length} event(s)`);
}

describe('transactional outbox (PostgreSQL, real Redis)', () => {
  let config: TukiConfig;
  let app: INestApplicationContext;

  beforeAll(async () => {
    config = testConfig('outbox', { database: 'postgres' });
    effects = effectsTable(config);
    app = await start(config, true);
  });

  afterAll(async () => {
    await app?.close();
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('delivers a committed event to its consumer', async () => {
    const [id] = await appendEvents(app, 1);
    await untilDelivered(app, config, [id]);
    expect((await deliveries(app, config)).get(id)).toBe(1);
  });

  it('never delivers an event whose transaction rolled back', async () => {
    let rolledBack = '';
    await expect(
      app.get(TransactionRunner).run(async (manager) => {
        rolledBack = await app
          .get<OutboxService<Record<string, unknown>>>(OutboxService)
          .append(manager, HELPLINE, EVENT_TYPE, { n: -1 });
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');

    // An event committed after it is delivered, so the relay has certainly looked past the rolled-back one.
    const [later] = await appendEvents(app, 1);
    await untilDelivered(app, config, [later]);

    expect(rolledBack).not.toBe('');
    expect((await deliveries(app, config)).has(rolledBack)).toBe(false);
    const written = await app
      .get<DataSource>(getDataSourceToken())
      .getRepository(OutboxEvent)
      .countBy({ id: rolledBack });
    expect(written).toBe(0);
  });

  it('runs the consumer effect once when the same event is delivered twice', async () => {
    const [id] = await appendEvents(app, 1);
    const payload: PlatformJobPayloads['platform.deliver-event'] = {
      helplineId: HELPLINE,
      eventId: id,
      consumer: CONSUMER,
    };
    const handler = app.get(DeliverEventHandler);
    const queue = app.get<Queue>(getQueueToken(JOB_FAMILIES.short.queue));

    await handler.handle(payload);
    await handler.handle(payload);
    // The relay's own job, and a replay under another job id (a re-run after a lost acknowledgement, say).
    await app.get(JobsService<PlatformJobPayloads>).add(PLATFORM_JOBS.deliverEvent, payload, { jobId: `replay:${id}` });
    await eventually(
      async () => ((await queue.getJobState(bullJobId(`replay:${id}`))) === 'completed' ? true : undefined),
      'replay',
    );
    await eventually(
      async () => ((await queue.getJobState(bullJobId(`event:${CONSUMER}:${id}`))) === 'completed' ? true : undefined),
      'relay delivery',
    );

    expect((await deliveries(app, config)).get(id)).toBe(1);
  });
});

describe('in-line consumers (PostgreSQL, real Redis)', () => {
  let config: TukiConfig;
  let app: INestApplicationContext;

  beforeAll(async () => {
    config = testConfig('outbox_inline', { database: 'postgres' });
    effects = effectsTable(config);
    app = await start(config, true);
  });

  afterAll(async () => {
    await app?.close();
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  async function appendCounted(count: number): Promise<string[]> {
    const outbox = app.get<OutboxService<Record<string, unknown>>>(OutboxService);
    return app.get(TransactionRunner).run(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(await outbox.append(manager, HELPLINE, INLINE_TYPE, { n: i }));
      return ids;
    });
  }

  it("hands the relay's batches over in outbox order, with no job per event, soon after the commit", async () => {
    InlineThingConsumer.batches = [];
    const started = Date.now();
    const ids = await appendCounted(30);
    await eventually(async () => (InlineThingConsumer.batches.flat().length >= 30 ? true : undefined), 'the batch');
    // Woken by its own process's write rather than its idle poll.
    expect(Date.now() - started).toBeLessThan(1000);
    const seen = InlineThingConsumer.batches.flat();
    expect(seen.map((e) => e.id)).toEqual(ids);
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => a - b));
    const queue = app.get<Queue>(getQueueToken(JOB_FAMILIES.background.queue));
    expect(await queue.getJobState(bullJobId(`event:${INLINE}:${ids[0]}`))).toBe('unknown');
  });

  it('falls back to a job per event while the in-line delivery fails, so the relay goes on', async () => {
    InlineThingConsumer.failing = true;
    InlineThingConsumer.batches = [];
    const [id] = await appendCounted(1);
    const queue = app.get<Queue>(getQueueToken(JOB_FAMILIES.background.queue));
    const jobId = bullJobId(`event:${INLINE}:${id}`);
    // The job retries with backoff while the consumer fails, then delivers once it is back.
    await eventually(async () => ((await queue.getJobState(jobId)) !== 'unknown' ? true : undefined), 'the job');
    InlineThingConsumer.failing = false;
    await eventually(async () => ((await queue.getJobState(jobId)) === 'completed' ? true : undefined), 'delivery');
    expect(InlineThingConsumer.batches).toEqual([[{ id, seq: expect.any(Number) }]]);
  });
});

describe('transactional outbox across a process that dies before delivery', () => {
  let config: TukiConfig;
  let worker: INestApplicationContext | undefined;

  beforeAll(() => {
    config = testConfig('outbox_crash', { database: 'postgres' });
  });

  afterAll(async () => {
    await worker?.close();
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  // The process that wrote the events runs no relay and is closed before anything is delivered: the same state a
  // process killed between commit and delivery leaves behind (committed rows, no jobs). A real SIGKILL of a separate
  // process would need a compiled build of this TypeScript, which the test run does not have.
  it('loses no event and delivers each exactly once when the next process starts', async () => {
    const writer = await start(config, false);
    let ids: string[];
    try {
      effects = effectsTable(config);
      ids = await appendEvents(writer, 25);
      expect(await deliveries(writer, config)).toEqual(new Map());
    } finally {
      await writer.close();
    }

    worker = await start(config, true);
    await untilDelivered(worker, config, ids);
    // Give a duplicate (if any) time to land before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const seen = await deliveries(worker, config);
    expect(ids.map((id) => seen.get(id))).toEqual(ids.map(() => 1));
    expect(seen.size).toBe(ids.length);
  });
});
