import {
  insertVorgang,
  insertDokument,
  insertVersion,
  insertAkte,
  requireAkte,
  bereinigeDateiname,
  dokumentTypen,
  type DokumentTyp,
  erkenneInhaltstyp,
  SNIFF_BYTES,
} from "../../schriftgut/index.js";
import type { Akteur } from "../../../platform/akteur.js";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AppContext } from "../../../platform/context.js";
import { heute, istDatum } from "../../../platform/clock.js";
import type { Tx } from "../../../platform/database/database.js";
import { AppError, nichtGefunden, type ErrorCode } from "../../../platform/errors.js";
import {
  AufgabenFehler,
  aufgabenModul,
  parserPool,
  PoolAbbruch,
} from "../../../platform/parser-pool/pool.js";
import { version as packageVersion } from "../../../platform/paths.js";
import { resolveOe } from "../../access/index.js";
import { planeTexterkennung } from "../../content/index.js";
import { appendProtokoll } from "../../protokoll/index.js";
import { darfXdomeaAustauschen } from "../aussonderung.policy.js";
import * as repo from "../aussonderung.repository.js";
import { loescheNachAussonderungInTx } from "../loeschung.service.js";
import { DATEIFORMAT_LISTE, dateiformatCode } from "./dateiformat.js";
import { aktenplanAlsCsv, importAktenplanCsv } from "./aktenplan.js";
import type { aufgaben, Knoten } from "./aufgaben.js";
import { schreibeContainer } from "./container.js";
import { bucheNachrichtInTx } from "./nachrichtenbuch.js";
import {
  code,
  el,
  xmlText,
  kopf,
  nachricht,
  nachrichtenName,
  NACHRICHTEN,
  text,
  type Nachrichtentyp,
} from "./nachrichten.js";
import {
  MAX_XML_BYTES,
  schemaDatei,
  schemafehlerAlsProblem,
  validiere,
  type XdomeaVersion,
} from "./pruefung.js";

function darfAustauschen(caller: Akteur | "system"): void {
  if (!darfXdomeaAustauschen(caller))
    throw new AppError("keine_berechtigung", "xdomea-Nachrichten tauschen Registratur und Archiv aus.");
}

// --- export -----------------------------------------------------------------------------------------

interface AkteDaten {
  id: string;
  aktenzeichen: string;
  betreff: string;
  kennzeichen: string;
  erstellt_am: Date;
}
interface VorgangDaten {
  id: string;
  nr: number;
  betreff: string;
  status: string;
  erstellt_am: Date;
  zda_am: Date | null;
  frist: string | null;
  metadaten: Record<string, unknown>;
}
interface DokumentDaten {
  id: string;
  vorgang_id: string;
  typ: string;
  titel: string;
  datum_des_schreibens: string | null;
  eingangsdatum: string | null;
  absender: string | null;
  empfaenger: string | null;
  fremdes_geschaeftszeichen: string | null;
}

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
interface VersionDaten {
  dokument_id: string;
  nr: number;
  sha256: string;
  dateiname: string;
  originaldateiname: string;
  mime_typ: string;
}

const datum = (d: Date) => d.toISOString().slice(0, 10);

/** The name of a primary document in the container: the version's identity, then its file name. */
const primaerName = (v: VersionDaten) =>
  `${v.dokument_id}_${v.nr}_${bereinigeDateiname(v.dateiname).slice(0, 150)}`;

export interface ExportErgebnis {
  prozessId: string;
  nachrichtentyp: Nachrichtentyp;
  version: XdomeaVersion;
  datei: string;
  bytes: number;
  akten: number;
  dokumente: number;
  versionen: number;
}

/**
 * Exports Akten as an xdomea message into a container file: 0501 (Anbieteverzeichnis, metadata and
 * the Bewertungsvorschlag), 0503 (Aussonderung with all versions of every primary document) or
 * 0401 (Abgabe to another authority). Nothing under Löschsperre leaves by Aussonderung. The message
 * is checked against the official XSD before it is written.
 */
