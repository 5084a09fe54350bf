/** How long an observation of the server's clock counts (see ServerClock). */
const CLOCK_MEMORY_MS = 60_000;

/**
 * The server's clock as the page estimates it, from the server's timestamps (a snapshot's `generatedAt`, an offer's
 * `sentAt`). Counting with the page's own clock would be off by however wrong the computer's clock is.
 *
 * A message always arrives after it was built (travel time; a resync's answer may be a snapshot built a couple of
 * seconds earlier), so each observation underestimates the offset: the largest of the last minute's is the best
 * estimate, and a late one does not make the waits on screen jump back. Older ones are forgotten, so a corrected
 * computer clock is followed within a minute.
 */
export class ServerClock {
  private observations: { at: number; offsetMs: number }[] = [];

  /** @param now the page's clock (injected so tests can move it) */
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Called when a message with the server's time arrives. */
  observe(generatedAtMs: number): void {
    const at = this.now();
    this.observations = this.observations.filter((o) => at - o.at < CLOCK_MEMORY_MS && at >= o.at);
    this.observations.push({ at, offsetMs: generatedAtMs - at });
  }

  nowMs(): number {
    if (this.observations.length === 0) return this.now();
    return this.now() + Math.max(...this.observations.map((o) => o.offsetMs));
  }

  /**
   * Whole seconds left until `deadlineMs` on the server's clock, never below zero (rounded up: 0.2 s reads 1 s).
   * Recomputed from the deadline at each tick rather than counted down, because a background tab's timers are
   * throttled to once a minute or less.
   */
  secondsUntil(deadlineMs: number): number {
    return Math.max(0, Math.ceil((deadlineMs - this.nowMs()) / 1000));
  }
}
