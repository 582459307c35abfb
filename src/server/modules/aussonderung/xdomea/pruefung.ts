import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../../platform/errors.js";
import {
  AufgabenFehler,
  aufgabenModul,
  parserPool,
  PoolAbbruch,
} from "../../../platform/parser-pool/pool.js";
import type { aufgaben as xsdAufgaben, Schemadatei, XsdMeldung } from "./xsd.aufgaben.js";

export const XDOMEA_VERSIONEN = ["3.0.0", "3.1.0"] as const;
export type XdomeaVersion = (typeof XDOMEA_VERSIONEN)[number];

/** Largest XML part of a message we read (the primary documents are separate files). */
export const MAX_XML_BYTES = 64 * 1024 * 1024;

export interface Schemafehler {
  zeile: number | null;
  element: string | null;
  meldung: string;
}

/** The xdomea version a message declares by its namespace; anything else is refused. */
export function versionDer(xml: string): XdomeaVersion {
  const m = /xmlns(?::\w+)?="urn:xoev-de:xdomea:schema:(\d+\.\d+\.\d+)"/.exec(xml.slice(0, 4096));
  const version = m?.[1];
  if (!version || !(XDOMEA_VERSIONEN as readonly string[]).includes(version))
    throw new AppError(
      "nicht_unterstuetzter_typ",
      version
        ? `xdomea ${version} wird nicht unterstützt; möglich sind ${XDOMEA_VERSIONEN.join(" und ")}.`
        : "Das ist keine xdomea-Nachricht (Namensraum urn:xoev-de:xdomea:schema:… fehlt).",
    );
  return version as XdomeaVersion;
}

/**
 * Hostile until proven otherwise: no DTD and no entity declarations at all (XXE, billion laughs),
 * a size limit, well-formed UTF-8. Runs before any parser sees the text.
 */
export function pruefeRohform(xml: string, bytes: number): void {
  if (bytes > MAX_XML_BYTES)
    throw new AppError("zu_gross", `Die XML-Nachricht ist größer als ${MAX_XML_BYTES / 1024 / 1024} MB.`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new AppError(
      "ungueltige_eingabe",
      "Die Nachricht enthält eine DTD oder Entity-Deklaration; das ist in xdomea nicht vorgesehen und wird aus Sicherheitsgründen abgelehnt.",
    );
  if (xml.includes("\uFFFD"))
    throw new AppError("ungueltige_eingabe", "Die Nachricht ist kein gültiges UTF-8.");
}

/** The directory of the official schemas for a version, or a clear refusal when none is configured. */
export function schemaDatei(verzeichnis: string | null, version: XdomeaVersion): string {
  if (!verzeichnis)
    throw new AppError(
      "nicht_verfuegbar",
      "Es sind keine xdomea-Schemas konfiguriert (AKTENWERK_XDOMEA_SCHEMAS); ohne sie prüft Aktenwerk keine Nachricht.",
    );
  const datei = path.join(verzeichnis, version, "xdomea.xsd");
  if (!existsSync(datei))
    throw new AppError("nicht_verfuegbar", `Das xdomea-Schema ${version} fehlt unter ${datei}.`);
  return datei;
}

const XSD_AUFGABEN = aufgabenModul<typeof xsdAufgaben>(import.meta.url, "./xsd.aufgaben");
/** Wall-clock limit of one XSD check; the largest message (64 MB) takes a fraction of it. */
const XSD_SEKUNDEN = 120;

/** The schema files below a schema root, read once per root: every `.xsd` in it and one level down. */
const schemaCache = new Map<string, Promise<Schemadatei[]>>();

function schemasUnter(wurzel: string): Promise<Schemadatei[]> {
  let geladen = schemaCache.get(wurzel);
  if (!geladen) {
    geladen = (async () => {
      const dateien: Schemadatei[] = [];
      for (const eintrag of await readdir(wurzel)) {
        // stat, not the entry's type: a version folder may be a link (e.g. to a shared copy).
        const ordner = (await stat(path.join(wurzel, eintrag)).catch(() => undefined))?.isDirectory();
        const namen = ordner
          ? (await readdir(path.join(wurzel, eintrag))).map((n) => path.posix.join(eintrag, n))
          : [eintrag];
        for (const name of namen.filter((n) => n.endsWith(".xsd")))
          dateien.push({ name, inhalt: await readFile(path.join(wurzel, name), "utf8") });
      }
      return dateien;
    })();
    geladen.catch(() => schemaCache.delete(wurzel));
    schemaCache.set(wurzel, geladen);
  }
  return geladen;
}

/** The largest message the WebAssembly fallback checks: its worker's memory is outside the pool's watch. */
export const MAX_WASM_XML_BYTES = 16 * 1024 * 1024;

/** A problem line of libxml2 as the German Schemafehler: element and text with the namespace shortened. */
function alsSchemafehler(m: XsdMeldung): Schemafehler {
  // libxml2 names the element either before the message ("element Foo: …") or in it ("Element '{ns}Foo'").
  const vorn = /^element (\S+): (.*)$/.exec(m.text);
  const text = (vorn?.[2] ?? m.text).replace(/^Schemas validity error : /, "");
  const element = vorn?.[1] ?? /Element '([^']+)'/.exec(text)?.[1] ?? null;
  return {
    zeile: m.zeile,
    element: element?.replace(/\{urn:xoev-de:xdomea:schema:[\d.]+\}/g, "xdomea:") ?? null,
    meldung: text.replace(/\{urn:xoev-de:xdomea:schema:[\d.]+\}/g, "xdomea:"),
  };
}