export async function exportiere(
  ctx: AppContext,
  caller: Akteur | "system",
  eingabe: {
    aktenzeichen: string[];
    nachricht: "0501" | "0503" | "0401";
    version?: XdomeaVersion;
    ziel: string;
    empfaenger?: string;
  },
): Promise<ExportErgebnis> {
  darfAustauschen(caller);
  const version = eingabe.version ?? "3.0.0";
  const xsd = schemaDatei(ctx.config.xdomeaSchemas, version);
  if (!eingabe.aktenzeichen.length)
    throw new AppError("ungueltige_eingabe", "Bitte mindestens eine Akte angeben.", {
      fehler: [{ feld: "/akten", meldung: "Aktenzeichen fehlt." }],
    });
  const { rows: akten } = await ctx.db.query<AkteDaten>(
    `SELECT a.id, a.aktenzeichen, a.betreff, e.kennzeichen, a.erstellt_am FROM akte a
     JOIN aktenplaneinheit e ON e.id = a.aktenplaneinheit_id WHERE a.aktenzeichen = ANY($1) AND a.geloescht_am IS NULL
     ORDER BY a.aktenzeichen`,
    [eingabe.aktenzeichen],
  );
  const fehlend = eingabe.aktenzeichen.filter((z) => !akten.some((a) => a.aktenzeichen === z));
  if (fehlend.length) throw nichtGefunden(`Die Akte ${fehlend.join(", ")}`);
  const tag = heute(ctx.clock);
  for (const a of akten) {
    if (caller !== "system") await requireAkte(ctx, caller, a.id, "inhaltLesen");
    if (eingabe.nachricht !== "0401" && (await repo.gesperrteAkten(ctx.db, [a.id], tag)).has(a.id))
      throw new AppError(
        "konflikt",
        `Die Akte ${a.aktenzeichen} steht unter Löschsperre und wird nicht ausgesondert.`,
      );
  }
  const ids = akten.map((a) => a.id);
  const aufbewahrung = new Map((await repo.aufbewahrungDerAkten(ctx.db, tag, ids)).map((x) => [x.akteId, x]));
  const { rows: vorgaenge } = await ctx.db.query<VorgangDaten & { akte_id: string }>(
    "SELECT id, akte_id, nr, betreff, status, erstellt_am, zda_am, frist::text, metadaten FROM vorgang WHERE akte_id = ANY($1) ORDER BY nr",
    [ids],
  );
  const { rows: dokumente } = await ctx.db.query<DokumentDaten>(
    `SELECT d.id, d.vorgang_id, d.typ, d.titel, d.datum_des_schreibens::text, d.eingangsdatum::text, d.absender, d.empfaenger,
       d.fremdes_geschaeftszeichen FROM dokument d
     JOIN vorgang v ON v.id = d.vorgang_id WHERE v.akte_id = ANY($1) ORDER BY d.erstellt_am, d.id`,
    [ids],
  );
  const { rows: versionen } = await ctx.db.query<VersionDaten>(
    `SELECT x.dokument_id, x.nr, x.sha256, x.dateiname, x.originaldateiname, x.mime_typ FROM dokument_version x
     JOIN dokument d ON d.id = x.dokument_id JOIN vorgang v ON v.id = d.vorgang_id WHERE v.akte_id = ANY($1) ORDER BY x.nr`,
    [ids],
  );
  const mitDateien = eingabe.nachricht !== "0501";
  const prozessId = randomUUID();
  const bewertung = (akteId: string) => aufbewahrung.get(akteId)?.archivwuerdigkeit ?? "B";
  // Aussonderungsart knows A, B (the archive assesses) and V; the Bewertungsvorschlag only A and V.
  const archiv = (wert: string) =>
    el(
      "ArchivspezifischeMetadaten",
      el("Aussonderungsart", code("Aussonderungsart", "aussonderungsart", wert)),
      wert === "B" ? null : code("Bewertungsvorschlag", "bewertungsvorschlag", wert),
    );
  const dokumentXml = (d: DokumentDaten) =>
    el(
      "Dokument",
      el("Identifikation", text("ID", d.id)),
      el("AllgemeineMetadaten", text("Betreff", d.titel)),
      text("FremdesGeschaeftszeichen", d.fremdes_geschaeftszeichen),
      text("Posteingangsdatum", d.eingangsdatum),
      text("DatumDesSchreibens", d.datum_des_schreibens),
      text("Typ", d.typ),
      mitDateien
        ? versionen
            .filter((v) => v.dokument_id === d.id)
            .map((v) =>
              el(
                "Version",
                text("Nummer", String(v.nr)),
                el(
                  "Format",
                  code(
                    "Name",
                    "dateiformat",
                    dateiformatCode(v.mime_typ, v.originaldateiname),
                    DATEIFORMAT_LISTE,
                  ),
                  el("Version", ""),
                  el(
                    "Primaerdokument",
                    text("Dateiname", primaerName(v)),
                    text("DateinameOriginal", v.originaldateiname),
                  ),
                ),
              ),
            )
        : null,
      erweiterung({ absender: d.absender, empfaenger: d.empfaenger }),
    );
  const schriftgut = akten.map((a) => {
    const aufb = aufbewahrung.get(a.id);
    const vs = vorgaenge.filter((v) => v.akte_id === a.id);
    const ende = aufb?.letzteZda ?? null;
    return el(
      "Schriftgutobjekt",
      el(
        "Akte",
        el("Identifikation", text("ID", a.id)),
        el(
          "AllgemeineMetadaten",
          text("Betreff", a.betreff),
          text("Kennzeichen", a.aktenzeichen),
          el("Aktenplaneinheit", text("Kennzeichen", a.kennzeichen)),
        ),
        eingabe.nachricht === "0401" ? null : archiv(bewertung(a.id)),
        el("Laufzeit", text("Beginn", datum(a.erstellt_am)), text("Ende", ende)),
        vs.length
          ? el(
              "Akteninhalt",
              vs.map((v) =>
                el(
                  "Vorgang",
                  el("Identifikation", text("ID", v.id)),
                  el(
                    "AllgemeineMetadaten",
                    text("Betreff", v.betreff),
                    text("Kennzeichen", `${a.aktenzeichen}-${v.nr}`),
                  ),
                  eingabe.nachricht === "0401" ? null : archiv(bewertung(a.id)),
                  text("ZdA", v.status === "zda" ? "1" : null),
                  text("ZdADatum", v.zda_am ? datum(v.zda_am) : null),
                  el(
                    "Laufzeit",
                    text("Beginn", datum(v.erstellt_am)),
                    text("Ende", v.zda_am ? datum(v.zda_am) : null),
                  ),
                  dokumente.filter((d) => d.vorgang_id === v.id).map(dokumentXml),
                  erweiterung({ frist: v.frist, metadaten: v.metadaten }),
                ),
              ),
            )
          : null,
      ),
    );
  });
  const wurzel = NACHRICHTEN[eingabe.nachricht];
  const xml = nachricht(
    version,
    wurzel,
    kopf({
      prozessId,
      nachrichtentyp: eingabe.nachricht,
      erstellt: ctx.clock.now(),
      absender: ctx.config.behoerde,
      empfaenger: eingabe.empfaenger ?? (eingabe.nachricht === "0401" ? "Empfangende Behörde" : "Archiv"),
      produktVersion: packageVersion,
      bestaetigungen:
        eingabe.nachricht === "0501"
          ? ["Empfangsbestaetigung"]
          : eingabe.nachricht === "0503"
            ? ["Importbestaetigung", "RueckmeldungArchivkennung", "Empfangsbestaetigung"]
            : ["Importbestaetigung", "Empfangsbestaetigung"],
    }),
    schriftgut,
  );
  const fehler = await validiere(xml, xsd);
  if (fehler.length) throw schemafehlerAlsProblem(fehler, version);
  const dateien = mitDateien ? versionen : [];
  async function* inhalte() {
    for (const v of dateien) yield { name: primaerName(v), inhalt: await ctx.blobs.get(v.sha256) };
  }
  const bytes = await schreibeContainer(eingabe.ziel, nachrichtenName(prozessId, wurzel), xml, inhalte());
  const sha256 = createHash("sha256").update(xml).digest("hex");
  await ctx.db.transaction(async (tx) => {
    await bucheNachrichtInTx(ctx, tx, caller, {
      prozessId,
      nachrichtentyp: eingabe.nachricht,
      richtung: "aus",
      version,
      sha256,
      inhalt: akten.map((a) => ({ akteId: a.id, kennzeichen: a.aktenzeichen, betreff: a.betreff })),
    });
    for (const a of akten)
      await appendProtokoll(tx, ctx.clock, {
        akteur: caller,
        systemName: "System (xdomea)",
        aktion: "xdomea.exportiert",
        objektArt: "akte",
        objektId: a.id,
        details: { akteId: a.id, prozessId, nachricht: eingabe.nachricht, version },
      });
  });
  return {
    prozessId,
    nachrichtentyp: eingabe.nachricht,
    version,
    datei: eingabe.ziel,
    bytes,
    akten: akten.length,
    dokumente: mitDateien ? dokumente.length : 0,
    versionen: dateien.length,
  };
}

