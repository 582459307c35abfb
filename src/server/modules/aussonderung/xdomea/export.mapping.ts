import { bereinigeDateiname } from "../../../platform/dateieingang/index.js";
import type {
  AkteZumAustausch,
  DokumentZumAustausch,
  VersionZumAustausch,
  VorgangZumAustausch,
} from "../../schriftgut/index.js";
import type { Aufbewahrung } from "../aussonderung.types.js";
import { DATEIFORMAT_LISTE, dateiformatCode } from "./dateiformat.js";
import { code, el, text, xmlText } from "./nachrichten.js";

/** Our objects → xdomea: what an exported message says about our Akten. Pure: no database, no store. */

/** Aktenwerk's own fields without an xdomea element, carried in the standard's extension point. */
const ERWEITERUNG_NS = "urn:aktenwerk:xdomea:erweiterung:1";
function erweiterung(daten: Record<string, unknown>): string | null {
  const gesetzt = Object.fromEntries(
    Object.entries(daten).filter(
      ([, v]) => v !== null && v !== undefined && !(typeof v === "object" && !Object.keys(v).length),
    ),
  );
  if (!Object.keys(gesetzt).length) return null;
  return el(
    "AnwendungsspezifischeErweiterungXML",
    `<aw:Daten xmlns:aw="${ERWEITERUNG_NS}">${xmlText(JSON.stringify(gesetzt))}</aw:Daten>`,
  );
}

const datum = (d: Date) => d.toISOString().slice(0, 10);

/** The name of a primary document in the container: the version's identity, then its file name. */
export const primaerName = (v: VersionZumAustausch) =>
  `${v.dokumentId}_${v.nr}_${bereinigeDateiname(v.dateiname).slice(0, 150)}`;

/** What an export writes out: the Akten with everything in them, and what we know of their retention. */
export interface Ausfuhr {
  nachricht: "0501" | "0503" | "0401";
  akten: AkteZumAustausch[];
  /** Aktenplan-Kennzeichen by unit id. */
  kennzeichen: Map<string, string>;
  aufbewahrung: Map<string, Aufbewahrung>;
  vorgaenge: VorgangZumAustausch[];
  dokumente: DokumentZumAustausch[];
  /** Only where the message carries files (0503, 0401). */
  versionen: VersionZumAustausch[] | null;
}

// Aussonderungsart knows A, B (the archive assesses) and V; the Bewertungsvorschlag only A and V.
const archivMetadaten = (wert: string) =>
  el(
    "ArchivspezifischeMetadaten",
    el("Aussonderungsart", code("Aussonderungsart", "aussonderungsart", wert)),
    wert === "B" ? null : code("Bewertungsvorschlag", "bewertungsvorschlag", wert),
  );

function versionXml(v: VersionZumAustausch): string {
  return el(
    "Version",
    text("Nummer", String(v.nr)),
    el(
      "Format",
      code("Name", "dateiformat", dateiformatCode(v.mimeTyp, v.originaldateiname), DATEIFORMAT_LISTE),
      el("Version", ""),
      el(
        "Primaerdokument",
        text("Dateiname", primaerName(v)),
        text("DateinameOriginal", v.originaldateiname),
      ),
    ),
  );
}

function dokumentXml(d: DokumentZumAustausch, versionen: VersionZumAustausch[] | null): string {
  return el(
    "Dokument",
    el("Identifikation", text("ID", d.id)),
    el("AllgemeineMetadaten", text("Betreff", d.titel)),
    text("FremdesGeschaeftszeichen", d.fremdesGeschaeftszeichen),
    text("Posteingangsdatum", d.eingangsdatum),
    text("DatumDesSchreibens", d.datumDesSchreibens),
    text("Typ", d.typ),
    versionen ? versionen.filter((v) => v.dokumentId === d.id).map(versionXml) : null,
    erweiterung({ absender: d.absender, empfaenger: d.empfaenger }),
  );
}

function vorgangXml(a: AkteZumAustausch, v: VorgangZumAustausch, archiv: string | null, aus: Ausfuhr) {
  return el(
    "Vorgang",
    el("Identifikation", text("ID", v.id)),
    el("AllgemeineMetadaten", text("Betreff", v.betreff), text("Kennzeichen", `${a.aktenzeichen}-${v.nr}`)),
    archiv,
    text("ZdA", v.status === "zda" ? "1" : null),
    text("ZdADatum", v.zdaAm ? datum(v.zdaAm) : null),
    el("Laufzeit", text("Beginn", datum(v.erstelltAm)), text("Ende", v.zdaAm ? datum(v.zdaAm) : null)),
    aus.dokumente.filter((d) => d.vorgangId === v.id).map((d) => dokumentXml(d, aus.versionen)),
    erweiterung({ frist: v.frist, metadaten: v.metadaten }),
  );
}

/**
 * The Schriftgutobjekte of a message: each Akte with its Vorgänge and Dokumente, and – except in
 * an Abgabe (0401) – the Aussonderungsart from its Archivwürdigkeit (B when unknown).
 */
export function schriftgutobjekteXml(aus: Ausfuhr): string[] {
  return aus.akten.map((a) => {
    const aufb = aus.aufbewahrung.get(a.id);
    const archiv = aus.nachricht === "0401" ? null : archivMetadaten(aufb?.archivwuerdigkeit ?? "B");
    const vs = aus.vorgaenge.filter((v) => v.akteId === a.id);
    return el(
      "Schriftgutobjekt",
      el(
        "Akte",
        el("Identifikation", text("ID", a.id)),
        el(
          "AllgemeineMetadaten",
          text("Betreff", a.betreff),
          text("Kennzeichen", a.aktenzeichen),
          el("Aktenplaneinheit", text("Kennzeichen", aus.kennzeichen.get(a.aktenplaneinheitId))),
        ),
        archiv,
        el("Laufzeit", text("Beginn", datum(a.erstelltAm)), text("Ende", aufb?.letzteZda ?? null)),
        vs.length
          ? el(
              "Akteninhalt",
              vs.map((v) => vorgangXml(a, v, archiv, aus)),
            )
          : null,
      ),
    );
  });
}
