import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Akteur } from "../../../platform/akteur.js";
import type { AppContext } from "../../../platform/context.js";
import { AppError, type ErrorCode } from "../../../platform/errors.js";
import {
  AufgabenFehler,
  aufgabenModul,
  parserPool,
  PoolAbbruch,
} from "../../../platform/parser-pool/pool.js";
import { erkenneInhaltstyp, SNIFF_BYTES } from "../../../platform/dateieingang/index.js";
import { verlangeXdomeaAustausch } from "../aussonderung.policy.js";
import * as repo from "../aussonderung.repository.js";
import { importiereAktenplanNachricht } from "./aktenplan.js";
import type { aufgaben, Knoten } from "./aufgaben.js";
import type { Container } from "./container.js";
import {
  aktenAus,
  entscheidungenAus,
  primaerdokumenteAus,
  wert,
  type Entscheidung,
  type GespeichertesPrimaerdokument,
} from "./import.mapping.js";
import { NACHRICHTEN, type Nachrichtentyp } from "./nachrichten.js";
import { MAX_XML_BYTES, schemaDatei, schemafehlerAlsProblem, validiere } from "./pruefung.js";
import { verbucheEingangInTx, type Verbuchung } from "./verbuchung.service.js";
import type { EingegangeneNachricht, ImportErgebnis } from "./xdomea.types.js";

const AUFGABEN = aufgabenModul<typeof aufgaben>(import.meta.url, "./aufgaben");
/** Wall-clock limits: a large Akte's container takes a while to unpack (gigabytes to disk), its XML not. */
const PARSER_SEKUNDEN: Record<keyof typeof aufgaben, number> = { entpackeContainer: 900, leseNachricht: 120 };

/** Confirmations and decisions: they answer a process we started, never start one. */
const ANTWORTEN: readonly string[] = ["0502", "0504", "0505", "0506", "0507", "0402", "0403"];
/** What a decision or confirmation answers: the message of ours it refers to. */
const BEZUG: Partial<Record<Nachrichtentyp, Nachrichtentyp>> = {
  "0502": "0501",
  "0506": "0503",
  "0402": "0401",
};

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

