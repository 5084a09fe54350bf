import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { REDIS, RedisKeys } from '../redis/redis-keys';
import { socketChannelKey } from './realtime-adapter';

/** What every pushed event looks like: the stream (room) it belongs to and its sequence number in that stream. */
export interface StreamEnvelope<T> {
  stream: string;
  seq: number;
  data: T;
}

/**
 * Pushes events to socket rooms from any process, api or worker, through Redis (no socket server needed). Each room
 * is a stream with its own sequence number: pub/sub can drop messages during a Redis blip, so a client that sees a
 * gap asks the server for the current state instead of trusting what it has.
 */
@Injectable()
export class RealtimePublisher implements OnApplicationShutdown {
  private readonly emitter: Emitter;
  private readonly connection: Redis;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    // The emitter publishes on its own connection so a slow PUBLISH never queues behind rate-limit commands.
    this.connection = redis.duplicate();
    this.emitter = new Emitter(this.connection, { key: socketChannelKey(keys) });
  }

  async publish<T>(stream: string, event: string, data: T): Promise<StreamEnvelope<T>> {
    const seq = await this.redis.incr(this.keys.key('seq', stream));
    const envelope: StreamEnvelope<T> = { stream, seq, data };
    this.emitter.to(stream).emit(event, envelope);
    return envelope;
  }

  /**
   * Emits once to a room of any namespace, with no stream number of its own: for payloads that carry their own
   * order (chat messages are numbered by the database).
   */
  emit(room: string, event: string, data: unknown, namespace = '/'): void {
    (namespace === '/' ? this.emitter : this.emitter.of(namespace)).to(room).emit(event, data);
  }

  /** The last sequence number of each stream, for a client that resyncs. */
  async positions(streams: string[]): Promise<Record<string, number>> {
    if (streams.length === 0) return {};
    const values = await this.redis.mget(streams.map((s) => this.keys.key('seq', s)));
    return Object.fromEntries(streams.map((s, i) => [s, Number(values[i] ?? 0)]));
  }

  /** Disconnects every socket in a room on every api process (a disabled user, say). */
  disconnect(room: string): void {
    this.emitter.in(room).disconnectSockets(true);
  }

  onApplicationShutdown(): void {
    this.connection.disconnect();
  }
}
