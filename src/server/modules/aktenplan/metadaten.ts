import { istDin91379Name, normalisiereName } from "../../../shared/namen.js";
import type { FieldProblem } from "../../platform/errors.js";
import { metadatenTypen, type Metadatenfeld } from "./aktenplan.types.js";

/** Problems in a list of field definitions (as an Aktenplaneinheit carries them). */
export function pruefeFelddefinitionen(
  felder: unknown,
  feld = "metadatenfelder",
): { felder: Metadatenfeld[]; fehler: FieldProblem[] } {
  const fehler: FieldProblem[] = [];
  if (!Array.isArray(felder))
    return { felder: [], fehler: [{ feld, meldung: "Muss eine Liste von Feldern sein." }] };
  const seen = new Set<string>();
  const out: Metadatenfeld[] = [];
  felder.forEach((f: Partial<Metadatenfeld>, i) => {
    const at = `${feld}/${i}`;
    if (typeof f !== "object" || f === null)
      return void fehler.push({ feld: at, meldung: "Muss ein Objekt sein." });
    if (typeof f.schluessel !== "string" || !/^[a-z][a-z0-9_]{0,39}$/.test(f.schluessel)) {
      fehler.push({
        feld: `${at}/schluessel`,
        meldung: "Schlüssel: Kleinbuchstaben, Ziffern, Unterstrich; beginnt mit Buchstaben.",
      });
    } else if (seen.has(f.schluessel)) {
      fehler.push({
        feld: `${at}/schluessel`,
        meldung: `Der Schlüssel „${f.schluessel}“ kommt doppelt vor.`,
      });
    } else seen.add(f.schluessel);
    if (typeof f.bezeichnung !== "string" || !f.bezeichnung.trim())
      fehler.push({ feld: `${at}/bezeichnung`, meldung: "Bezeichnung fehlt." });
    if (!metadatenTypen.includes(f.typ as never))
      fehler.push({ feld: `${at}/typ`, meldung: `Typ muss einer von ${metadatenTypen.join(", ")} sein.` });
    if (
      f.typ === "Auswahl" &&
      (!Array.isArray(f.optionen) ||
        f.optionen.length === 0 ||
        f.optionen.some((o) => typeof o !== "string" || !o.trim()))
    ) {
      fehler.push({ feld: `${at}/optionen`, meldung: "Ein Auswahlfeld braucht Optionen." });
    }
    const known = new Set(["schluessel", "bezeichnung", "typ", "pflicht", "optionen"]);
    for (const key of Object.keys(f))
      if (!known.has(key)) fehler.push({ feld: `${at}/${key}`, meldung: `Unbekanntes Feld „${key}“.` });
    if (f.pflicht !== undefined && typeof f.pflicht !== "boolean")
      fehler.push({ feld: `${at}/pflicht`, meldung: "Muss true oder false sein." });
    out.push({
      schluessel: String(f.schluessel),
      bezeichnung: String(f.bezeichnung ?? "")
        .normalize("NFC")
        .trim(),
      typ: f.typ as Metadatenfeld["typ"],
      pflicht: f.pflicht === true,
      ...(f.typ === "Auswahl"
        ? { optionen: (f.optionen ?? []).map((o) => String(o).normalize("NFC").trim()) }
        : {}),
    });
  });
  return { felder: out, fehler };
}

function gueltigesDatum(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Checks a Vorgang's metadata against the fields of its Aktenplaneinheit and returns the
 * normalised values: Geldbetrag as a decimal string with two places (no cent lost to floats),
 * names NFC. Unknown keys and missing mandatory fields are problems.
 */
export function pruefeMetadaten(
  felder: Metadatenfeld[],
  werte: Record<string, unknown>,
  options: { teilweise?: boolean } = {},
): { werte: Record<string, unknown>; fehler: FieldProblem[] } {
  const fehler: FieldProblem[] = [];
  const out: Record<string, unknown> = {};
  const byKey = new Map(felder.map((f) => [f.schluessel, f]));
  for (const key of Object.keys(werte)) {
    if (!byKey.has(key))
      fehler.push({
        feld: `/metadaten/${key}`,
        meldung: `Das Feld „${key}“ gibt es für diese Aktenplaneinheit nicht.`,
      });
  }
  for (const f of felder) {
    const at = `/metadaten/${f.schluessel}`;
    const value = werte[f.schluessel];
    if (value === undefined || value === null || value === "") {
      if (f.pflicht && !options.teilweise)
        fehler.push({ feld: at, meldung: `${f.bezeichnung} ist ein Pflichtfeld.` });
      if (value === null || value === "") out[f.schluessel] = null;
      continue;
    }
    switch (f.typ) {
      case "Text":
        if (typeof value !== "string" || value.length > 4000)
          fehler.push({ feld: at, meldung: "Muss ein Text (höchstens 4000 Zeichen) sein." });
        else out[f.schluessel] = value.normalize("NFC");
        break;
      case "Zahl":
        if (typeof value !== "number" || !Number.isFinite(value))
          fehler.push({ feld: at, meldung: "Muss eine Zahl sein." });
        else out[f.schluessel] = value;
        break;
      case "Datum":
        if (typeof value !== "string" || !gueltigesDatum(value))
          fehler.push({ feld: at, meldung: "Muss ein Datum der Form JJJJ-MM-TT sein." });
        else out[f.schluessel] = value;
        break;
      case "Geldbetrag": {
        const text = typeof value === "number" ? String(value) : value;
        if (typeof text !== "string" || !/^-?\d{1,13}(\.\d{1,2})?$/.test(text)) {
          fehler.push({ feld: at, meldung: "Muss ein Geldbetrag in Euro sein, z. B. 1250.50." });
        } else {
          const [euro, cent = ""] = text.split(".");
          out[f.schluessel] = `${euro}.${cent.padEnd(2, "0")}`;
        }
        break;
      }
      case "Auswahl":
        if (typeof value !== "string" || !(f.optionen ?? []).includes(value.normalize("NFC"))) {
          fehler.push({ feld: at, meldung: `Erlaubt sind: ${(f.optionen ?? []).join(", ")}.` });
        } else out[f.schluessel] = value.normalize("NFC");
        break;
      case "Person": {
        const name = typeof value === "string" ? normalisiereName(value) : "";
        if (!istDin91379Name(name)) fehler.push({ feld: at, meldung: "Muss ein Name nach DIN 91379 sein." });
        else out[f.schluessel] = name;
        break;
      }
      default: {
        const unreachable: never = f.typ;
        throw new Error(`Unbekannter Feldtyp ${String(unreachable)}`);
      }
    }
  }
  return { werte: out, fehler };
}
