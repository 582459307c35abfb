/**
 * The one source of "now". Services take a Clock so tests can move across days without
 * sleeping (Wiedervorlagen, Fristen, sessions, login throttling).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests and benchmarks. */
export class ManualClock implements Clock {
  #current: number;

  constructor(start: Date | string = "2026-03-02T08:00:00.000Z") {
    this.#current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#current);
  }

  set(to: Date | string): void {
    this.#current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.#current += ms;
  }

  advanceDays(days: number): void {
    this.advance(days * 24 * 60 * 60 * 1000);
  }
}
