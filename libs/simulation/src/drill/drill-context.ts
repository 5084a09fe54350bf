import type { DrillHttp, LatencyLog } from './drill-client';

/**
 * What the drill's simulated callers and agents share: the API client, the compressed clock, the drill's resources, and
 * which contact belongs to which caller (an agent can be offered a contact before its caller's intake has answered).
 */
export class DrillContext<Caller extends object = object> {
  private readonly callers = new Map<string, Caller>();
  private readonly waiters = new Map<string, ((caller: Caller) => void)[]>();
  private nextNumber: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Set once the drill is over. */
  ended = false;
  /** Things that went wrong without stopping the drill, for the report. */
  readonly incidents: string[] = [];

  constructor(
    readonly http: DrillHttp,
    readonly latency: LatencyLog,
    readonly options: {
      speed: number;
      /** The channel adapter's credential the callers' requests go with. */
      serviceToken: string;
      queueId: string;
      /** The language code the drill's queue and agents use for a scenario language (see languageCodes). */
      languageCode: (language: string) => string;
      /** Simulated seconds from being offered a contact to taking it. */
      answerSeconds: number;
      wrapUpSeconds: number;
      /** Whether the queue offers callbacks at all. */
      callbacks: boolean;
      /** Attempts a callback gets before it expires. */
      maxAttempts: number;
      /** Server clock minus drill clock, ms. */
      clockOffsetMs: number;
      /** A prefix unique to this drill, for idempotency keys. */
      runId: string;
    },
    firstNumber: number,
  ) {
    this.nextNumber = firstNumber;
  }

  get speed(): number {
    return this.options.speed;
  }

  /** Real milliseconds for simulated seconds. */
  realMs(simulatedSeconds: number): number {
    return (simulatedSeconds * 1000) / this.speed;
  }

  /**
   * Waits `ms` of real time; how late the timer fired is recorded (`timer:late`), since at `speed` it costs `speed`
   * times as much simulated time.
   */
  after(ms: number): Promise<void> {
    const due = performance.now() + ms;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.latency.record('timer:late', performance.now() - due);
          resolve();
        },
        Math.max(0, ms),
      );
      this.timers.add(timer);
    });
  }

  /**
   * The drill is over: every step still waiting for its time is dropped (its promise never settles), so no caller
   * hangs up, and no agent completes, after the drill's resources are gone.
   */
  end(): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  register(contactId: string, caller: Caller): void {
    this.callers.set(contactId, caller);
    for (const wake of this.waiters.get(contactId) ?? []) wake(caller);
    this.waiters.delete(contactId);
  }

  /** The caller of a contact, waiting up to `ms` for their intake to answer; undefined for a contact not the drill's. */
  callerOf(contactId: string, ms: number): Promise<Caller | undefined> {
    const known = this.callers.get(contactId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(contactId) ?? [];
        this.waiters.set(
          contactId,
          list.filter((w) => w !== wake),
        );
        resolve(undefined);
      }, ms);
      const wake = (caller: Caller) => {
        clearTimeout(timer);
        resolve(caller);
      };
      this.waiters.set(contactId, [...(this.waiters.get(contactId) ?? []), wake]);
    });
  }

  /**
   * A phone number for a callback, from ranges kept for fiction: ACMA's drama numbers (+61 2/3/7/8 5550 xxxx), so a
   * drill can never ring a real person even if a provider dialler places the call. Sequential from a random start, so a
   * drill's callbacks do not merge with each other (one open callback per number).
   */
  callbackNumber(): string {
    const n = this.nextNumber++ % 40_000;
    const area = ['2', '3', '7', '8'][Math.floor(n / 10_000)];
    return `+61${area}5550${String(n % 10_000).padStart(4, '0')}`;
  }

  incident(what: string): void {
    if (this.incidents.length < 200) this.incidents.push(what);
  }
}

/**
 * Language codes for the drill's queue, agents and callers: ISO 639-2 keeps qaa-qtz for local use, so no real queue,
 * agent or caller shares one, and a drill against a live helpline never gives a real caller to a simulated agent or
 * the other way round. A random start keeps two drills (or a crashed one's leftovers) apart.
 */
export function languageCodes(languages: readonly string[], start: number): Map<string, string> {
  const codes = new Map<string, string>();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  languages.forEach((language, i) => {
    const n = (start + i) % (20 * 26);
    codes.set(language, `q${letters[Math.floor(n / 26)]}${letters[n % 26]}`);
  });
  return codes;
}
