import { io, type Socket } from 'socket.io-client';
import type { OfferPayload, StreamEnvelope } from '@tuki/contracts';
import { DrillHttpError, StaffSession, type StaffCredentials } from './drill-client';
import type { DrillContext } from './drill-context';
import type { DrillChannel, ReceivedOffer } from './drill-recording';
import type { SimulatedCaller } from './simulated-caller';

/** Agents' desks heartbeat this often; a desk silent for 10 s is taken offline (README, "Where the live queue lives"). */
const HEARTBEAT_EVERY_MS = 3000;
/** How long an agent waits for the intake of a contact it was offered to answer its caller. */
const CALLER_LOOKUP_MS = 5000;

export interface AgentSpec {
  userId: string;
  credentials: StaffCredentials;
  /** The team's label, for the report. */
  team: string;
  /** The drill's language codes the agent speaks. */
  languages: string[];
  capacity: Record<DrillChannel, number>;
  /** When the agent is on duty: drill-relative real milliseconds [from, to). */
  duty: [number, number][];
}

/**
 * One agent at a desk, through the agent's own API: signs in, keeps a socket with heartbeats, goes available when
 * their shift starts, takes each offer the socket brings after the scenario's answer time (`offer.accept`), talks for
 * the caller's handle time, ends (`POST /contacts/:id/end`), wraps up and completes (`.../complete`); for a callback,
 * starts the attempt (`POST /callbacks/:id/attempts`) and records whether the caller answered. Every offer and how it
 * ended is recorded for the checks.
 */
export class SimulatedAgent {
  readonly offers: ReceivedOffer[] = [];
  private session?: StaffSession;
  private socket?: Socket;
  private beat?: NodeJS.Timeout;
  private onDuty = false;
  private stopped = false;
  private readonly holds = new Set<string>();

  constructor(
    readonly spec: AgentSpec,
    private readonly ctx: DrillContext<SimulatedCaller>,
  ) {}

  get userId(): string {
    return this.spec.userId;
  }

  /** Holding nothing: no offer, conversation or wrap-up. */
  get idle(): boolean {
    return this.holds.size === 0;
  }

