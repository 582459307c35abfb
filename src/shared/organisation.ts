/** Kinds of Organisationseinheit, as the access model and the forms know them. */
export const oeArten = [
  "Landrat",
  "Dezernat",
  "Amt",
  "Sachgebiet",
  "Stabsstelle",
  "Eigenbetrieb",
  "Gremium",
] as const;
export type OeArt = (typeof oeArten)[number];

/** Roles a user holds in an OE. */
export const rollen = [
  "Sachbearbeitung",
  "Leitung",
  "Registratur",
  "Posteingang",
  "Administration",
  "Archiv",
  "Personalrat",
  "Datenschutz",
  "Lesen",
  "Steuerung",
] as const;
export type Rolle = (typeof rollen)[number];

/** What stands before an OE's Kürzel in a picker's value (a person's value is the bare Benutzername). */
export const OE_PRAEFIX = "OE:";

/** The picker value that names an OE, e.g. "OE:63". */
export function oeWert(kuerzel: string): string {
  return `${OE_PRAEFIX}${kuerzel}`;
}

/**
 * The Kürzel of the OE a picker value names ("OE:63"; typed by hand also "oe: 63"), or null when
 * the value names something else (a person, an Akte). The one place that reads the prefix.
 */
export function oeKuerzelAus(wert: string): string | null {
  const treffer = /^oe:\s*(.+)$/i.exec(wert.trim());
  return treffer ? treffer[1]!.trim() : null;
}
