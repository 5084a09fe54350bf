import { DrillHttpError, DrillUnreachableError } from './drill-client';
import type { DrillContext } from './drill-context';
import type { ScriptedCaller } from './drill-script';

interface IntakeView {
  id: string;
  state: string;
  firstArrivedAt: number;
  estimatedWaitSeconds: number | null;
  offerCallback: boolean;
}

interface CallbackReceipt {
  callback: { id: string; status: string };
  merged: boolean;
}

/**
 * One caller, through the channel adapter's routes as a phone system would drive them (a service credential): arrives
 * (`POST /contacts`), takes the callback the queue offers or waits on, and hangs up when their patience runs out
 * (`POST /contacts/:id/abandon`). Everything they do was drawn before the drill began (ScriptedCaller).
 */
export class SimulatedCaller {
  contactId?: string;
  /** An agent is taking the offer now: the caller waits for them rather than hang up. */
  answering = false;
  answered = false;
  hungUp = false;
  /** Their patience ran out while an agent was taking the offer; they hang up if the agent's accept fails. */
  patienceRanOut = false;
  tookCallback = false;
  callbackMerged = false;
  /** Callback attempts made so far. */
  attemptsMade = 0;
  /** Their callback waits for a later attempt (after the policy's spacing). */
  waitingForRetry = false;
  /** Nothing more will happen to this caller in the drill. */
  settled = false;
  intakeError?: string;
  /** When the hang-up was sent (drill clock): the earliest an agent's offer of this caller can have ended. */
  abandonSentAt?: number;
  offeredCallback = false;
  estimatedWaitSeconds: number | null = null;
  /** Why the caller ended the way they did, when it is worth telling. */
  note?: string;

  constructor(
    readonly script: ScriptedCaller,
    private readonly ctx: DrillContext<SimulatedCaller>,
  ) {}

  async arrive(): Promise<void> {
    const { options } = this.ctx;
    const calledAt = performance.now();
    const body = {
      idempotencyKey: `drill-${options.runId}-${this.script.index}`,
      queueId: options.queueId,
      channel: this.script.channel,
      language: options.languageCode(this.script.language),
      priority: this.script.priority,
      ...(this.script.highRisk ? { riskFlags: ['other'] } : {}),
    };
    let view: IntakeView;
    try {
      view = await this.intake(body);
    } catch (error) {
      this.intakeError = error instanceof Error ? error.message : String(error);
      this.settled = true;
      this.ctx.incident(`caller #${this.script.index}: intake failed: ${this.intakeError}`);
      return;
    }
    this.contactId = view.id;
    this.offeredCallback = view.offerCallback;
    this.estimatedWaitSeconds = view.estimatedWaitSeconds;
    this.ctx.register(view.id, this);
    if (options.callbacks && this.script.takesCallback && view.offerCallback) await this.takeCallback();
    if (this.tookCallback || !Number.isFinite(this.script.patienceSeconds)) return;
    const patienceMs = this.ctx.realMs(this.script.patienceSeconds) - (performance.now() - calledAt);
    await this.ctx.after(patienceMs);
    await this.patienceEnds();
  }

  /** The caller's patience is over: they hang up, unless answered, being answered, or waiting for a callback. */
  async patienceEnds(): Promise<void> {
    if (this.answering) {
      this.patienceRanOut = true;
      return;
    }
    await this.hangUp('patience');
  }

  /** The drill is over: a caller still waiting on the line hangs up. */
  async drillEnds(): Promise<void> {
    if (!this.answering) await this.hangUp('the drill ended');
  }

  /** The agent's accept failed (the offer had lapsed): the caller waits on, or hangs up if their patience ran out. */
  async acceptFailed(): Promise<void> {
    this.answering = false;
    if (this.patienceRanOut) await this.hangUp('patience');
  }

  private async hangUp(why: string): Promise<void> {
    if (this.answered || this.hungUp || this.tookCallback || this.settled || !this.contactId) return;
    this.hungUp = true;
    this.abandonSentAt = Date.now();
    try {
      const view = await this.ctx.http.request<{ state: string }>('POST', `/contacts/${this.contactId}/abandon`, {
        token: this.ctx.options.serviceToken,
        label: 'abandon',
      });
      // Abandoned while waiting; otherwise an agent had them (wrap-up): the agent finishes and settles them.
      if (view.state === 'abandoned') this.settled = true;
      this.note = `hung up (${why}): ${view.state}`;
    } catch (error) {
      // Still on the line as far as Tuki knows: the drill's end hangs up again.
      this.hungUp = false;
      this.ctx.incident(`caller #${this.script.index} (${this.contactId}): hang-up refused: ${String(error)}`);
    }
  }

  private async takeCallback(): Promise<void> {
    try {
      const receipt = await this.ctx.http.request<CallbackReceipt>('POST', `/contacts/${this.contactId}/callback`, {
        token: this.ctx.options.serviceToken,
        body: { number: this.ctx.callbackNumber() },
        label: 'callback',
      });
      this.tookCallback = true;
      this.callbackMerged = receipt.merged;
      // Merged into an open callback of the same number: this contact ended `merged`; that callback is another's.
      if (receipt.merged) this.settled = true;
    } catch (error) {
      // Already offered to an agent, say: the caller waits on as any other.
      if (!(error instanceof DrillHttpError)) throw error;
      this.note = `callback refused (${error.status} ${error.code ?? ''}): waited on`;
    }
  }

  /** Intake, sent again once with the same idempotency key if no answer came (the server then answers 200). */
  private async intake(body: Record<string, unknown>): Promise<IntakeView> {
    const send = () =>
      this.ctx.http.request<IntakeView>('POST', '/contacts', {
        token: this.ctx.options.serviceToken,
        body,
        label: 'intake',
      });
    try {
      return await send();
    } catch (error) {
      const retry = error instanceof DrillUnreachableError || (error instanceof DrillHttpError && error.status >= 500);
      if (!retry) throw error;
      return send();
    }
  }
}