  async signIn(): Promise<void> {
    this.session = await StaffSession.signIn(this.ctx.http, this.spec.credentials);
    const session = this.session;
    const socket = io(this.ctx.http.baseUrl, {
      transports: ['websocket'],
      // A reconnect takes a current token (the access token lives 15 minutes; sockets are checked at the handshake).
      auth: (give) => void session.token().then((token) => give({ token })),
      forceNew: true,
    });
    socket.on('offer.created', (envelope: StreamEnvelope<OfferPayload>) => this.offered(envelope.data));
    socket.on('offer.withdrawn', (envelope: StreamEnvelope<{ contactId: string; reason: string }>) =>
      this.withdrawn(envelope.data),
    );
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', (error) => reject(new Error(`agent socket refused: ${error.message}`)));
    });
    this.socket = socket;
    this.beat = setInterval(() => socket.emit('presence.heartbeat', () => undefined), HEARTBEAT_EVERY_MS);
  }

  /** The shift starts: available for offers. */
  async dutyStarts(): Promise<void> {
    this.onDuty = true;
    await this.setState('available');
  }

  /** The shift ends: no new offers are taken, and the agent signs out for contacts once they hold nothing. */
  async dutyEnds(): Promise<void> {
    this.onDuty = false;
    if (this.idle) await this.setState('offline');
  }

  /**
   * The drill is over (the drain waited for the agents to finish): offline and the socket closed. An offer still held
   * now stays recorded as open, which the checks report.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.onDuty = false;
    if (this.beat) clearInterval(this.beat);
    await this.setState('offline').catch((error: unknown) =>
      this.ctx.incident(`agent ${this.userId}: ${String(error)}`),
    );
    this.socket?.disconnect();
  }

  async signOut(): Promise<void> {
    await this.session?.signOut().catch(() => undefined);
  }

  private offered(payload: OfferPayload): void {
    const offer: ReceivedOffer = {
      agentId: this.userId,
      contactId: payload.contactId,
      channel: payload.channel as DrillChannel,
      deadline: payload.deadline,
      sentAt: payload.sentAt,
      receivedAt: Date.now(),
      end: 'open',
      endReason: null,
      releasedAt: Infinity,
    };
    this.ctx.latency.record('socket:delivery', offer.receivedAt - (payload.sentAt - this.ctx.options.clockOffsetMs));
    this.offers.push(offer);
    this.holds.add(offer.contactId);
    this.take(offer).catch((error: unknown) => {
      this.ctx.incident(`agent ${this.userId.slice(0, 8)}, contact ${offer.contactId}: ${String(error)}`);
      this.release(offer);
    });
  }

  private withdrawn(data: { contactId: string; reason: string }): void {
    const offer = this.offers.findLast((o) => o.contactId === data.contactId && o.end === 'open');
    if (!offer) return;
    offer.end = 'withdrawn';
    offer.endReason = data.reason;
    void this.ctx.callerOf(data.contactId, 0).then((caller) => {
      // The server let go of the offer after the caller's hang-up reached it, or at the deadline it sent.
      const since =
        data.reason === 'caller-left' ? caller?.abandonSentAt : offer.deadline - this.ctx.options.clockOffsetMs;
      this.release(offer, Math.max(offer.receivedAt, since ?? offer.receivedAt));
    });
  }

  private async take(offer: ReceivedOffer): Promise<void> {
    if (!this.onDuty) return this.decline(offer, 'off duty');
    const caller = await this.ctx.callerOf(offer.contactId, CALLER_LOOKUP_MS);
    if (!caller) return this.decline(offer, 'not a contact of this drill');
    await this.ctx.after(this.ctx.realMs(this.ctx.options.answerSeconds));
    // Withdrawn meanwhile, or the caller is hanging up: the server withdraws the offer.
    if (offer.end !== 'open' || caller.hungUp) return;
    caller.answering = true;
    const sent = performance.now();
    const reply = await this.emit('offer.accept', offer.contactId);
    this.ctx.latency.record('socket:accept', performance.now() - sent);
    if ('error' in reply) {
      if (offer.end === 'open') {
        offer.end = 'refused';
        offer.endReason = reply.error.code;
      }
      this.release(offer, Math.max(offer.receivedAt, caller.abandonSentAt ?? offer.receivedAt));
      await caller.acceptFailed();
      return;
    }
    offer.end = 'accepted';
    offer.endReason = null;
    if (offer.channel === 'callback') return this.callBack(offer, caller);
    caller.answered = true;
    await this.converse(offer, caller, caller.script.handleSeconds);
  }

  /** Talks, ends, wraps up and completes. */
  private async converse(offer: ReceivedOffer, caller: SimulatedCaller, seconds: number): Promise<void> {
    const id = offer.contactId;
    await this.ctx.after(this.ctx.realMs(seconds));
    // 409: the caller hung up mid-conversation, and the contact is already in wrap-up.
    await this.tolerating([409], () => this.post(`/contacts/${id}/end`, 'end'));
    await this.ctx.after(this.ctx.realMs(this.ctx.options.wrapUpSeconds));
    // Past the shift's end: away before the last completion, so routing does not make the agent available for offers
    // they would only decline (409 while another conversation still runs: the agent is busy).
    if (!this.onDuty) await this.setState('away');
    offer.releasedAt = Date.now();
    // 404/409: the wrap-up ran out and the server completed it first.
    await this.tolerating([404, 409], () => this.post(`/contacts/${id}/complete`, 'complete'));
    caller.settled = true;
    this.release(offer, offer.releasedAt);
  }

  /** A callback offer: the attempt, and the caller picks up (a conversation) or not (the agent is free at once). */
  private async callBack(offer: ReceivedOffer, caller: SimulatedCaller): Promise<void> {
    const id = offer.contactId;
    const dial = await this.post<{ attempt: number; mode: string }>(`/callbacks/${id}/attempts`, 'attempt');
    if (dial.mode !== 'manual') this.ctx.incident(`callback ${id}: dialled by the ${dial.mode} dialler`);
    const attempt = caller.script.attempts[caller.attemptsMade] ?? {
      answered: true,
      seconds: caller.script.handleSeconds,
    };
    caller.attemptsMade += 1;
    const outcome = (value: string) =>
      this.post<{ state: string }>(`/callbacks/${id}/attempts/${dial.attempt}/outcome`, 'outcome', { outcome: value });
    if (attempt.answered) {
      await outcome('reached');
      caller.waitingForRetry = false;
      return this.converse(offer, caller, attempt.seconds);
    }
    await this.ctx.after(this.ctx.realMs(attempt.seconds));
    offer.releasedAt = Date.now();
    const after = await outcome('no-answer');
    caller.waitingForRetry = after.state === 'callback-pending';
    if (!caller.waitingForRetry) caller.settled = true;
    this.release(offer, offer.releasedAt);
  }

  private async decline(offer: ReceivedOffer, why: string): Promise<void> {
    if (offer.end !== 'open') return this.release(offer);
    offer.releasedAt = Date.now();
    offer.end = 'declined';
    offer.endReason = why;
    const reply = await this.emit('offer.decline', offer.contactId);
    // Refused: the offer had already ended (the caller hung up, it lapsed) before the decline reached it.
    if ('error' in reply) {
      offer.end = 'refused';
      offer.endReason = reply.error.code;
    }
    this.release(offer, offer.releasedAt);
  }

  /** An offer answered over the socket; no acknowledgement within 20 s counts as a refusal (`NO_ACK`). */
  private async emit(
    event: 'offer.accept' | 'offer.decline',
    contactId: string,
  ): Promise<{ state?: string } | { error: { code: string; message: string } }> {
    try {
      return (await this.socket!.timeout(20_000).emitWithAck(event, { contactId })) as
        { state?: string } | { error: { code: string; message: string } };
    } catch (error) {
      return { error: { code: 'NO_ACK', message: String(error) } };
    }
  }

  private release(offer: ReceivedOffer, at = Date.now()): void {
    offer.releasedAt = Math.min(offer.releasedAt, at);
    const stillHeld = this.offers.some((o) => o.contactId === offer.contactId && o !== offer && o.end === 'open');
    if (!stillHeld) this.holds.delete(offer.contactId);
    if (!this.onDuty && this.idle && !this.stopped)
      this.setState('offline').catch((error: unknown) => this.ctx.incident(`agent ${this.userId}: ${String(error)}`));
  }

  private async setState(state: 'available' | 'away' | 'offline'): Promise<void> {
    if (!this.session) return;
    await this.tolerating([409], () =>
      this.ctx.http.request('POST', '/agents/me/state', {
        token: this.session!.token,
        body: state === 'away' ? { state, reason: 'other' } : { state },
        label: 'state',
      }),
    );
  }

  private post<T>(path: string, label: string, body?: unknown): Promise<T> {
    return this.ctx.http.request<T>('POST', path, { token: this.session!.token, label, body });
  }

  private async tolerating(statuses: number[], request: () => Promise<unknown>): Promise<void> {
    try {
      await request();
    } catch (error) {
      if (!(error instanceof DrillHttpError) || !statuses.includes(error.status)) throw error;
    }
  }
}
