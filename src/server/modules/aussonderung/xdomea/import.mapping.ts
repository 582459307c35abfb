import { istDatum } from "../../../platform/clock.js";
import { AppError } from "../../../platform/errors.js";
import { bereinigeDateiname } from "../../../platform/dateieingang/index.js";
import { UUID_PRAEFIX } from "../../../platform/pruefungen.js";
import {
  dokumentTypen,
  type DokumentTyp,
  type UebernommeneAkte,
  type UebernommenerVorgang,
} from "../../schriftgut/index.js";
import type { Knoten } from "./aufgaben.js";
import type { Nachrichtentyp } from "./nachrichten.js";

/**
 * xdomea → our objects: what an imported message's tree becomes here (Akten to take over,
 * decisions on Akten we sent, what the Nachrichtenbuch keeps). Pure: no database, no store.
 */

/** The children of an element that may occur once or more (absent: none). */
export const liste = (v: unknown): Knoten[] => (Array.isArray(v) ? (v as Knoten[]) : v ? [v as Knoten] : []);

/** The text (or code) at a path below an element; null when absent or empty. */
export const wert = (k: unknown, ...pfad: string[]): string | null => {
  let x: unknown = k;
  for (const p of pfad) {
    x = Array.isArray(x) ? (x[0] as Knoten | undefined)?.[p] : (x as Knoten | undefined)?.[p];
    if (x === undefined || x === null) return null;
  }
  if (typeof x === "object") x = (x as Knoten)["#text"] ?? (x as Knoten).code ?? null;
  return x === null || x === undefined || x === "" ? null : String(x);
};

