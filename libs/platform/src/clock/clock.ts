/**
 * The one source of "now" for every rule that depends on time (SLA clocks, deadlines, token expiry, throttling).
 * Inject `Clock`; tests bind a FixedClock from @tuki/testing and move it, instead of faking timers (which break
 * ioredis, BullMQ and socket.io).
 */
export abstract class Clock {
  abstract now(): Date;

  nowMs(): number {
    return this.now().getTime();
  }
}

/** Wall-clock time. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
