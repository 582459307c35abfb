import { istDatum } from "../../platform/pruefungen.js";
import type { Queryable } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import { felderDerEinheit, pruefeMetadaten } from "../aktenplan/index.js";
import { ungueltigeEingabe } from "./eingabe.js";

/* Input the Vorgang use cases share: required texts, the Frist, the metadata of the Aktenplaneinheit. */

/** A required text (already normalised by the caller); empty → 400 saying `meldung`, "Pflichtfeld." at `feld`. */
export function pflichtfeld(wert: string, feld: string, meldung: string): string {
  if (!wert)
    throw new AppError("ungueltige_eingabe", meldung, { fehler: [{ feld, meldung: "Pflichtfeld." }] });
  return wert;
}

/** The Frist as a date (JJJJ-MM-TT), or null when there is none. */
export function pruefeFrist(frist: string | null | undefined): string | null {
  if (!frist) return null;
  if (!istDatum(frist)) {
    throw new AppError("ungueltige_eingabe", "Die Frist muss ein Datum der Form JJJJ-MM-TT sein.", {
      fehler: [{ feld: "/frist", meldung: "Ungültiges Datum." }],
    });
  }
  return frist;
}

/** The metadata of a Vorgang, checked against the fields its Aktenplaneinheit defines. */
export async function metadatenFuer(
  q: Queryable,
  aktenplaneinheitId: string,
  werte: Record<string, unknown>,
) {
  const { felder } = await felderDerEinheit(q, aktenplaneinheitId);
  const result = pruefeMetadaten(felder, werte);
  if (result.fehler.length) throw ungueltigeEingabe(result.fehler);
  return result.werte;
}