async function dateiHash(datei: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(datei)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** A ZIP container is unpacked (in the pool, under its limits) into `ordner`; anything else is the bare XML. */
async function leseContainer(datei: string, ordner: string): Promise<Container> {
  const anfang = new Uint8Array(4);
  const fh = await fs.open(datei);
  try {
    await fh.read(anfang, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (anfang[0] === 0x50 && anfang[1] === 0x4b) {
    const entpackt = path.join(ordner, "entpackt");
    await fs.mkdir(entpackt);
    return imPool("entpackeContainer", { quelle: datei, ordner: entpackt });
  }
  if ((await fs.stat(datei)).size > MAX_XML_BYTES)
    throw new AppError("zu_gross", `Die XML-Nachricht ist größer als ${MAX_XML_BYTES / 1024 / 1024} MB.`);
  return { xmlName: "nachricht.xml", xml: new Uint8Array(await fs.readFile(datei)), dateien: new Map() };
}

/** The message read in the pool, valid against the official XSD, of a type we take, with its process. */
async function leseNachricht(
  ctx: AppContext,
  container: Container,
  sha256: string,
): Promise<EingegangeneNachricht> {
  const { xml, version, baum } = await imPool("leseNachricht", { xml: container.xml });
  const fehler = await validiere(xml, schemaDatei(ctx.config.xdomeaSchemas, version));
  if (fehler.length) throw schemafehlerAlsProblem(fehler, version);
  if (!baum) throw new AppError("ungueltige_eingabe", "Die Nachricht ist kein wohlgeformtes XML.");
  const wurzel = Object.keys(baum).find((k) => k !== "?xml")!;
  const typ = (Object.entries(NACHRICHTEN) as [Nachrichtentyp, string][]).find(([, w]) => w === wurzel)?.[0];
  if (!typ)
    throw new AppError("nicht_unterstuetzter_typ", `Die Nachricht ${wurzel} übernimmt Aktenwerk nicht.`);
  const knoten = baum[wurzel] as Knoten;
  const prozessId = wert(knoten, "Kopf", "ProzessID");
  if (!prozessId) throw new AppError("ungueltige_eingabe", "Der Nachricht fehlt die ProzessID.");
  return { typ, version, knoten, prozessId, sha256 };
}

/** A decision or confirmation must answer a process we know. */
async function pruefeProzess(ctx: AppContext, n: EingegangeneNachricht): Promise<void> {
  if (ANTWORTEN.includes(n.typ) && !(await repo.prozessBekannt(ctx.db, n.prozessId)))
    throw new AppError(
      "ungueltige_eingabe",
      `Die ${n.typ === "0502" ? "Bewertung" : "Bestätigung"} bezieht sich auf den unbekannten Prozess ${n.prozessId}.`,
    );
}

/**
 * Primary documents go to the blob store first (content-addressed; unused ones are swept by fsck),
 * each once, with the type its bytes show — but only once every one the message names is there
 * and not empty: a container that lacks one is refused before any byte of it is stored.
 */
async function speicherePrimaerdokumente(
  ctx: AppContext,
  akten: Knoten[],
  container: Container,
): Promise<Map<string, GespeichertesPrimaerdokument>> {
  const pfade = new Map<string, string>();
  for (const name of primaerdokumenteAus(akten)) {
    const pfad = container.dateien.get(name);
    if (!pfad) throw new AppError("ungueltige_eingabe", `Das Primärdokument „${name}“ fehlt im Container.`);
    if ((await fs.stat(pfad)).size === 0)
      throw new AppError("ungueltige_eingabe", `Das Primärdokument „${name}“ ist leer.`);
    pfade.set(name, pfad);
  }
  const gespeichert = new Map<string, GespeichertesPrimaerdokument>();
  for (const [name, pfad] of pfade) {
    const blob = await ctx.blobs.put(createReadStream(pfad));
    const kopf = Buffer.alloc(SNIFF_BYTES);
    const fh = await fs.open(pfad);
    const { bytesRead } = await fh.read(kopf, 0, SNIFF_BYTES, 0).finally(() => fh.close());
    gespeichert.set(name, { ...blob, mimeTyp: await erkenneInhaltstyp(kopf.subarray(0, bytesRead)) });
  }
  return gespeichert;
}

/** Decisions and confirmations may name only Schriftgut we offered or handed over in that process. */
async function pruefeEntscheidungen(
  ctx: AppContext,
  n: EingegangeneNachricht,
  entscheidungen: Entscheidung[],
): Promise<void> {
  const bezug = BEZUG[n.typ];
  if (!bezug) return;
  const gesendet = await repo.gesendeteAkten(ctx.db, n.prozessId, bezug);
  const unbekannt = entscheidungen.filter((e) => !gesendet?.has(e.akteId)).map((e) => e.akteId || "(leer)");
  if (!gesendet || unbekannt.length)
    throw new AppError(
      "ungueltige_eingabe",
      `Die Nachricht ${n.typ} nennt Schriftgut, das in diesem Prozess nicht angeboten oder abgegeben wurde: ${unbekannt.slice(0, 5).join(", ") || n.prozessId}.`,
    );
}

/** What the import did, in one German sentence. */
function hinweisZu(n: EingegangeneNachricht, akten: Knoten[], folgen: Verbuchung): string {
  if (n.typ === "0503" || n.typ === "0401")
    return `${folgen.akten.length} Akte(n) mit ${folgen.akten.reduce((x, a) => x + a.dokumente, 0)} Dokument(en) übernommen.`;
  if (n.typ === "0501") return `Anbieteverzeichnis mit ${akten.length} Akte(n) als Angebot gespeichert.`;
  const { geloescht, gesperrt, abgegeben } = folgen;
  const abgabe = abgegeben.length ? ` ${abgegeben.length} Akte(n) als abgegeben geschlossen.` : "";
  const loeschung =
    geloescht.length || gesperrt.length
      ? ` Inhalt von ${geloescht.length} Akte(n) gelöscht (Löschprotokoll)${gesperrt.length ? `, ${gesperrt.length} wegen Löschsperre nicht` : ""}.`
      : "";
  return `Nachricht ${n.typ} zum Prozess ${n.prozessId} verbucht.${loeschung}${abgabe}`;
}

async function verarbeite(
  ctx: AppContext,
  caller: Akteur | "system",
  container: Container,
  sha256: string,
  optionen: { oe?: string },
): Promise<ImportErgebnis> {
  const n = await leseNachricht(ctx, container, sha256);
  if (await repo.schonEingegangen(ctx.db, sha256))
    throw new AppError("konflikt", "Diese Nachricht wurde bereits importiert.");
  // The Aktenplan takes the way of the CSV import: same checks, all or nothing.
  if (n.typ === "0301") return importiereAktenplanNachricht(ctx, caller, n);
  const akten = aktenAus(n.knoten);
  await pruefeProzess(ctx, n);
  const gespeichert =
    n.typ === "0503" || n.typ === "0401" ? await speicherePrimaerdokumente(ctx, akten, container) : new Map();
  const entscheidungen = entscheidungenAus(n.typ, n.knoten);
  await pruefeEntscheidungen(ctx, n, entscheidungen);
  const folgen = await ctx.db.transaction((tx) =>
    verbucheEingangInTx(ctx, tx, caller, n, { akten, entscheidungen, gespeichert, optionen }),
  );
  // Content of deleted Akten leaves the store once the deletion is committed.
  for (const sha of folgen.freieBlobs) await ctx.blobs.delete(sha).catch(() => undefined);
  return {
    nachrichtentyp: n.typ,
    prozessId: n.prozessId,
    version: n.version,
    akten: folgen.akten,
    hinweis: hinweisZu(n, akten, folgen),
  };
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
  verlangeXdomeaAustausch(caller);
  const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-xdomea-ein-"));
  try {
    let datei: string;
    if ("datei" in quelle) datei = quelle.datei;
    else {
      datei = path.join(ordner, "eingang");
      await fs.writeFile(datei, quelle);
    }
    const container = await leseContainer(datei, ordner);
    return await verarbeite(ctx, caller, container, await dateiHash(datei), optionen);
  } finally {
    await fs.rm(ordner, { recursive: true, force: true });
  }
}
