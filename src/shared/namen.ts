/**
 * Names of natural persons after DIN 91379 (data type A), as the German public sector must accept
 * them: Latin letters with their diacritics (also as combining sequences such as "L̥"), and the few
 * non-letters the standard allows in names. Digits, control characters and other scripts are refused.
 * Values are stored NFC-normalised, so "Mu\u0308ller" and "Müller" are the same name.
 */
const NAME_PATTERN =
  /^(?:\p{Script=Latin}\p{M}*|[\u0300-\u036f]|[ '`´~¨·,.\-\u02b9-\u02bd\u02c6\u02c8-\u02cb\u02d9\u02dc\u2018\u2019])+$/u;

/** NFC, trimmed, inner runs of whitespace collapsed to one space. */
export function normalisiereName(value: string): string {
  return value.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** True when `value` (already normalised) is a valid DIN 91379 name. */
export function istDin91379Name(value: string): boolean {
  return value.length > 0 && NAME_PATTERN.test(value) && /\p{L}/u.test(value);
}
