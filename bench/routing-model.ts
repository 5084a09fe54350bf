// The simulated helpline of the routing benchmark: queues, agents with mixed skills, waiting contacts, and the
// messages between the load generator and the routing process.
import type { Channel, Priority } from '@tuki/contracts';
import type { ChannelCounts, QueuedEntry, RoutingQueueDefinition } from '@tuki/assignment';

const SEC = 1000;
const base = {
  strategy: 'longest-idle' as const,
  ageingMs: 600 * SEC,
  offerTimeoutMs: 20 * SEC,
  voiceBlocksChat: true,
};

/** Four queues with different required skills and widening steps. */
export const QUEUES: RoutingQueueDefinition[] = [
  { ...base, queueId: 'q-general', requiredSkills: {}, widening: [], languages: ['fi', 'sv', 'en'] },
  {
    ...base,
    queueId: 'q-violence',
    requiredSkills: { violence: 6 },
    widening: [{ afterMs: 120 * SEC, relaxBy: 2 }],
    languages: ['fi', 'sv'],
  },
  {
    ...base,
    queueId: 'q-extortion',
    requiredSkills: { extortion: 7 },
    widening: [
      { afterMs: 60 * SEC, relaxBy: 3 },
      { afterMs: 300 * SEC, relaxBy: 'any' },
    ],
    languages: ['fi', 'en'],
  },
  {
    ...base,
    queueId: 'q-youth',
    requiredSkills: { youth: 5, violence: 3 },
    widening: [{ afterMs: 180 * SEC, relaxBy: 'any' }],
    languages: ['fi', 'sv', 'en'],
  },
];

export const AGENT_CAPACITY: ChannelCounts = { voice: 1, chat: 2, callback: 1 };

export interface AgentSpec {
  agentId: string;
  languages: string[];
  skills: Record<string, number>;
  lastOfferedAt: number;
}

/** A waiting contact before the index ranks it (the store adds its score and the record's version). */
export type WaitingSpec = Omit<QueuedEntry, 'score' | 'version'>;

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeAgents(count: number, random: () => number): AgentSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const languages = ['fi', 'sv', 'en'].filter((_, l) => random() < [0.8, 0.35, 0.6][l]);
    if (languages.length === 0) languages.push('fi');
    const level = () => Math.floor(random() * 11);
    return {
      agentId: `agent-${i}`,
      languages,
      skills: { violence: level(), extortion: level(), youth: level() },
      lastOfferedAt: 0,
    };
  });
}

const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'normal', 'normal', 'low'];
const CHANNELS: Channel[] = ['voice', 'voice', 'chat', 'chat', 'chat', 'callback'];

/** A waiting contact that arrived up to `maxAgeMs` ago, in a random queue and one of its languages. */
export function makeContact(id: string, random: () => number, maxAgeMs: number): WaitingSpec {
  const queue = QUEUES[Math.floor(random() * QUEUES.length)];
  return {
    contactId: id,
    queueId: queue.queueId,
    language: queue.languages[Math.floor(random() * queue.languages.length)],
    channel: CHANNELS[Math.floor(random() * CHANNELS.length)],
    priority: PRIORITIES[Math.floor(random() * PRIORITIES.length)],
    firstArrivedAt: Date.now() - Math.floor(random() * maxAgeMs),
  };
}

export interface OfferBrief {
  contactId: string;
  channel: Channel;
  queueId: string;
  language: string;
}

export type ToRouter =
  | { kind: 'init'; id: number; prefix: string; agents: AgentSpec[] }
  | { kind: 'available'; id: number; helplineId: string; agentId: string }
  | { kind: 'bull-start'; id: number; queueName: string; bullPrefix: string; expected: number }
  | { kind: 'bull-stop'; id: number }
  | { kind: 'cpu'; id: number }
  | { kind: 'exit'; id: number };

export type FromRouter =
  | { kind: 'ready'; id: number }
  | { kind: 'decided'; id: number; mirrorMs: number; decideMs: number; offer?: OfferBrief }
  | { kind: 'bull-done'; id: number; at: number }
  | { kind: 'cpu'; id: number; seconds: number }
  | { kind: 'error'; id: number; message: string };