// --- import ------------------------------------------------------------------------------------------

const AUFGABEN = aufgabenModul<typeof aufgaben>(import.meta.url, "./aufgaben");
/** Wall-clock limits: a large Akte's container takes a while to unpack (gigabytes to disk), its XML not. */
const PARSER_SEKUNDEN: Record<keyof typeof aufgaben, number> = { entpackeContainer: 900, leseNachricht: 120 };

/**
 * Runs an xdomea task in the parser pool: its AppErrors arrive as they were thrown; a thread the
 * pool had to kill (time, memory) becomes a refusal with the pool's German reason.
 */
async function imPool<K extends keyof typeof aufgaben>(
  aufgabe: K,
  eingabe: Parameters<(typeof aufgaben)[K]>[0],
): Promise<Awaited<ReturnType<(typeof aufgaben)[K]>>> {
  try {
    return await parserPool().run(AUFGABEN, aufgabe, eingabe, { maxSekunden: PARSER_SEKUNDEN[aufgabe] });
  } catch (error) {
    if (error instanceof AufgabenFehler && error.name === "AppError" && error.code)
      throw new AppError(error.code as ErrorCode, error.message);
    if (error instanceof PoolAbbruch)
      throw new AppError("ungueltige_eingabe", `Die Nachricht konnte nicht gelesen werden: ${error.message}`);
    throw error;
  }
}

