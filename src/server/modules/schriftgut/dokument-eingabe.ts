import { istDatum } from "../../platform/pruefungen.js";
import type { FieldProblem } from "../../platform/errors.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import type { Akteur } from "../access/index.js";
import type { DokumentDaten } from "./dokumente.repository.js";
import { dokumentTypen, type DokumentMetadaten } from "./dokumente.types.js";
import { ungueltigeEingabe } from "./eingabe.js";

/*
 * Input the Dokument use cases share: the metadata rules (for a new Dokument and for a change) and
 * the row data of a new version.
 */

function datum(feld: string, value: string | null | undefined, fehler: FieldProblem[]): string | null {
  if (!value) return null;
  if (!istDatum(value)) {
    fehler.push({ feld: `/${feld}`, meldung: "Muss ein Datum der Form JJJJ-MM-TT sein." });
    return null;
  }
  return value;
}

function text(
  feld: string,
  value: string | null | undefined,
  max: number,
  fehler: FieldProblem[],
): string | null {
  if (value === null || value === undefined) return null;
  const clean = value
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .trim();
  if (clean.length > max) fehler.push({ feld: `/${feld}`, meldung: `Höchstens ${max} Zeichen.` });
  return clean || null;
}

/**
 * The metadata of a Dokument after checking: what `m` gives, the rest from `base` (a change) or
 * empty (a new Dokument, whose Titel defaults to `fallbackTitel`). Every problem in one 400.
 */
export function pruefeMetadaten(
  m: Partial<DokumentMetadaten>,
  base: DokumentDaten | undefined,
  fallbackTitel: string,
): DokumentDaten {
  const fehler: FieldProblem[] = [];
  const typ = m.typ ?? base?.typ;
  if (!typ || !dokumentTypen.includes(typ))
    fehler.push({ feld: "/typ", meldung: `Erlaubt sind: ${dokumentTypen.join(", ")}.` });
  const titel =
    m.titel !== undefined ? (text("titel", m.titel, 500, fehler) ?? "") : (base?.titel ?? fallbackTitel);
  if (!titel) fehler.push({ feld: "/titel", meldung: "Der Titel fehlt." });
  const d: DokumentDaten = {
    typ: typ!,
    titel,
    datumDesSchreibens:
      m.datumDesSchreibens !== undefined
        ? datum("datumDesSchreibens", m.datumDesSchreibens, fehler)
        : (base?.datumDesSchreibens ?? null),
    eingangsdatum:
      m.eingangsdatum !== undefined
        ? datum("eingangsdatum", m.eingangsdatum, fehler)
        : (base?.eingangsdatum ?? null),
    absender: m.absender !== undefined ? text("absender", m.absender, 500, fehler) : (base?.absender ?? null),
    empfaenger:
      m.empfaenger !== undefined ? text("empfaenger", m.empfaenger, 500, fehler) : (base?.empfaenger ?? null),
    fremdesGeschaeftszeichen:
      m.fremdesGeschaeftszeichen !== undefined
        ? text("fremdesGeschaeftszeichen", m.fremdesGeschaeftszeichen, 200, fehler)
        : (base?.fremdesGeschaeftszeichen ?? null),
  };
  if (fehler.length) throw ungueltigeEingabe(fehler);
  return d;
}

/** A file name without its extension: the default Titel of a new Dokument, the stem of derived files. */
export function ohneEndung(dateiname: string): string {
  return dateiname.replace(/\.[^.]{1,10}$/, "");
}

/** The row data of a new version: the received file, a trimmed comment, and who added it. */
export function versionDaten(datei: EmpfangeneDatei, kommentar: string, actor: Akteur | null) {
  return {
    sha256: datei.stored.sha256,
    groesse: datei.stored.groesse,
    dateiname: datei.dateiname,
    originaldateiname: datei.originaldateiname,
    mimeTyp: datei.mimeTyp,
    kommentar: kommentar.normalize("NFC").trim().slice(0, 2000),
    von: actor?.benutzer.id ?? null,
  };
}
