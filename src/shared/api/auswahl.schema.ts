import { Type, type Static } from "typebox";

/** What a picker (combobox) can search. */
export const auswahlArten = ["akten", "vorgaenge", "personen", "oes"] as const;
export type AuswahlArt = (typeof auswahlArten)[number];

export const AuswahlEintragSchema = Type.Object({
  id: Type.String(),
  wert: Type.String({
    description: "Was ein Formular sendet: Id (Akte, Vorgang), Benutzername (Person) oder OE:Kürzel",
  }),
  text: Type.String({ description: "Wie der Eintrag in der Liste heißt" }),
  zusatz: Type.String({ description: "Zweite Zeile, die ähnliche Einträge unterscheidet" }),
});
export type AuswahlEintrag = Static<typeof AuswahlEintragSchema>;

export const AuswahlSchema = Type.Object({ eintraege: Type.Array(AuswahlEintragSchema) });
export type Auswahl = Static<typeof AuswahlSchema>;

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