const liste = (v: unknown): Knoten[] => (Array.isArray(v) ? (v as Knoten[]) : v ? [v as Knoten] : []);
const wert = (k: unknown, ...pfad: string[]): string | null => {
  let x: unknown = k;
  for (const p of pfad) {
    x = Array.isArray(x) ? (x[0] as Knoten | undefined)?.[p] : (x as Knoten | undefined)?.[p];
    if (x === undefined || x === null) return null;
  }
  if (typeof x === "object") x = (x as Knoten)["#text"] ?? (x as Knoten).code ?? null;
  return x === null || x === undefined || x === "" ? null : String(x);
};

export interface ImportErgebnis {
  nachrichtentyp: string;
  prozessId: string;
  version: XdomeaVersion;
  akten: { aktenzeichen: string; betreff: string; vorgaenge: number; dokumente: number; versionen: number }[];
  hinweis: string;
}

/** Our extension (see `erweiterung`): a small JSON object, or nothing when absent or malformed. */
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

/**
 * Imports one xdomea message (a container, or a bare XML for confirmations). Hostile until proven
 * otherwise: no DTD, container limits, the official XSD, known message types only, references to
 * known processes, never twice. A rejected import changes nothing.
 */
export async function importiere(
  ctx: AppContext,
  caller: Akteur | "system",
  quelle: Uint8Array | { datei: string },
  optionen: { oe?: string } = {},
): Promise<ImportErgebnis> {
  darfAustauschen(caller);
  const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-xdomea-ein-"));
  try {
    let datei: string;
    if ("datei" in quelle) datei = quelle.datei;
    else {
      datei = path.join(ordner, "eingang");
      await fs.writeFile(datei, quelle);
    }
    const anfang = new Uint8Array(4);
    const fh = await fs.open(datei);
    try {
      await fh.read(anfang, 0, 4, 0);
    } finally {
      await fh.close();
    }
    const istZip = anfang[0] === 0x50 && anfang[1] === 0x4b;
    let container: { xmlName: string; xml: Uint8Array; dateien: Map<string, string> };
    if (istZip) {
      const entpackt = path.join(ordner, "entpackt");
      await fs.mkdir(entpackt);
      container = await imPool("entpackeContainer", { quelle: datei, ordner: entpackt });
    } else {
      if ((await fs.stat(datei)).size > MAX_XML_BYTES)
        throw new AppError("zu_gross", `Die XML-Nachricht ist größer als ${MAX_XML_BYTES / 1024 / 1024} MB.`);
      container = {
        xmlName: "nachricht.xml",
        xml: new Uint8Array(await fs.readFile(datei)),
        dateien: new Map(),
      };
    }
    return await verarbeite(ctx, caller, container, await dateiHash(datei), optionen);
  } finally {
    await fs.rm(ordner, { recursive: true, force: true });
  }
}

