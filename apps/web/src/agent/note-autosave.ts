/*
 * Saves a note draft to the server as the agent types (never to the browser's storage), so a reload, a crash or a
 * lost laptop loses at most the last second of typing and leaves nothing readable on the device. One save is in
 * flight at a time; text typed meanwhile goes in the next one, and a failed save is tried again with backoff.
 */

export type AutosaveStatus =
  { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'failed'; reason: string; retryInMs: number };

export interface AutosaveOptions {
  /** Quiet time after the last keystroke before saving. */
  delayMs?: number;
  /** First retry after a failure; doubled each time up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

export class NoteAutosave {
  private latest: string;
  private saved: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private failures = 0;
  private readonly delayMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly save: (body: string) => Promise<void>,
    private readonly onStatus: (status: AutosaveStatus) => void,
    initial = '',
    options: AutosaveOptions = {},
  ) {
    this.latest = initial;
    this.saved = initial;
    this.delayMs = options.delayMs ?? 700;
    this.retryMs = options.retryMs ?? 1000;
    this.maxRetryMs = options.maxRetryMs ?? 15_000;
  }

  /** The text changed (a keystroke): saved after a short quiet time. */
  input(body: string): void {
    this.latest = body;
    this.schedule(this.delayMs);
  }

  /** True when the server holds exactly what was typed. */
  get clean(): boolean {
    return this.latest === this.saved && !this.inFlight;
  }

  /** Saves now (leaving the field, completing the note) and resolves once the server holds the latest text. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    while (this.inFlight || this.latest !== this.saved) {
      if (this.inFlight) await this.inFlight;
      else await this.run();
      // A failed save is not retried here without end: the caller learns of it by the status and the thrown error.
      if (this.failures > 0 && !this.inFlight) throw new Error('The draft could not be saved');
    }
  }

  /** Stops any pending save (the draft became a note, or the panel closed). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.latest === this.saved) return Promise.resolve();
    const body = this.latest;
    this.onStatus({ kind: 'saving' });
    this.inFlight = this.save(body).then(
      () => {
        this.saved = body;
        this.failures = 0;
        this.inFlight = undefined;
        this.onStatus({ kind: 'saved', at: Date.now() });
        // Typed while the save was on its way: that text goes next.
        if (this.latest !== this.saved) this.schedule(this.delayMs);
      },
      (error: unknown) => {
        this.failures += 1;
        this.inFlight = undefined;
        const retryInMs = Math.min(this.maxRetryMs, this.retryMs * 2 ** (this.failures - 1));
        this.onStatus({ kind: 'failed', reason: (error as Error).message, retryInMs });
        this.schedule(retryInMs);
      },
    );
    return this.inFlight;
  }
}
