import { AgentsService } from '@tuki/agents';
import { SignInService, StaffUsersService } from '@tuki/staff';
import { TEST_PASSWORD, seedHelpline, type RunningApi, type SeededHelpline } from './api-harness';
import { send } from './http';

/** The helpline's zone in every seeded helpline. */
export const HELSINKI = 'Europe/Helsinki';

/**
 * A helpline of the test's own (its own agent, supervisor, admin, service credential and queue), with the seeded
 * waiting contact taken out of the way, so the test decides every contact an agent could be offered.
 */
export async function freshLine(api: RunningApi, name: string): Promise<SeededHelpline> {
  const seed = await seedHelpline(api, name);
  const left = await send(api, 'POST', `/contacts/${seed.contactId}/abandon`, seed.service.token);
  if (left.status !== 200) throw new Error(`could not clear the seeded contact: ${JSON.stringify(left.body)}`);
  return seed;
}

/** Defines a queue over HTTP as an admin (languages fi/sv, extortion 3, which the seeded agent has). */
export async function defineQueue(
  api: RunningApi,
  seed: SeededHelpline,
  extra: Record<string, unknown>,
): Promise<Record<string, unknown> & { id: string }> {
  const reply = await send(api, 'POST', '/routing-queues', seed.users.admin.accessToken, {
    name: `Queue ${Math.random().toString(36).slice(2, 8)}`,
    languages: ['fi', 'sv'],
    requiredSkills: { extortion: 3 },
    ...extra,
  });
  if (reply.status !== 201) throw new Error(`queue not defined: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as Record<string, unknown> & { id: string };
}

/** A second agent of the helpline (fi, extortion 5), signed in. */
export async function addAgent(
  api: RunningApi,
  seed: SeededHelpline,
  name: string,
): Promise<{ id: string; token: string }> {
  const { app } = api;
  const login = `agent.${name}.${Math.random().toString(36).slice(2, 8)}`;
  const users = app.get(StaffUsersService);
  const user = await users.create(seed.helplineId, {
    login,
    displayName: `agent ${name}`,
    roles: ['agent'],
    password: TEST_PASSWORD,
  });
  await app
    .get(AgentsService)
    .setProfile(
      seed.helplineId,
      await users.get(seed.helplineId, user.id),
      { languages: ['fi'], skills: { extortion: 5 } },
      { userId: seed.users.admin.id, roles: ['admin'] },
    );
  const tokens = await app.get(SignInService).signIn({ login, password: TEST_PASSWORD }, '127.0.0.9');
  return { id: user.id, token: tokens.accessToken };
}

/** A live contact handed over by the channel adapter (201). */
export async function arrive(
  api: RunningApi,
  seed: SeededHelpline,
  key: string,
  extra: Record<string, unknown> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by matchers
): Promise<Record<string, any>> {
  const reply = await send(api, 'POST', '/contacts', seed.service.token, {
    idempotencyKey: key,
    queueId: seed.queueId,
    channel: 'voice',
    language: 'fi',
    ...extra,
  });
  if (reply.status !== 201) throw new Error(`contact not created: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A string to search for, and whether to search for it also in the text with separators taken out. */
export interface Needle {
  label: string;
  needle: string;
  /** Digits (and +) that are also looked for in the text with spaces, dashes, dots, slashes and brackets removed. */
  compact?: boolean;
}

/**
 * The forms a number may take in stolen data: E.164, national (leading 0), the bare digits, the subscriber part, in
 * clear (in any grouping: these are also looked for with separators removed); each also as hex, and as base64 and
 * base64url at each of the three byte alignments (a value inside a longer base64 string shows its own base64 only
 * from the alignment it happens to sit at).
 */
export function numberNeedles(e164: string, national: string): Needle[] {
  const digits = e164.slice(1);
  const clear: Record<string, string> = { e164, national, digits, subscriber: national.slice(1) };
  const needles: Needle[] = [];
  for (const [name, text] of Object.entries(clear)) {
    needles.push({ label: `${name} in clear`, needle: text, compact: true });
    needles.push({ label: `${name} as hex`, needle: Buffer.from(text).toString('hex') });
    needles.push({ label: `${name} as HEX`, needle: Buffer.from(text).toString('hex').toUpperCase() });
    for (const offset of [0, 1, 2]) {
      // Encode with `offset` bytes in front, then keep only the characters that depend on the number alone.
      const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(text)]).toString('base64');
      const skip = offset === 0 ? 0 : 4; // the first quartet mixes the bytes in front with the number's first bytes
      const usableBytes = text.length - (offset === 0 ? 0 : 3 - offset);
      const needle = encoded.slice(skip, skip + Math.floor(usableBytes / 3) * 4);
      if (needle.length < 8) continue;
      needles.push({ label: `${name} as base64 (offset ${offset})`, needle });
      const urlSafe = needle.replace(/\+/g, '-').replace(/\//g, '_');
      if (urlSafe !== needle) needles.push({ label: `${name} as base64url (offset ${offset})`, needle: urlSafe });
    }
  }
  return needles;
}

/** The labels of the needles found in `haystack` (bytes are read as latin1, so binary files work too). */
export function found(haystack: string | Buffer, needles: Needle[]): string[] {
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1');
  const compacted = text.replace(/[\s\-./()]/g, '');
  return needles
    .filter(({ needle, compact }) => text.includes(needle) || (compact === true && compacted.includes(needle)))
    .map(({ label }) => label);
}
