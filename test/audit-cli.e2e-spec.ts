import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import {
  AuditEntry,
  AuditHead,
  AuditLog,
  PlatformModule,
  RedisKeys,
  TransactionRunner,
  auditAnchorKey,
  type TukiConfig,
} from '@tuki/platform';
import { deleteTestKeys, dropTestSchema, inheritedEnv, TEST_DATABASE_URL, testConfig } from '@tuki/testing';

const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...inheritedEnv(env.DATA_DIR), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

@Module({})
class AuditCliTestRoot {}

const boot = (config: TukiConfig) =>
  NestFactory.createApplicationContext(
    { module: AuditCliTestRoot, imports: [PlatformModule.forRoot({ config, runWorkers: false, jobs: {} })] },
    { logger: false },
  );

/** Runs `work` with the platform booted in this process on the CLI's database, Redis prefix and secrets. */
async function withPlatform(config: TukiConfig, work: (app: Awaited<ReturnType<typeof boot>>) => Promise<void>) {
  const app = await boot(config);
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

describe('tuki audit verify', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tuki-audit-cli-'));
  const schema = `t_audit_cli_${randomBytes(4).toString('hex')}`;
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_PREFIX: `t-audit-cli-${schema}`,
    REDIS_AUTOSTART: 'false',
    LOG_LEVEL: 'warn',
  };
  // The same DATA_DIR as the CLI's, so both use the AUDIT_KEY generated into its secrets.json.
  const config = testConfig('audit-cli', { env });
  const helplineId = randomUUID();

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('No dist/: run `npm run build` first (CI builds before it tests).');
    await withPlatform(config, async (app) => {
      for (let n = 1; n <= 3; n++) {
        await app.get(TransactionRunner).run((manager) =>
          app.get(AuditLog).append(manager, helplineId, [
            {
              actor: { kind: 'staff', id: 'agent-1', roles: ['agent'] },
              action: 'case.read',
              subjectType: 'case',
              subjectId: `case-${n}`,
              fields: ['notes'],
              purpose: 'participant',
            },
          ]),
        );
      }
    });
  });

  afterAll(async () => {
    await dropTestSchema(config);
    await deleteTestKeys(config);
  });

  it('prints the head of an intact chain and exits 0; a cut chain fails against the operator copy with exit 3', async () => {
    const intact = await runCli(['audit', 'verify'], env);
    expect(intact).toMatchObject({ code: 0 });
    const head = new RegExp(`^${helplineId} ok entries=3 head=(3:[0-9a-f]{64})$`, 'm').exec(intact.stdout)?.[1];
    expect(head).toBeDefined();

    // Cut the newest entry while Redis also lost the anchor: only the operator's copy of the head still tells.
    await withPlatform(config, async (app) => {
      await app.get(TransactionRunner).run(async (manager) => {
        const second = await manager.findOneByOrFail(AuditEntry, { helplineId, seq: 2 });
        await manager.delete(AuditEntry, { helplineId, seq: 3 });
        await manager.update(AuditHead, { helplineId }, { seq: 2, mac: second.mac });
      });
    });
    const redis = new Redis(config.redis.url);
    try {
      await redis.del(auditAnchorKey(new RedisKeys(config.redis.prefix), helplineId));
    } finally {
      redis.disconnect();
    }

    expect((await runCli(['audit', 'verify', '--helpline', helplineId], env)).code).toBe(0);
    const cut = await runCli(['audit', 'verify', '--helpline', helplineId, '--anchor', head!], env);
    expect(cut.code).toBe(3);
    expect(cut.stdout).toMatch(
      new RegExp(`^${helplineId} FAILED entries=2 head=2:[0-9a-f]{64} problems=3:truncated$`, 'm'),
    );

    const malformed = await runCli(['audit', 'verify', '--helpline', helplineId, '--anchor', 'three'], env);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/--anchor must be SEQ:MAC/);
  });
});
