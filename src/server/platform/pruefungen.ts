/**
 * The small checks every module needs, once: is this a UUID, is this a calendar date. A module
 * that keeps its own copy drifts (a loose `[0-9a-f-]{36}` let malformed ids reach a `::uuid` cast).
 */

const UUID_MUSTER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A canonical UUID (any case): safe to cast with `::uuid`. Anything else is a name or a number. */
export function istUuid(wert: string): boolean {
  return UUID_MUSTER.test(wert);
}

export { istDatum } from "./clock.js";
