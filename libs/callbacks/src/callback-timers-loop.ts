import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CallbackTimers } from './callback-timers.service';

const CHECK_EVERY_MS = 1_000;

export const CALLBACK_OPTIONS = Symbol('CALLBACK_OPTIONS');
export interface CallbackOptions {
  /** Watch the callback timers here (workers, and the zero-config single process). */
  runTimers: boolean;
}

/**
 * In processes that run jobs (workers, the single zero-config process): checks every second whether Redis lost the
 * callback timers (came back empty) and re-adds them from the record.
 */
@Injectable()
export class CallbackTimersLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CallbackTimersLoop.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly timers: CallbackTimers,
    @Inject(CALLBACK_OPTIONS) private readonly options: CallbackOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.runTimers) return;
    this.timer = setInterval(() => {
      this.running ??= this.timers
        .reconcileIfNeeded()
        .catch((error: unknown) => this.logger.warn(`Callback timer check paused: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
