import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { TukiConfig } from '../config/tuki-config';
import { AccessTokens } from '../auth/access-tokens';
import { staffHandshake } from './staff-handshake';
import { PrincipalValidator } from '../auth/principal-validator';
import { connectRedis } from '../redis/redis-connections';
import { logRedisError } from '../redis/redis.module';
import { RedisKeys } from '../redis/redis-keys';
import { roomsOf } from './rooms';

/** The key under which socket.io's Redis adapter and emitter talk: the same on every api and worker process. */
export function socketChannelKey(keys: RedisKeys): string {
  return keys.key('io');
}

/**
 * socket.io on the Fastify server, shared across api processes through the Redis adapter, websocket transport only
 * (long-polling would need sticky sessions behind a load balancer). The handshake is authenticated here: the token
 * comes from `handshake.auth.token`, never the query string, and a missing, bad or stale token is refused before any
 * event can be sent.
 */
export class RealtimeAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: TukiConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const serverOptions: Partial<ServerOptions> = {
      ...options,
      transports: ['websocket'],
      cors: { origin: this.config.http.publicBaseUrl, credentials: false },
      serveClient: false,
    };
    const server = super.createIOServer(port, serverOptions) as Server;
    this.pub = connectRedis(this.config.redis.url, 'subscriber', logRedisError);
    this.sub = this.pub.duplicate();
    this.sub.on('error', logRedisError);
    server.adapter(
      createAdapter(this.pub, this.sub, { key: socketChannelKey(new RedisKeys(this.config.redis.prefix)) }),
    );

    server.use(
      staffHandshake(this.app.get(AccessTokens), this.app.get(PrincipalValidator), {
        admitted: (socket, principal) => void socket.join(roomsOf(principal)),
      }),
    );
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub?.disconnect();
    this.sub?.disconnect();
  }
}
