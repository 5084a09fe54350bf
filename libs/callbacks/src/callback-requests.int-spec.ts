import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { JOB_CATALOGUE } from '@tuki/contracts';
import { Clock, DataKey, PlatformModule, type TukiConfig } from '@tuki/platform';
import { ContactsService, QueueingModule, RoutingQueuesService } from '@tuki/queueing';
import { deleteTestKeys, dropTestSchema, FixedClock, testConfig } from '@tuki/testing';
import { CallbackRequests } from './callback-requests.service';
import { ExpireLateHandler, FlagOverdueHandler } from './callback-timer-handlers';
import { Callback } from './callback.entity';
import { CallbacksModule } from './callbacks.module';

const HELPLINE = randomUUID();
const ZONE = 'Europe/Helsinki';
const SERVICE = { kind: 'service' as const, id: 'web-form' };
const MINUTE = 60_000;

describe.each(['sqlite', 'postgres'] as const)('callback requests on %s', (database) => {
  let config: TukiConfig;
  let moduleRef: TestingModule;
  let requests: CallbackRequests;
  let contacts: ContactsService;
  let clock: FixedClock;
  let queueId: string;
  let rows: DataSource;
  let n = 0;

  const context = (estimatedWaitMs?: number) => ({
    actor: SERVICE,
    source: 'web-form' as const,
    timeZone: ZONE,
    estimatedWaitMs,
  });
  const webForm = (number: string) => ({ idempotencyKey: `form-${++n}`, queueId, language: 'fi', number });

  beforeAll(async () => {
    config = testConfig(`callbacks-${database}`, { database });
    clock = new FixedClock();
    moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ config, runWorkers: false, jobs: JOB_CATALOGUE }),
        QueueingModule,
        CallbacksModule.forRoot({ runTimers: false }),
      ],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    requests = moduleRef.get(CallbackRequests);
    contacts = moduleRef.get(ContactsService);
    rows = moduleRef.get(DataSource);
    queueId = (
      await moduleRef
        .get(RoutingQueuesService)
        .define(
          HELPLINE,
          { name: 'Breach line', languages: ['fi'], requiredSkills: {}, callbackPolicy: { maxAttempts: 2 } },
          ZONE,
        )
    ).id;
  });

  afterAll(async () => {
    await moduleRef.close();
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('makes one open callback of many simultaneous requests for one number, however it is written', async () => {
    const forms = ['+358 40 111 2222', '+358401112222', '+358-40-111-2222', '+358 (40) 1112222'];
    const receipts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => requests.create(HELPLINE, webForm(forms[i % 4]), context())),
    );
    expect(new Set(receipts.map((r) => r.callback.id)).size).toBe(1);
    expect(receipts.filter((r) => !r.merged)).toHaveLength(1);
    const open = await rows.getRepository(Callback).findBy({ helplineId: HELPLINE, status: 'open' });
    expect(open.filter((row) => row.id === receipts[0].callback.id)).toHaveLength(1);
    expect(open.find((row) => row.id === receipts[0].callback.id)?.mergedRequests).toBe(19);
  });

  it('keeps the earlier place when a waiting caller asks for a number that already has a callback', async () => {
    const { contact: early } = await contacts.create(HELPLINE, SERVICE, {
      idempotencyKey: `ivr-${++n}`,
      queueId,
      channel: 'voice',
      language: 'fi',
    });
    clock.advance(5 * MINUTE);
    const first = await requests.create(HELPLINE, webForm('+358402223333'), context());
    expect((await contacts.get(HELPLINE, first.callback.id)).firstArrivedAt).toBe(clock.nowMs());
    const second = await requests.requestForContact(HELPLINE, early.id, { number: '+358 40 222 3333' }, context());
    expect(second).toMatchObject({ merged: true, callback: { id: first.callback.id } });
    expect((await contacts.get(HELPLINE, early.id)).state).toBe('merged');
    expect((await contacts.get(HELPLINE, first.callback.id)).firstArrivedAt).toBe(early.firstArrivedAt);
  });

  it('turns a waiting caller into a callback that keeps their first arrival, with the number sealed', async () => {
    const { contact } = await contacts.create(HELPLINE, SERVICE, {
      idempotencyKey: `ivr-${++n}`,
      queueId,
      channel: 'voice',
      language: 'fi',
    });
    clock.advance(5 * MINUTE);
    const receipt = await requests.requestForContact(HELPLINE, contact.id, { number: '+358403334444' }, context());
    expect(receipt).toMatchObject({ merged: false, callback: { id: contact.id, status: 'open', source: 'web-form' } });
    const after = await contacts.get(HELPLINE, contact.id);
    expect(after).toMatchObject({
      state: 'callback-pending',
      channel: 'callback',
      firstArrivedAt: contact.firstArrivedAt,
    });
    const row = await rows.getRepository(Callback).findOneByOrFail({ id: contact.id });
    expect(row.numberSealed).not.toContain('358403334444');
    expect(Buffer.from(row.numberSealed!, 'base64').toString('latin1')).not.toContain('358403334444');
    expect(row.numberHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('promises from the estimate, counting open time, rounded up to a quarter hour', async () => {
    const receipt = await requests.create(HELPLINE, webForm('+358404445555'), context(50 * MINUTE));
    const now = clock.nowMs();
    expect(receipt.callback.promisedBy).toBeGreaterThanOrEqual(now + 50 * MINUTE);
    expect(receipt.callback.promisedBy).toBeLessThan(now + 65 * MINUTE);
    expect(receipt.callback.promisedBy % (15 * MINUTE)).toBe(0);
  });

  it('flags an overdue callback and boosts it one level, never to urgent', async () => {
    const normal = await requests.create(HELPLINE, webForm('+358405556666'), context(10 * MINUTE));
    const high = await requests.create(
      HELPLINE,
      { ...webForm('+358405557777'), priority: 'high' },
      context(10 * MINUTE),
    );
    clock.set(new Date(Math.max(normal.callback.promisedBy, high.callback.promisedBy) + 1));
    const overdue = moduleRef.get(FlagOverdueHandler);
    for (const receipt of [normal, high])
      await overdue.handle({ helplineId: HELPLINE, callbackId: receipt.callback.id });
    expect((await contacts.get(HELPLINE, normal.callback.id)).priority).toBe('high');
    expect((await contacts.get(HELPLINE, high.callback.id)).priority).toBe('high');
    const flagged = await rows.getRepository(Callback).findOneByOrFail({ id: normal.callback.id });
    expect(flagged.overdue).toBe(true);
    // A second run of the same timer changes nothing.
    const version = (await contacts.get(HELPLINE, normal.callback.id)).version;
    await overdue.handle({ helplineId: HELPLINE, callbackId: normal.callback.id });
    expect((await contacts.get(HELPLINE, normal.callback.id)).version).toBe(version);
  });

  it('expires a callback past its deadline and shreds its number; the number may then ask again', async () => {
    const receipt = await requests.create(HELPLINE, webForm('+358406667777'), context());
    clock.set(new Date(receipt.callback.deadline + 1));
    await moduleRef.get(ExpireLateHandler).handle({ helplineId: HELPLINE, callbackId: receipt.callback.id });
    const row = await rows.getRepository(Callback).findOneByOrFail({ id: receipt.callback.id });
    expect(row).toMatchObject({ status: 'expired', numberSealed: null, numberHash: null });
    expect(await rows.getRepository(DataKey).findOneByOrFail({ id: row.dataKeyId })).toMatchObject({ wrappedKey: '' });
    expect((await contacts.get(HELPLINE, receipt.callback.id)).state).toBe('expired');
    const again = await requests.create(HELPLINE, webForm('+358406667777'), context());
    expect(again.merged).toBe(false);
    expect(again.callback.id).not.toBe(receipt.callback.id);
  });

  it('cancels a waiting callback: the contact is abandoned, the number shredded, and a second cancel refused', async () => {
    const receipt = await requests.create(HELPLINE, webForm('+358407778888'), context());
    const cancelled = await requests.cancel(HELPLINE, receipt.callback.id, SERVICE, 'caller');
    expect(cancelled.status).toBe('cancelled');
    const row = await rows.getRepository(Callback).findOneByOrFail({ id: receipt.callback.id });
    expect(row).toMatchObject({ status: 'cancelled', numberSealed: null, numberHash: null });
    expect(await contacts.get(HELPLINE, receipt.callback.id)).toMatchObject({ state: 'abandoned' });
    await expect(requests.cancel(HELPLINE, receipt.callback.id, SERVICE, 'caller')).rejects.toMatchObject({
      code: 'CALLBACK_ATTEMPT_CONFLICT',
    });
  });

  it('refuses a number that is not international, without repeating it', async () => {
    await expect(requests.create(HELPLINE, webForm('0401234567'), context())).rejects.toMatchObject({
      code: 'INVALID_CALLBACK_NUMBER',
      message: expect.not.stringContaining('0401234567'),
    });
    await expect(requests.create(HELPLINE, webForm('+35812'), context())).rejects.toMatchObject({
      code: 'INVALID_CALLBACK_NUMBER',
    });
  });
});
