import { NestFactory } from '@nestjs/core';
import { DataSource, IsNull } from 'typeorm';
import {
  AuditVerifier,
  DataKey,
  DataKeysService,
  KeyringService,
  Keyring,
  TransactionRunner,
  activateKey,
  addKey,
  operatorActor,
  retireKey,
  writeKeyringFile,
  type AuditHelplineVerification,
  type AuditPosition,
  type TukiConfig,
} from '@tuki/platform';
import { HelplinesService, StaffUsersService } from '@tuki/staff';
import { CliModule } from './cli.module';
import { readSecretFromStdin } from './read-secret';

type Flags = Record<string, string | true>;

export function parseFlags(args: string[]): Flags {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) continue;
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags[arg.slice(2)] = next;
      i++;
    } else {
      flags[arg.slice(2)] = true;
    }
  }
  return flags;
}

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.length === 0) throw new Error(`--${name} is required`);
  return value;
}

async function withApp<T>(
  config: TukiConfig,
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Creates a helpline and its first admin. There is no default password anywhere: the operator types one. */
export async function createAdmin(config: TukiConfig, flags: Flags): Promise<string> {
  const helplineName = required(flags, 'helpline');
  const login = required(flags, 'login');
  const displayName = typeof flags.name === 'string' ? flags.name : login;
  const password = await readSecretFromStdin('Password for the new admin (12+ characters): ');
  return withApp(config, async (app) => {
    const helpline = await app
      .get(TransactionRunner)
      .run((manager) =>
        app
          .get(HelplinesService)
          .create(manager, helplineName, typeof flags['time-zone'] === 'string' ? flags['time-zone'] : undefined),
      );
    const user = await app
      .get(StaffUsersService)
      .create(helpline.id, { login, displayName, roles: ['admin'], password }, operatorActor('cli.create-admin'));
    return `Created helpline ${helpline.id} and admin ${user.id}. Sign in to set up the second factor.`;
  });
}

/** Key rotation, in steps that each keep every process working: add, activate, rewrap, retire. */
export async function keys(config: TukiConfig, action: string, flags: Flags): Promise<string> {
  const path = config.keyringFile;
  switch (action) {
    case 'init': {
      Keyring.load(path, { createIfMissing: true });
      return `Keyring ready at ${path}`;
    }
    case 'list': {
      const doc = Keyring.load(path).document();
      return doc.keys.map((k) => `${k.id}${k.id === doc.active ? ' (active)' : ''} created ${k.createdAt}`).join('\n');
    }
    case 'add': {
      const { doc, keyId } = addKey(Keyring.load(path).document(), new Date());
      writeKeyringFile(path, doc);
      return `Added ${keyId}. Let every process load it (2 s), then: keys activate --id ${keyId}`;
    }
    case 'activate': {
      writeKeyringFile(path, activateKey(Keyring.load(path).document(), required(flags, 'id')));
      return 'Activated. New data keys are wrapped with it; run keys rewrap to move the old ones.';
    }
    case 'rewrap': {
      return withApp(config, async (app) => {
        app.get(KeyringService).reload();
        const count = await app.get(DataKeysService).rewrapAll(app.get(DataSource).manager);
        return `Re-wrapped ${count} data key(s) under the active key.`;
      });
    }
    case 'retire': {
      const id = required(flags, 'id');
      // Retiring a key that still wraps live data keys would make those records unreadable: refuse, unless forced.
      const still = await withApp(config, (app) =>
        app.get(DataSource).getRepository(DataKey).countBy({ kekId: id, destroyedAt: IsNull() }),
      );
      if (still > 0 && flags.force !== true) {
        throw new Error(`${still} data key(s) are still wrapped with ${id}: run keys rewrap first (or --force)`);
      }
      writeKeyringFile(path, retireKey(Keyring.load(path).document(), id));
      return 'Retired. Nothing wrapped with it can be opened any more.';
    }
    default:
      throw new Error('usage: keys init|list|add|activate --id ID|rewrap|retire --id ID');
  }
}

/** Reads `--anchor SEQ:MAC`, a head printed by an earlier `audit verify`. */
export function parseAuditAnchor(value: string): AuditPosition {
  const match = /^([1-9]\d*):([0-9a-f]{64})$/.exec(value.trim());
  if (!match) throw new Error('--anchor must be SEQ:MAC as printed by audit verify (for example 42:3f0c...)');
  return { seq: Number(match[1]), mac: match[2] };
}

function describeVerification(v: AuditHelplineVerification): string {
  const head = v.head ? `${v.head.seq}:${v.head.mac}` : 'none';
  const summary = `${v.helplineId} ${v.ok ? 'ok' : 'FAILED'} entries=${v.entries} head=${head}`;
  if (v.ok) return summary;
  return `${summary} problems=${v.problems.map((p) => `${p.seq}:${p.problem}`).join(',')}`;
}

/**
 * Verifies the audit chain of one helpline (`--helpline ID`, optionally against `--anchor SEQ:MAC`) or of all. One
 * line per helpline; the head printed is what the operator keeps outside Tuki, to pass back as `--anchor` later: it
 * is what still detects a truncation made while Redis had lost its anchors.
 */
export async function auditVerify(config: TukiConfig, flags: Flags): Promise<{ ok: boolean; output: string }> {
  if (flags.helpline === true) throw new Error('--helpline needs an id');
  if (flags.anchor === true) throw new Error('--anchor needs SEQ:MAC');
  const helplineId = flags.helpline;
  // An anchor is one helpline's head: applied to every helpline it would fail all the others.
  if (flags.anchor !== undefined && helplineId === undefined) throw new Error('--anchor needs --helpline');
  const anchor = flags.anchor === undefined ? undefined : parseAuditAnchor(flags.anchor);
  return withApp(config, async (app) => {
    const verifier = app.get(AuditVerifier);
    const results = helplineId
      ? [{ helplineId, ...(await verifier.verify(helplineId, { anchor })) }]
      : await verifier.verifyAll();
    if (results.length === 0) return { ok: true, output: 'No audit entries yet.' };
    return { ok: results.every((r) => r.ok), output: results.map(describeVerification).join('\n') };
  });
}
