import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { deleteTestKeys, dropTestSchema, testConfig } from '@tuki/testing';
import type { TukiConfig } from '../config/tuki-config';
import { TransactionRunner } from '../database/transaction-runner';
import { PlatformModule } from '../platform.module';
import { REDIS, RedisKeys } from '../redis/redis-keys';
import { AuditAnchor, auditAnchorKey, type AuditPosition } from './audit-anchor';
import { AuditAnchorRefresher } from './audit-anchor-refresher';
import { AuditEntry } from './audit-entry.entity';
import { AuditHead } from './audit-head.entity';
import { AuditLog } from './audit-log.service';
import { auditMacInput } from './audit-mac';
import type { AuditRecord } from './audit-record';
import { AuditVerifier } from './audit-verifier';

const AGENT = '5b0e7c1a-2f4d-4e8a-9c3b-1d2e3f4a5b6c';

/** The n-th read of a case by an agent: codes and ids only, as the log demands. */
const caseRead = (n: number, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  actor: { kind: 'staff', id: AGENT, roles: ['agent'] },
  action: 'case.read',
  subjectType: 'case',
  subjectId: `case-${n}`,
  fields: ['notes', 'follow-up'],
  purpose: 'participant',
  ...overrides,
});

@Module({})
class AuditTestRoot {}

interface Harness {
  config: TukiConfig;
  app: INestApplicationContext;
  log: AuditLog;
  verifier: AuditVerifier;
  transactions: TransactionRunner;
}

async function boot(database: 'postgres' | 'sqlite'): Promise<Harness> {
  const config = testConfig(`audit_${database}`, { database });
  const app = await NestFactory.createApplicationContext(
    { module: AuditTestRoot, imports: [PlatformModule.forRoot({ config, runWorkers: true, jobs: {} })] },
    { logger: false },
  );
  return {
    config,
    app,
    log: app.get(AuditLog),
    verifier: app.get(AuditVerifier),
    transactions: app.get(TransactionRunner),
  };
}

async function shutDown(harness: Harness | undefined): Promise<void> {
  if (!harness) return;
  await harness.app.close();
  await dropTestSchema(harness.config);
  await deleteTestKeys(harness.config);
}

