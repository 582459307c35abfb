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

const BERLIN = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" });

/** Today's date (YYYY-MM-DD) where the county is: Wiedervorlagen and Fristen count in local days. */
export function heute(clock: Clock): string {
  return BERLIN.format(clock.now());
}

/** A date (YYYY-MM-DD) n days from another. */
export function plusTage(datum: string, tage: number): string {
  const d = new Date(`${datum}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + tage);
  return d.toISOString().slice(0, 10);
}

/** True for a real calendar date in the form YYYY-MM-DD. */
export function istDatum(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
  );
}

/** A date (YYYY-MM-DD) as Germans write it: 31.12.2026. */
export function deutschesDatum(datum: string): string {
  return datum.split("-").reverse().join(".");
}