async function dateiHash(datei: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(datei)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function verarbeite(
  ctx: AppContext,
  caller: Akteur | "system",
  container: { xmlName: string; xml: Uint8Array; dateien: Map<string, string> },
  sha256: string,
  optionen: { oe?: string },
): Promise<ImportErgebnis> {
  const { xml, version, baum } = await imPool("leseNachricht", { xml: container.xml });
  const fehler = await validiere(xml, schemaDatei(ctx.config.xdomeaSchemas, version));
  if (fehler.length) throw schemafehlerAlsProblem(fehler, version);
  if (!baum) throw new AppError("ungueltige_eingabe", "Die Nachricht ist kein wohlgeformtes XML.");
  const wurzel = Object.keys(baum).find((k) => k !== "?xml")!;
  const typ = (Object.entries(NACHRICHTEN) as [Nachrichtentyp, string][]).find(([, w]) => w === wurzel)?.[0];
  if (!typ)
    throw new AppError("nicht_unterstuetzter_typ", `Die Nachricht ${wurzel} übernimmt Aktenwerk nicht.`);
  const nachrichtKnoten = baum[wurzel] as Knoten;
  const prozessId = wert(nachrichtKnoten, "Kopf", "ProzessID");
  if (!prozessId) throw new AppError("ungueltige_eingabe", "Der Nachricht fehlt die ProzessID.");
  const { rows: schon } = await ctx.db.query(
    "SELECT 1 FROM xdomea_nachricht WHERE richtung = 'ein' AND sha256 = $1",
    [sha256],
  );
  if (schon.length) throw new AppError("konflikt", "Diese Nachricht wurde bereits importiert.");

  if (typ === "0301") {
    // The Aktenplan takes the way of the CSV import: same checks, all or nothing.
    const plan = nachrichtKnoten.Aktenplan as Knoten;
    const bericht = await importAktenplanCsv(ctx, caller, aktenplanAlsCsv(plan, wert));
    await ctx.db.transaction(async (tx) => {
      await bucheNachrichtInTx(ctx, tx, caller, {
        prozessId,
        nachrichtentyp: "0301",
        richtung: "ein",
        version,
        sha256,
        inhalt: [bericht],
      });
      await appendProtokoll(tx, ctx.clock, {
        akteur: caller,
        systemName: "System (xdomea)",
        aktion: "xdomea.importiert",
        objektArt: "aktenplan",
        objektId: prozessId,
        details: { nachricht: "0301", version, sha256 },
      });
    });
    return {
      nachrichtentyp: typ,
      prozessId,
      version,
      akten: [],
      hinweis: `Aktenplan „${wert(plan, "Bezeichnung") ?? ""}“ übernommen: ${bericht.angelegt} Einheit(en) angelegt, ${bericht.geaendert} geändert, ${bericht.unveraendert} unverändert.`,
    };
  }
  const akten = liste(nachrichtKnoten.Schriftgutobjekt).flatMap((s) => liste(s.Akte));
  const bestaetigung = ["0502", "0504", "0505", "0506", "0507", "0402", "0403"].includes(typ);
  if (bestaetigung) {
    const { rows } = await ctx.db.query("SELECT 1 FROM xdomea_nachricht WHERE prozess_id = $1", [prozessId]);
    if (!rows.length)
      throw new AppError(
        "ungueltige_eingabe",
        `Die ${typ === "0502" ? "Bewertung" : "Bestätigung"} bezieht sich auf den unbekannten Prozess ${prozessId}.`,
      );
  }

  // Primary documents go to the blob store first (content-addressed; unused ones are swept by fsck).
  const gespeichert = new Map<string, { sha256: string; groesse: number; mimeTyp: string }>();
  if (typ === "0503" || typ === "0401") {
    for (const akte of akten)
      for (const v of liste((akte.Akteninhalt as Knoten | undefined)?.Vorgang))
        for (const d of liste(v.Dokument))
          for (const ver of liste(d.Version))
            for (const f of liste(ver.Format)) {
              const name = wert(f, "Primaerdokument", "Dateiname");
              if (!name) continue;
              const pfad = container.dateien.get(name);
              if (!pfad)
                throw new AppError("ungueltige_eingabe", `Das Primärdokument „${name}“ fehlt im Container.`);
              if ((await fs.stat(pfad)).size === 0)
                throw new AppError("ungueltige_eingabe", `Das Primärdokument „${name}“ ist leer.`);
              if (!gespeichert.has(name)) {
                const blob = await ctx.blobs.put(createReadStream(pfad));
                const kopf = Buffer.alloc(SNIFF_BYTES);
                const fh = await fs.open(pfad);
                const { bytesRead } = await fh.read(kopf, 0, SNIFF_BYTES, 0).finally(() => fh.close());
                gespeichert.set(name, {
                  ...blob,
                  mimeTyp: await erkenneInhaltstyp(kopf.subarray(0, bytesRead)),
                });
              }
            }
  }

  const ergebnis: ImportErgebnis["akten"] = [];
  const geloescht: string[] = [];
  const gesperrt: string[] = [];
  const abgegeben: string[] = [];
  const freieBlobs: string[] = [];
  // Decisions (0502) and the archive's confirmation (0506) name our Akten by the IDs we sent.
  const entscheidungen: { akteId: string; entscheidung: "A" | "V" | null }[] =
    typ === "0502"
      ? liste(nachrichtKnoten.BewertetesObjekt).map((o) => {
          const code = wert(o, "Aussonderungsart", "Aussonderungsart") ?? wert(o, "Aussonderungsart");
          return {
            akteId: wert(o, "ID") ?? "",
            entscheidung: code === "V" ? "V" : code === "A" ? "A" : null,
          };
        })
      : typ === "0506" || typ === "0402"
        ? liste(typ === "0506" ? nachrichtKnoten.AusgesondertesSGO : nachrichtKnoten.AbgegebenesObjekt).map(
            (o) => ({
              akteId: wert(o, "IDSGO") ?? "",
              entscheidung: ["1", "true"].includes(wert(o, "Erfolgreich") ?? "") ? "A" : null,
            }),
          )
        : [];
  if (typ === "0502" || typ === "0506" || typ === "0402") {
    const bezug = typ === "0502" ? "0501" : typ === "0506" ? "0503" : "0401";
    const { rows } = await ctx.db.query<{ inhalt: { akteId: string }[] }>(
      "SELECT inhalt FROM xdomea_nachricht WHERE prozess_id = $1 AND richtung = 'aus' AND nachrichtentyp = $2",
      [prozessId, bezug],
    );
    const gesendet = new Set(rows.flatMap((r) => r.inhalt.map((x) => x.akteId)));
    const unbekannt = entscheidungen.filter((e) => !gesendet.has(e.akteId)).map((e) => e.akteId || "(leer)");
    if (!rows.length || unbekannt.length)
      throw new AppError(
        "ungueltige_eingabe",
        `Die Nachricht ${typ} nennt Schriftgut, das in diesem Prozess nicht angeboten oder abgegeben wurde: ${unbekannt.slice(0, 5).join(", ") || prozessId}.`,
      );
  }
  const archivName =
    wert(nachrichtKnoten, "Kopf", "Absender", "Institution", "Name") ??
    wert(nachrichtKnoten, "Kopf", "Absender", "Behoerdenkennung", "Behoerdenschluessel", "name") ??
    "Archiv";
  await ctx.db.transaction(async (tx) => {
    for (const e of entscheidungen) {
      if (typ === "0402") {
        // The receiving authority took the Akte over: ours is closed and marked as handed over.
        if (!e.entscheidung) continue;
        await tx.query(
          "UPDATE akte SET status = 'geschlossen', geaendert_am = $2 WHERE id = $1 AND status = 'offen'",
          [e.akteId, ctx.clock.now()],
        );
        await appendProtokoll(tx, ctx.clock, {
          akteur: caller,
          systemName: "System (xdomea)",
          aktion: "akte.abgegeben",
          objektArt: "akte",
          objektId: e.akteId,
          details: { akteId: e.akteId, prozessId, an: archivName },
        });
        abgegeben.push(e.akteId);
        continue;
      }
      if (!e.entscheidung || (typ === "0502" && e.entscheidung === "A")) continue;
      const frei = await loescheNachAussonderungInTx(ctx, tx, e.akteId, {
        entscheidung: e.entscheidung,
        archiv: archivName,
        prozessId,
        wer: caller,
      });
      if (frei === null) gesperrt.push(e.akteId);
      else {
        geloescht.push(e.akteId);
        freieBlobs.push(...frei);
      }
    }
    if (typ === "0503" || typ === "0401")
      for (const akte of akten)
        ergebnis.push(await uebernimmAkte(ctx, tx, caller, akte, gespeichert, prozessId, optionen));
    const inhalt =
      typ === "0502"
        ? liste(nachrichtKnoten.BewertetesObjekt).map((o) => ({
            id: wert(o, "ID"),
            bewertung: wert(o, "Aussonderungsart", "Aussonderungsart") ?? wert(o, "Aussonderungsart"),
          }))
        : akten.map((a) => ({
            id: wert(a, "Identifikation", "ID"),
            kennzeichen: wert(a, "AllgemeineMetadaten", "Kennzeichen"),
            betreff: wert(a, "AllgemeineMetadaten", "Betreff"),
            bewertungsvorschlag: wert(a, "ArchivspezifischeMetadaten", "Bewertungsvorschlag"),
          }));
    await bucheNachrichtInTx(ctx, tx, caller, {
      prozessId,
      nachrichtentyp: typ,
      richtung: "ein",
      version,
      sha256,
      inhalt: inhalt,
    });
    await appendProtokoll(tx, ctx.clock, {
      akteur: caller,
      systemName: "System (xdomea)",
      aktion: "xdomea.importiert",
      objektArt: "xdomea_nachricht",
      objektId: prozessId,
      details: { nachricht: typ, version, akten: ergebnis.map((a) => a.aktenzeichen), sha256 },
    });
  });
  // Content of deleted Akten leaves the store once the deletion is committed.
  for (const sha of freieBlobs) await ctx.blobs.delete(sha).catch(() => undefined);
  const abgabeHinweis = abgegeben.length ? ` ${abgegeben.length} Akte(n) als abgegeben geschlossen.` : "";
  const loeschHinweis =
    geloescht.length || gesperrt.length
      ? ` Inhalt von ${geloescht.length} Akte(n) gelöscht (Löschprotokoll)${gesperrt.length ? `, ${gesperrt.length} wegen Löschsperre nicht` : ""}.`
      : "";
  const hinweis =
    typ === "0503" || typ === "0401"
      ? `${ergebnis.length} Akte(n) mit ${ergebnis.reduce((n, a) => n + a.dokumente, 0)} Dokument(en) übernommen.`
      : typ === "0501"
        ? `Anbieteverzeichnis mit ${akten.length} Akte(n) als Angebot gespeichert.`
        : `Nachricht ${typ} zum Prozess ${prozessId} verbucht.${loeschHinweis}${abgabeHinweis}`;
  return { nachrichtentyp: typ, prozessId, version, akten: ergebnis, hinweis };
}

async function uebernimmAkte(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  akte: Knoten,
  gespeichert: Map<string, { sha256: string; groesse: number; mimeTyp: string }>,
  prozessId: string,
  optionen: { oe?: string },
): Promise<ImportErgebnis["akten"][number]> {
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
  const { rows: da } = await tx.query("SELECT 1 FROM akte WHERE aktenzeichen = $1", [aktenzeichen]);
  if (da.length)
    throw new AppError(
      "konflikt",
      `Die Akte ${aktenzeichen} gibt es hier bereits; die Nachricht wurde nicht übernommen.`,
    );
  // The unit: ours if we know the Kennzeichen, else a new one for what came in.
  let { rows: einheit } = await tx.query<{ id: string; zustaendige_oe_id: string | null }>(
    "SELECT id, zustaendige_oe_id FROM aktenplaneinheit WHERE kennzeichen = $1",
    [kennzeichen],
  );
  if (!einheit[0]) {
    ({ rows: einheit } = await tx.query<{ id: string; zustaendige_oe_id: string | null }>(
      `INSERT INTO aktenplaneinheit (kennzeichen, titel, beschreibung, erstellt_am, geaendert_am)
       VALUES ($1, $2, 'Mit einer xdomea-Nachricht übernommen', $3, $3) RETURNING id, zustaendige_oe_id`,
      [kennzeichen, `Übernommen: ${kennzeichen}`, ctx.clock.now()],
    ));
  }
  const oeId = optionen.oe
    ? (await resolveOe(tx, optionen.oe, "oe")).id
    : (einheit[0]!.zustaendige_oe_id ??
      (
        await tx.query<{ id: string }>(
          "SELECT id FROM organisationseinheit WHERE parent_id IS NULL AND aktiv ORDER BY (art = 'Landrat') DESC, kuerzel LIMIT 1",
        )
      ).rows[0]?.id);
  if (!oeId)
    throw new AppError(
      "ungueltige_eingabe",
      "Es gibt keine Organisationseinheit, die die Akten übernehmen kann.",
    );
  const beginn = wert(akte, "Laufzeit", "Beginn");
  const erstellt = beginn ? new Date(`${beginn}T00:00:00Z`) : ctx.clock.now();
  const von = caller === "system" ? null : caller.benutzer.id;
  const akteId = await insertAkte(
    tx,
    {
      aktenplaneinheitId: einheit[0]!.id,
      aktenzeichen,
      lfdnr: 0,
      jahr: erstellt.getUTCFullYear(),
      betreff,
      federfuehrendeOeId: oeId,
      zugriffsbeschraenkt: false,
      vertraulichkeit: "offen",
      papierablage: null,
      erstelltVon: von,
    },
    erstellt,
  );
  await tx.query("UPDATE akte SET uebernommen_prozess = $2::uuid WHERE id = $1", [
    akteId,
    /^[0-9a-f-]{36}$/i.test(prozessId) ? prozessId : null,
  ]);
  let vorgaenge = 0;
  let dokumente = 0;
  let versionen = 0;
  const belegt = new Set<number>();
  for (const v of liste((akte.Akteninhalt as Knoten | undefined)?.Vorgang)) {
    const vk = wert(v, "AllgemeineMetadaten", "Kennzeichen") ?? "";
    let nr = Number(/[-.](\d{1,6})$/.exec(vk)?.[1] ?? NaN);
    if (!Number.isInteger(nr) || nr < 1 || belegt.has(nr)) nr = Math.max(0, ...belegt) + 1;
    belegt.add(nr);
    const vBeginn = wert(v, "Laufzeit", "Beginn");
    const vx = erweiterungAus(v);
    const frist = typeof vx.frist === "string" && istDatum(vx.frist) ? vx.frist : null;
    const metadaten =
      vx.metadaten && typeof vx.metadaten === "object" && !Array.isArray(vx.metadaten)
        ? Object.fromEntries(
            Object.entries(vx.metadaten as Record<string, unknown>).filter(
              ([k, x]) =>
                /^[a-z][a-z0-9_]{0,49}$/i.test(k) && ["string", "number", "boolean"].includes(typeof x),
            ),
          )
        : {};
    const vorgangId = await insertVorgang(
      tx,
      {
        akteId,
        nr,
        betreff: wert(v, "AllgemeineMetadaten", "Betreff") ?? "(ohne Betreff)",
        frist,
        metadaten,
        erstelltVon: von,
      },
      vBeginn ? new Date(`${vBeginn}T00:00:00Z`) : erstellt,
    );
    if (wert(v, "ZdA") === "1" || wert(v, "ZdA") === "true") {
      const ende = wert(v, "ZdADatum") ?? wert(v, "Laufzeit", "Ende");
      await tx.query("UPDATE vorgang SET status = 'zda', zda_am = $2 WHERE id = $1", [
        vorgangId,
        ende ? new Date(`${ende}T12:00:00Z`) : ctx.clock.now(),
      ]);
    }
    vorgaenge++;
    for (const d of liste(v.Dokument)) {
      const dokumentId = await insertDokument(
        tx,
        vorgangId,
        {
          typ: dokumentTyp(wert(d, "Typ")),
          titel: (wert(d, "AllgemeineMetadaten", "Betreff") ?? "Dokument").slice(0, 500),
          datumDesSchreibens: wert(d, "DatumDesSchreibens"),
          eingangsdatum: wert(d, "Posteingangsdatum"),
          absender: text500(erweiterungAus(d).absender),
          empfaenger: text500(erweiterungAus(d).empfaenger),
          fremdesGeschaeftszeichen: wert(d, "FremdesGeschaeftszeichen")?.slice(0, 200) ?? null,
        },
        von,
        ctx.clock.now(),
      );
      dokumente++;
      const vers = liste(d.Version).sort(
        (a, b) => Number(wert(a, "Nummer") ?? 0) - Number(wert(b, "Nummer") ?? 0),
      );
      for (const ver of vers) {
        const format = liste(ver.Format)[0];
        const name = wert(format, "Primaerdokument", "Dateiname");
        const blob = name ? gespeichert.get(name) : undefined;
        if (!name || !blob) continue;
        const original =
          wert(format, "Primaerdokument", "DateinameOriginal") ??
          name.replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_?(\d+_)?/i, "");
        const nr = await insertVersion(
          tx,
          dokumentId,
          {
            sha256: blob.sha256,
            groesse: blob.groesse,
            dateiname: bereinigeDateiname(original),
            originaldateiname: original,
            mimeTyp: blob.mimeTyp,
            kommentar: `Übernommen mit xdomea (Version ${wert(ver, "Nummer") ?? "?"})`,
            von,
          },
          ctx.clock.now(),
        );
        await planeTexterkennung(ctx, tx, { dokumentId, nr, sha256: blob.sha256, mimeTyp: blob.mimeTyp });
        versionen++;
      }
    }
  }
  await appendProtokoll(tx, ctx.clock, {
    akteur: caller,
    systemName: "System (xdomea)",
    aktion: "akte.uebernommen",
    objektArt: "akte",
    objektId: akteId,
    details: { akteId, aktenzeichen, prozessId, vorgaenge, dokumente, versionen },
  });
  return { aktenzeichen, betreff, vorgaenge, dokumente, versionen };
}
