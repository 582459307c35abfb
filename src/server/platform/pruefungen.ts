/**
 * The small checks every module needs, once: is this a UUID, is this a calendar date. A module
 * that keeps its own copy drifts (a loose `[0-9a-f-]{36}` let malformed ids reach a `::uuid` cast).
 */

/**
 * The one source of the UUID pattern (8-4-4-4-12 hex digits). Lint (aktenwerk/uuid-muster) refuses
 * a UUID pattern anywhere else in src/, so every check is built from this.
 */
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID_MUSTER = new RegExp(`^${UUID}$`, "i");

/**
 * A UUID at the start of a file name, with the separator and version number that may follow it
 * ("<uuid>_", "<uuid>_2_"): how xdomea exports name a Primärdokument. Replacing it with "" leaves
 * the original name.
 */
export const UUID_PRAEFIX = new RegExp(`^${UUID}_?(\\d+_)?`, "i");

/** A canonical UUID (any case): safe to cast with `::uuid`. Anything else is a name or a number. */
export function istUuid(wert: string): boolean {
  return UUID_MUSTER.test(wert);
}

export { istDatum } from "./clock.js";
