/*
 * The routing process of the core benchmark: it owns the RedisRoutingStore and the Router and answers the load
 * generator (the parent process) over the IPC channel. It also hosts the BullMQ worker of the baseline, so both
 * systems are driven the same way: requests from another process, work done here.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { RedisKeys } from '@tuki/platform';
import { rankScore, RedisRoutingStore, Router } from '@tuki/assignment';
import type { QueuedEntry } from '@tuki/assignment';
import { nowMs, REDIS_URL, selfCpuSeconds } from './bench-util';
import { AGENT_CAPACITY, QUEUES, type ToRouter, type FromRouter, type WaitingSpec } from './routing-model';

const redis = new Redis(REDIS_URL);
let store: RedisRoutingStore | undefined;
let router: Router | undefined;
let worker: Worker | undefined;
let completed = 0;

const send = (message: FromRouter): void => {
  process.send?.(message);
};

function entryOf(spec: WaitingSpec): QueuedEntry {
  const queue = QUEUES.find((q) => q.queueId === spec.queueId)!;
  const base = { ...spec, channel: spec.channel, priority: spec.priority };
  return { ...base, score: rankScore(base, queue.ageingMs), version: 1 };
}

async function handle(message: ToRouter): Promise<void> {
  switch (message.kind) {
    case 'init': {
      store = new RedisRoutingStore(redis, new RedisKeys(message.prefix));
      router = new Router(store, () => Date.now(), 60_000);
      send({ kind: 'ready', id: message.id });
      return;
    }
    case 'available': {
      // The agent becomes available (the mirror write the engine does), then the router decides.
      const t0 = nowMs();
      await store!.putAgent(message.helplineId, {
        ...message.agent,
        capacity: AGENT_CAPACITY,
        available: true,
        idleSince: Date.now(),
      });
      const t1 = nowMs();
      const offer = await router!.agentAvailable(message.helplineId, message.agent.agentId, QUEUES);
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
    case 'complete': {
      // The agent accepts, a new contact arrives in the same queue (the waiting count stays put), the agent completes
      // and goes unavailable until the load generator picks them again.
      const h = message.helplineId;
      const accepted = await store!.accept(h, message.contactId, message.agentId);
      if (message.replacement) await store!.enqueue(h, entryOf(message.replacement));
      await store!.release(h, message.agentId, message.contactId);
      await store!.putAgent(h, {
        ...message.agent,
        capacity: AGENT_CAPACITY,
        available: false,
        idleSince: Date.now(),
      });
      send({ kind: 'completed', id: message.id, accepted: accepted !== undefined });
      return;
    }
    case 'park': {
      await store!.putAgent(message.helplineId, {
        ...message.agent,
        capacity: AGENT_CAPACITY,
        available: false,
        idleSince: Date.now(),
      });
      send({ kind: 'parked', id: message.id });
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
