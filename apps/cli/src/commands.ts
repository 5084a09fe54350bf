import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  DataKeysService,
  KeyringService,
  Keyring,
  TransactionRunner,
  activateKey,
  addKey,
  retireKey,
  writeKeyringFile,
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
      .create(helpline.id, { login, displayName, roles: ['admin'], password });
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
      writeKeyringFile(path, retireKey(Keyring.load(path).document(), required(flags, 'id')));
      return 'Retired. Data keys still wrapped with it can no longer be opened: run keys rewrap first.';
    }
    default:
      throw new Error('usage: keys init|list|add|activate --id ID|rewrap|retire --id ID');
  }
}