describe.each(['postgres', 'sqlite'] as const)('audit log on %s (real Redis)', (database) => {
  let h: Harness;

  beforeAll(async () => {
    h = await boot(database);
  });

  afterAll(() => shutDown(h));

  /** Appends `count` reads, one transaction each. */
  async function appendReads(helplineId: string, count: number): Promise<void> {
    for (let n = 1; n <= count; n++) {
      await h.transactions.run((manager) => h.log.append(manager, helplineId, [caseRead(n)]));
    }
  }

  const rows = (helplineId: string) =>
    h.transactions.run((manager) => manager.find(AuditEntry, { where: { helplineId }, order: { seq: 'ASC' } }));
  const anchorOf = (helplineId: string) => h.app.get(AuditAnchor).read(helplineId);
  const dropRedisAnchor = (helplineId: string) =>
    h.app.get<Redis>(REDIS).del(auditAnchorKey(h.app.get(RedisKeys), helplineId));

  it('chains entries written in one transaction and across several, and lists them newest first', async () => {
    const helplineId = randomUUID();
    await h.transactions.run((manager) => h.log.append(manager, helplineId, [caseRead(1), caseRead(2), caseRead(3)]));
    await appendReads(helplineId, 2);

    const stored = await rows(helplineId);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(stored.map((e) => e.prevMac)).toEqual(['', ...stored.slice(0, -1).map((e) => e.mac)]);
    const verification = await h.verifier.verify(helplineId);
    expect(verification).toEqual({
      ok: true,
      entries: 5,
      head: { seq: 5, mac: stored[4].mac },
      anchor: { seq: 5, mac: stored[4].mac },
      problems: [],
    });

    const newest = await h.log.list(helplineId, { limit: 2 });
    expect(newest.map((e) => e.seq)).toEqual([5, 4]);
    expect(newest[0]).toMatchObject({
      actor: { kind: 'staff', id: AGENT, roles: ['agent'] },
      action: 'case.read',
      fields: ['notes', 'follow-up'],
      purposeRef: null,
    });
    expect((await h.log.list(helplineId, { beforeSeq: 4 })).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect((await h.log.list(helplineId, { subjectId: 'case-1' })).map((e) => e.seq)).toEqual([4, 1]);
    expect(await h.log.list(helplineId, { actorId: 'someone-else' })).toEqual([]);
    expect(await h.log.list(randomUUID())).toEqual([]);
    await expect(h.log.list(helplineId, { limit: 501 })).rejects.toMatchObject({ code: 'AUDIT_QUERY_INVALID' });
  });

  it('writes no entry and leaves the anchor when the audited change rolls back', async () => {
    const helplineId = randomUUID();
    await appendReads(helplineId, 1);
    const before = await anchorOf(helplineId);

    await expect(
      h.transactions.run(async (manager) => {
        await h.log.append(manager, helplineId, [caseRead(2), caseRead(3)]);
        throw new Error('the case update failed after it was audited');
      }),
    ).rejects.toThrow('the case update failed');
    await expect(
      h.transactions.run((manager) =>
        h.log.append(manager, helplineId, [caseRead(4, { purpose: 'she asked me to look' })]),
      ),
    ).rejects.toMatchObject({ code: 'AUDIT_RECORD_INVALID', field: 'purpose' });
    // Outside TransactionRunner.run nobody could advance the anchor after commit: refused before anything is written.
    await expect(
      h.log.append(h.app.get<DataSource>(getDataSourceToken()).manager, helplineId, [caseRead(5)]),
    ).rejects.toThrow(/afterCommit needs the manager/);

    expect((await rows(helplineId)).map((e) => e.seq)).toEqual([1]);
    expect(await anchorOf(helplineId)).toEqual(before);
    await appendReads(helplineId, 1);
    expect((await h.verifier.verify(helplineId)).ok).toBe(true);
    expect((await anchorOf(helplineId))?.seq).toBe(2);
  });

  it('detects an edited entry even after every later mac is recomputed with plain SHA-256 and the links mended', async () => {
    const helplineId = randomUUID();
    await appendReads(helplineId, 5);
    const original = await h.verifier.verify(helplineId);

    // What someone with write access to the database but without AUDIT_KEY can do: change entry 3 (hide that it
    // was a break-glass read of another case), then rebuild the chain from there with the only hash they can compute.
    await h.transactions.run(async (manager) => {
      const stored = await manager.find(AuditEntry, { where: { helplineId }, order: { seq: 'ASC' } });
      let prevMac = stored[1].mac;
      for (const entry of stored.slice(2)) {
        const edited = { ...entry, ...(entry.seq === 3 ? { subjectId: 'case-9' } : {}), prevMac };
        edited.mac = createHash('sha256').update(auditMacInput(edited)).digest('hex');
        await manager.update(AuditEntry, { helplineId, seq: entry.seq }, edited);
        prevMac = edited.mac;
      }
      await manager.update(AuditHead, { helplineId }, { mac: prevMac });
    });

    const tampered = await h.verifier.verify(helplineId);
    expect(tampered.ok).toBe(false);
    expect(tampered.problems).toEqual([
      { seq: 3, problem: 'mac-mismatch' },
      { seq: 4, problem: 'mac-mismatch' },
      { seq: 5, problem: 'mac-mismatch' },
      { seq: 5, problem: 'anchor-mismatch' },
    ]);

    // Without the Redis anchor the MACs alone still tell; and the refresher does not re-seed from a forged head.
    await dropRedisAnchor(helplineId);
    await h.app.get(AuditAnchorRefresher).refreshOnce();
    expect(await anchorOf(helplineId)).toBeNull();
    const withoutAnchor = await h.verifier.verify(helplineId);
    expect(withoutAnchor.ok).toBe(false);
    expect(withoutAnchor.problems.map((p) => p.problem)).toEqual(['mac-mismatch', 'mac-mismatch', 'mac-mismatch']);
    // The operator's copy of the untampered head disagrees too.
    const withCopy = await h.verifier.verify(helplineId, { anchor: original.head! });
    expect(withCopy.problems).toContainEqual({ seq: 5, problem: 'anchor-mismatch' });
  });

  it('detects the newest entries cut off through the Redis anchor, and through the operator copy once Redis lost it', async () => {
    const helplineId = randomUUID();
    await appendReads(helplineId, 5);
    const operatorCopy: AuditPosition = (await h.verifier.verify(helplineId)).head!;

    // Delete entries 4 and 5 and set the head row back to 3: what is left is a perfectly valid chain.
    await h.transactions.run(async (manager) => {
      const third = await manager.findOneByOrFail(AuditEntry, { helplineId, seq: 3 });
      await manager.delete(AuditEntry, { helplineId, seq: 4 });
      await manager.delete(AuditEntry, { helplineId, seq: 5 });
      await manager.update(AuditHead, { helplineId }, { seq: 3, mac: third.mac });
    });

    const cut = await h.verifier.verify(helplineId);
    expect(cut).toMatchObject({
      ok: false,
      entries: 3,
      anchor: operatorCopy,
      problems: [{ seq: 5, problem: 'truncated' }],
    });
    await h.app.get(AuditAnchorRefresher).refreshOnce();
    expect(await anchorOf(helplineId)).toEqual(operatorCopy); // never moved back

    // Redis restarts empty: the refresher re-seeds the anchor from the cut chain, and Redis alone cannot tell.
    await dropRedisAnchor(helplineId);
    await h.app.get(AuditAnchorRefresher).refreshOnce();
    expect((await anchorOf(helplineId))?.seq).toBe(3);
    expect((await h.verifier.verify(helplineId)).ok).toBe(true);
    expect(await h.verifier.verify(helplineId, { anchor: operatorCopy })).toMatchObject({
      ok: false,
      problems: [{ seq: 5, problem: 'truncated' }],
    });
  });

  it('finds a helpline whose every audit row was deleted, through its anchor', async () => {
    const helplineId = randomUUID();
    await appendReads(helplineId, 2);
    await h.transactions.run(async (manager) => {
      await manager.delete(AuditEntry, { helplineId });
      await manager.delete(AuditHead, { helplineId });
    });

    const all = await h.verifier.verifyAll();
    expect(all.find((v) => v.helplineId === helplineId)).toMatchObject({
      ok: false,
      entries: 0,
      head: null,
      problems: [{ seq: 2, problem: 'truncated' }],
    });
  });

  it('fails verification under another AUDIT_KEY', async () => {
    const helplineId = randomUUID();
    await appendReads(helplineId, 3);
    const otherKey = { secrets: { ...h.config.secrets, auditKey: randomBytes(32) } };
    const otherVerifier = new AuditVerifier(otherKey, h.transactions, h.app.get(AuditAnchor));

    expect((await h.verifier.verify(helplineId)).ok).toBe(true);
    const verification = await otherVerifier.verify(helplineId);
    expect(verification.ok).toBe(false);
    expect(verification.problems).toEqual([1, 2, 3].map((seq) => ({ seq, problem: 'mac-mismatch' })));
  });

  it('seeds a lost anchor again from the database within a few seconds where workers run', async () => {
    const helplineId = randomUUID();
    await appendReads(helplineId, 2);
    const head = (await h.verifier.verify(helplineId)).head;
    await dropRedisAnchor(helplineId);

    const deadline = Date.now() + 5_000;
    while ((await anchorOf(helplineId)) === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await anchorOf(helplineId)).toEqual(head);
  });
});

describe('audit log under concurrent appends (PostgreSQL)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await boot('postgres');
  });

  afterAll(() => shutDown(h));

  it('gives 50 parallel transactions seq 1..50 with no gap, with rollbacks among them and a racing first append', async () => {
    const helplineId = randomUUID();
    const other = randomUUID();
    // All start before any committed, so several race to create the head row; every sixth rolls back after
    // appending, and another helpline's appends run in between.
    const attempts = Array.from({ length: 60 }, (_, i) =>
      h.transactions.run(async (manager) => {
        await h.log.append(manager, helplineId, [caseRead(i)]);
        if (i % 6 === 5) throw new Error('rolled back');
        if (i % 3 === 0) await h.log.append(manager, other, [caseRead(i)]);
      }),
    );
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(10);

    const verification = await h.verifier.verify(helplineId);
    const stored = await h.transactions.run((manager) =>
      manager.find(AuditEntry, { where: { helplineId }, order: { seq: 'ASC' } }),
    );
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(verification).toMatchObject({ ok: true, entries: 50, head: { seq: 50 }, anchor: verification.head });
    expect(await h.verifier.verify(other)).toMatchObject({ ok: true, entries: 20 });

    // And 50 more on the now-existing head, all at once.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.transactions.run((manager) => h.log.append(manager, helplineId, [caseRead(100 + i)])),
      ),
    );
    expect(await h.verifier.verify(helplineId)).toMatchObject({ ok: true, entries: 100, problems: [] });
  });
});
