import { io, type Socket } from 'socket.io-client';
import type { OfferPayload, StreamEnvelope } from '@tuki/contracts';
import type { RunningApi } from './api-harness';
import { until } from './http';

/** Collects what the agent's socket receives, as the agent desktop would. */
export class AgentSocket {
  readonly offers: OfferPayload[] = [];
  readonly withdrawn: { contactId: string; reason: string }[] = [];
  private readonly beat: NodeJS.Timeout;
  private constructor(readonly socket: Socket) {
    // As the agent desktop does: without heartbeats the agent is taken offline.
    this.beat = setInterval(() => socket.emit('presence.heartbeat', () => undefined), 2000);
    socket.on('offer.created', (e: StreamEnvelope<OfferPayload>) => this.offers.push(e.data));
    socket.on('offer.withdrawn', (e: StreamEnvelope<{ contactId: string; reason: string }>) =>
      this.withdrawn.push(e.data),
    );
  }

  static async connect(api: RunningApi, token: string): Promise<AgentSocket> {
    const socket = io(api.url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return new AgentSocket(socket);
  }

  close(): void {
    clearInterval(this.beat);
    this.socket.disconnect();
  }

  async nextOffer(count: number, ms = 8000): Promise<OfferPayload> {
    await until(() => this.offers.length >= count, ms, `offer #${count}`);
    return this.offers[count - 1];
  }
}
