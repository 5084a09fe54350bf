import { Clock } from '@tuki/platform';
import { AgentSocket } from './agent-socket';
import type { RunningApi, SeededHelpline } from './api-harness';
import { addAgent, arrive } from './callbacks';
import { send } from './http';

/**
 * A caller from `number` arrives and `agent` (made available first) accepts them; returns the contact's id. Only
 * this agent may be available for the offer to reach them.
 */
export async function answerCall(
  api: RunningApi,
  seed: SeededHelpline,
  agent: { token: string; socket: AgentSocket },
  key: string,
  number: string,
): Promise<string> {
  const offersBefore = agent.socket.offers.length;
  await send(api, 'POST', '/agents/me/state', agent.token, { state: 'available' });
  const contact = await arrive(api, seed, key, { caller: { kind: 'phone', value: number } });
  const offer = await agent.socket.nextOffer(offersBefore + 1);
  if (offer.contactId !== contact.id) throw new Error('the offer was for another contact');
  const accepted = await send(api, 'POST', `/offers/${offer.contactId}/accept`, agent.token);
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return offer.contactId;
}

/**
 * Moves the api's one shared Clock by `ms` from real time (every service reads the same instance), as a test clock
 * does; `restore` puts it back. Tokens are checked against it too, so call services directly while it is moved.
 */
export function moveClock(api: RunningApi, ms: number): { restore(): void } {
  const clock = api.app.get(Clock);
  const original = clock.now.bind(clock);
  clock.now = () => new Date(Date.now() + ms);
  return { restore: () => (clock.now = original) };
}

/** An agent at their desk: signed in, with a socket that heartbeats and collects offers. */
export interface DeskAgent {
  id: string;
  token: string;
  socket: AgentSocket;
}

/** The seeded agent and a second one (fi, extortion 5), both at their desks. */
export async function twoAgentsAtDesks(api: RunningApi, seed: SeededHelpline): Promise<[DeskAgent, DeskAgent]> {
  const first = { id: seed.users.agent.id, token: seed.users.agent.accessToken };
  const added = await addAgent(api, seed, 'second');
  return [
    { ...first, socket: await AgentSocket.connect(api, first.token) },
    { ...added, socket: await AgentSocket.connect(api, added.token) },
  ];
}