/**
 * The system's xmllint in a process of its own (its memory is its own, killed after the time
 * limit, its output read up to 1 MB); undefined when there is no xmllint.
 */
async function mitXmllint(xml: string, xsd: string): Promise<XsdMeldung[] | undefined> {
  const ausgabe = await new Promise<{ code: number | null; stderr: string } | undefined>(
    (resolve, reject) => {
      const p = spawn("xmllint", ["--noout", "--nonet", "--schema", xsd, "-"], {
        stdio: ["pipe", "ignore", "pipe"],
      });
      let stderr = "";
      const timer = setTimeout(() => p.kill("SIGKILL"), XSD_SEKUNDEN * 1000);
      p.stderr.on("data", (c: Buffer) => {
        if (stderr.length < 1_000_000) stderr += c.toString("utf8");
      });
      p.on("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (e.code === "ENOENT") resolve(undefined);
        else reject(e);
      });
      p.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
      p.stdin.on("error", () => undefined);
      p.stdin.end(xml);
    },
  );
  if (!ausgabe) return undefined;
  if (ausgabe.code === 0) return [];
  if (ausgabe.code === null)
    throw new AppError(
      "ungueltige_eingabe",
      "Die Schemaprüfung der Nachricht dauerte zu lange und wurde abgebrochen.",
    );
  const zeilen = ausgabe.stderr
    .split("\n")
    .filter((z) => z.startsWith("-:"))
    .map((z) => {
      const m = /^-:(\d+): (.*)$/.exec(z);
      return {
        zeile: m ? Number(m[1]) : null,
        text: (m?.[2] ?? z).replace(/^(element \S+: )?[^:]*error : /, "$1"),
      };
    });
  return zeilen.length ? zeilen : [{ zeile: null, text: ausgabe.stderr.slice(0, 500) || "ungültig" }];
}

/**
 * Validates against the official XSD (no network, no entity expansion): with the system's
 * xmllint where it is installed, otherwise with libxml2 as WebAssembly in the parser pool (time
 * limit, capped memory, messages up to MAX_WASM_XML_BYTES), so the schema directory is all it
 * needs. `xsd` is a version's `xdomea.xsd`; the files it imports are found below the schema root
 * as on disk (`../xoev/xoev-code.xsd`). Returns up to 50 problems with line and element, in
 * German, or an empty list.
 */
export async function validiere(xml: string, xsd: string): Promise<Schemafehler[]> {
  const system = await mitXmllint(xml, xsd);
  if (system) return system.slice(0, 50).map(alsSchemafehler);
  const bytes = Buffer.byteLength(xml);
  if (bytes > MAX_WASM_XML_BYTES)
    throw new AppError(
      "zu_gross",
      `Ohne xmllint prüft Aktenwerk Nachrichten bis ${MAX_WASM_XML_BYTES / 1024 / 1024} MB; diese hat ${Math.ceil(bytes / 1024 / 1024)} MB. Für größere Nachrichten xmllint installieren (Debian-Paket libxml2-utils).`,
    );
  const wurzel = path.dirname(path.dirname(xsd));
  const hauptschema = path.posix.join(path.basename(path.dirname(xsd)), path.basename(xsd));
  let meldungen: XsdMeldung[];
  try {
    meldungen = await parserPool().run(
      XSD_AUFGABEN,
      "pruefeXsd",
      { xml, hauptschema, schemas: await schemasUnter(wurzel), maxMeldungen: 50 },
      { maxSekunden: XSD_SEKUNDEN },
    );
  } catch (error) {
    if (error instanceof PoolAbbruch)
      throw new AppError(
        "ungueltige_eingabe",
        `Die Schemaprüfung der Nachricht wurde abgebrochen: ${error.message}`,
      );
    if (error instanceof AufgabenFehler)
      throw new AppError(
        "ungueltige_eingabe",
        "Die Nachricht ließ sich nicht gegen das Schema prüfen (zu groß oder zu verschachtelt, oder die Schemas sind unvollständig).",
      );
    throw error;
  }
  return meldungen.map(alsSchemafehler);
}

export function schemafehlerAlsProblem(fehler: Schemafehler[], version: XdomeaVersion): AppError {
  return new AppError(
    "ungueltige_eingabe",
    `Die Nachricht entspricht nicht dem xdomea-Schema ${version}: ${fehler
      .slice(0, 5)
      .map(
        (f) =>
          `${f.zeile ? `Zeile ${f.zeile}` : ""}${f.element ? `, Element ${f.element}` : ""}: ${f.meldung}`,
      )
      .join("; ")}${fehler.length > 5 ? ` (und ${fehler.length - 5} weitere)` : ""}`,
    {
      fehler: fehler.map((f) => ({
        feld: `${f.zeile ? `Zeile ${f.zeile}` : "Nachricht"}${f.element ? ` ${f.element}` : ""}`,
        meldung: f.meldung,
      })),
    },
  );
}
