import { Clock } from '@tuki/platform';

/** A Clock that tests set and move by hand. */
export class FixedClock extends Clock {
  constructor(private current: Date = new Date('2026-11-29T09:00:00Z')) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date): void {
    this.current = new Date(to);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