/** Our extension (see `erweiterung` in export.mapping.ts): a small JSON object, or nothing when absent or malformed. */
function erweiterungAus(k: Knoten): Record<string, unknown> {
  const roh = wert(k, "AnwendungsspezifischeErweiterungXML", "Daten");
  if (!roh || roh.length > 100_000) return {};
  try {
    const daten = JSON.parse(roh) as unknown;
    return daten && typeof daten === "object" && !Array.isArray(daten)
      ? (daten as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const text500 = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.slice(0, 500) : null);

function dokumentTyp(typ: string | null): DokumentTyp {
  return (dokumentTypen as readonly string[]).includes(typ ?? "") ? (typ as DokumentTyp) : "Sonstiges";
}

/** The Akten of a message, in the order it lists them. */
export const aktenAus = (nachricht: Knoten): Knoten[] =>
  liste(nachricht.Schriftgutobjekt).flatMap((s) => liste(s.Akte));

/** Every primary document the Akten name, each once, in the order the message names them. */
export function primaerdokumenteAus(akten: Knoten[]): string[] {
  const namen = new Set<string>();
  for (const akte of akten)
    for (const v of liste((akte.Akteninhalt as Knoten | undefined)?.Vorgang))
      for (const d of liste(v.Dokument))
        for (const ver of liste(d.Version))
          for (const f of liste(ver.Format)) {
            const name = wert(f, "Primaerdokument", "Dateiname");
            if (name) namen.add(name);
          }
  return [...namen];
}

/** Aktenzeichen, Betreff and Aktenplan-Kennzeichen of an incoming Akte, or a German refusal. */
export function akteKopfAus(akte: Knoten): { aktenzeichen: string; betreff: string; kennzeichen: string } {
  const aktenzeichen = wert(akte, "AllgemeineMetadaten", "Kennzeichen");
  const betreff = wert(akte, "AllgemeineMetadaten", "Betreff") ?? "(ohne Betreff)";
  const kennzeichen = wert(akte, "AllgemeineMetadaten", "Aktenplaneinheit", "Kennzeichen");
  if (!aktenzeichen)
    throw new AppError("ungueltige_eingabe", "Einer Akte der Nachricht fehlt das Kennzeichen.");
  if (!kennzeichen || !/^[0-9A-Za-z]+([./-][0-9A-Za-z]+)*$/.test(kennzeichen) || kennzeichen.length > 40)
    throw new AppError(
      "ungueltige_eingabe",
      `Die Akte ${aktenzeichen} nennt keine gültige Aktenplaneinheit.`,
    );
  return { aktenzeichen, betreff, kennzeichen };
}

/** A primary document stored in the blob store, with the type its bytes show. */
export interface GespeichertesPrimaerdokument {
  sha256: string;
  groesse: number;
  mimeTyp: string;
}

/** Vorgang numbers: the number in its Kennzeichen where valid and free, else the next free one. */
function vorgangAus(
  v: Knoten,
  belegt: Set<number>,
  akteBeginn: Date,
  gespeichert: Map<string, GespeichertesPrimaerdokument>,
  jetzt: Date,
): UebernommenerVorgang {
  const vk = wert(v, "AllgemeineMetadaten", "Kennzeichen") ?? "";
  let nr = Number(/[-.](\d{1,6})$/.exec(vk)?.[1] ?? NaN);
  if (!Number.isInteger(nr) || nr < 1 || belegt.has(nr)) nr = Math.max(0, ...belegt) + 1;
  belegt.add(nr);
  const beginn = wert(v, "Laufzeit", "Beginn");
  const vx = erweiterungAus(v);
  const metadaten =
    vx.metadaten && typeof vx.metadaten === "object" && !Array.isArray(vx.metadaten)
      ? Object.fromEntries(
          Object.entries(vx.metadaten as Record<string, unknown>).filter(
            ([k, x]) =>
              /^[a-z][a-z0-9_]{0,49}$/i.test(k) && ["string", "number", "boolean"].includes(typeof x),
          ),
        )
      : {};
  const zda = wert(v, "ZdA") === "1" || wert(v, "ZdA") === "true";
  const ende = wert(v, "ZdADatum") ?? wert(v, "Laufzeit", "Ende");
  return {
    nr,
    betreff: wert(v, "AllgemeineMetadaten", "Betreff") ?? "(ohne Betreff)",
    frist: typeof vx.frist === "string" && istDatum(vx.frist) ? vx.frist : null,
    metadaten,
    erstelltAm: beginn ? new Date(`${beginn}T00:00:00Z`) : akteBeginn,
    zdaAm: zda ? (ende ? new Date(`${ende}T12:00:00Z`) : jetzt) : null,
    dokumente: liste(v.Dokument).map((d) => ({
      typ: dokumentTyp(wert(d, "Typ")),
      titel: (wert(d, "AllgemeineMetadaten", "Betreff") ?? "Dokument").slice(0, 500),
      datumDesSchreibens: wert(d, "DatumDesSchreibens"),
      eingangsdatum: wert(d, "Posteingangsdatum"),
      absender: text500(erweiterungAus(d).absender),
      empfaenger: text500(erweiterungAus(d).empfaenger),
      fremdesGeschaeftszeichen: wert(d, "FremdesGeschaeftszeichen")?.slice(0, 200) ?? null,
      versionen: liste(d.Version)
        .sort((a, b) => Number(wert(a, "Nummer") ?? 0) - Number(wert(b, "Nummer") ?? 0))
        .flatMap((ver) => {
          const format = liste(ver.Format)[0];
          const name = wert(format, "Primaerdokument", "Dateiname");
          const blob = name ? gespeichert.get(name) : undefined;
          if (!name || !blob) return [];
          const original =
            wert(format, "Primaerdokument", "DateinameOriginal") ?? name.replace(UUID_PRAEFIX, "");
          return [
            {
              ...blob,
              dateiname: bereinigeDateiname(original),
              originaldateiname: original,
              kommentar: `Übernommen mit xdomea (Version ${wert(ver, "Nummer") ?? "?"})`,
            },
          ];
        }),
    })),
  };
}

/** An incoming Akte as ours, under the unit and OE chosen for it; `jetzt` dates what the message leaves open. */
export function alsUebernahme(
  akte: Knoten,
  ziel: { aktenplaneinheitId: string; federfuehrendeOeId: string; prozessId: string; jetzt: Date },
  gespeichert: Map<string, GespeichertesPrimaerdokument>,
): UebernommeneAkte {
  const { aktenzeichen, betreff } = akteKopfAus(akte);
  const beginn = wert(akte, "Laufzeit", "Beginn");
  const erstelltAm = beginn ? new Date(`${beginn}T00:00:00Z`) : ziel.jetzt;
  const belegt = new Set<number>();
  return {
    aktenzeichen,
    betreff,
    aktenplaneinheitId: ziel.aktenplaneinheitId,
    federfuehrendeOeId: ziel.federfuehrendeOeId,
    erstelltAm,
    prozessId: ziel.prozessId,
    vorgaenge: liste((akte.Akteninhalt as Knoten | undefined)?.Vorgang).map((v) =>
      vorgangAus(v, belegt, erstelltAm, gespeichert, ziel.jetzt),
    ),
  };
}

/** A decision of the archive (0502), or its or the receiver's confirmation (0506, 0402), on one Akte we sent. */
export interface Entscheidung {
  akteId: string;
  /** A: kept (archived or taken over), V: to be destroyed, null: none or not successful. */
  entscheidung: "A" | "V" | null;
}

/** Decisions (0502) and confirmations (0506, 0402) name our Akten by the IDs we sent. */
export function entscheidungenAus(typ: Nachrichtentyp, nachricht: Knoten): Entscheidung[] {
  if (typ === "0502")
    return liste(nachricht.BewertetesObjekt).map((o) => {
      const art = wert(o, "Aussonderungsart", "Aussonderungsart") ?? wert(o, "Aussonderungsart");
      return { akteId: wert(o, "ID") ?? "", entscheidung: art === "V" ? "V" : art === "A" ? "A" : null };
    });
  if (typ === "0506" || typ === "0402")
    return liste(typ === "0506" ? nachricht.AusgesondertesSGO : nachricht.AbgegebenesObjekt).map((o) => ({
      akteId: wert(o, "IDSGO") ?? "",
      entscheidung: ["1", "true"].includes(wert(o, "Erfolgreich") ?? "") ? "A" : null,
    }));
  return [];
}

/** Who sent the message (the archive or the receiving authority), by name. */
export const absenderAus = (nachricht: Knoten): string =>
  wert(nachricht, "Kopf", "Absender", "Institution", "Name") ??
  wert(nachricht, "Kopf", "Absender", "Behoerdenkennung", "Behoerdenschluessel", "name") ??
  "Archiv";

/** What the Nachrichtenbuch keeps of an incoming message: the objects it rated or the Akten it carried. */
export function inhaltAus(typ: Nachrichtentyp, nachricht: Knoten, akten: Knoten[]): unknown[] {
  return typ === "0502"
    ? liste(nachricht.BewertetesObjekt).map((o) => ({
        id: wert(o, "ID"),
        bewertung: wert(o, "Aussonderungsart", "Aussonderungsart") ?? wert(o, "Aussonderungsart"),
      }))
    : akten.map((a) => ({
        id: wert(a, "Identifikation", "ID"),
        kennzeichen: wert(a, "AllgemeineMetadaten", "Kennzeichen"),
        betreff: wert(a, "AllgemeineMetadaten", "Betreff"),
        bewertungsvorschlag: wert(a, "ArchivspezifischeMetadaten", "Bewertungsvorschlag"),
      }));
}
