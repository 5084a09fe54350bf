/*
 * The routing process of the core benchmark: it owns the RedisRoutingStore and the Router and answers the load
 * generator (the parent process) over the IPC channel: an agent becomes available (the mirror write), the router
 * decides. The simulated agents' own steps (accept, complete) run in the load generator, as in the api processes. It also hosts the BullMQ worker of the baseline, so both
 * systems are driven the same way: requests from another process, work done here.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { RedisKeys } from '@tuki/platform';
import { RedisRoutingStore, Router } from '@tuki/assignment';
import { nowMs, REDIS_URL, selfCpuSeconds } from './bench-util';
import { AGENT_CAPACITY, QUEUES, type AgentSpec, type ToRouter, type FromRouter } from './routing-model';

const redis = new Redis(REDIS_URL);
let store: RedisRoutingStore | undefined;
let router: Router | undefined;
let worker: Worker | undefined;
let completed = 0;
const agents = new Map<string, AgentSpec>();

const send = (message: FromRouter): void => {
  process.send?.(message);
};

async function handle(message: ToRouter): Promise<void> {
  switch (message.kind) {
    case 'init': {
      store = new RedisRoutingStore(redis, new RedisKeys(message.prefix));
      // The agents' profiles once, as the product reads them from the database: a request names only the agent.
      for (const agent of message.agents) agents.set(agent.agentId, agent);
      router = new Router(store, () => Date.now(), 60_000);
      send({ kind: 'ready', id: message.id });
      return;
    }
    case 'available': {
      // The agent becomes available (the mirror write the engine does), then the router decides.
      const t0 = nowMs();
      const agent = await store!.putAgent(message.helplineId, {
        ...agents.get(message.agentId)!,
        capacity: AGENT_CAPACITY,
        available: true,
        idleSince: Date.now(),
      });
      const t1 = nowMs();
      const offer = await router!.agentAvailable(message.helplineId, message.agentId, QUEUES, agent);
      const t2 = nowMs();
      send({
        kind: 'decided',
        id: message.id,
        mirrorMs: t1 - t0,
        decideMs: t2 - t1,
        offer: offer && {
          contactId: offer.contactId,
          channel: offer.entry.channel,
          queueId: offer.entry.queueId,
          language: offer.entry.language,
        },
      });
      return;
    }
    case 'bull-start': {
      completed = 0;
      worker = new Worker(message.queueName, () => Promise.resolve(), {
        connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
        prefix: message.bullPrefix,
        concurrency: 50,
      });
      worker.on('completed', () => {
        completed++;
        if (completed === message.expected) send({ kind: 'bull-done', id: message.id, at: nowMs() });
      });
      await worker.waitUntilReady();
      send({ kind: 'ready', id: message.id });
      return;
    }
    case 'bull-stop': {
      await worker?.close();
      worker = undefined;
      send({ kind: 'ready', id: message.id });
      return;
    }
    case 'cpu': {
      send({ kind: 'cpu', id: message.id, seconds: selfCpuSeconds() });
      return;
    }
    case 'exit': {
      await worker?.close();
      await redis.quit();
      send({ kind: 'ready', id: message.id });
      setTimeout(() => process.exit(0), 50);
      return;
    }
  }
}

process.on('message', (message: ToRouter) => {
  handle(message).catch((error: unknown) => {
    send({ kind: 'error', id: message.id, message: (error as Error).stack ?? String(error) });
  });
});
