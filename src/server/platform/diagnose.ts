import { existsSync } from "node:fs";
import { statfs } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BlobStore } from "./blobstore/index.js";
import type { Config } from "./config.js";
import type { Database } from "./database/database.js";
import type { ExternalTools } from "./tools.js";

/**
 * What an administrator needs to know about the machine Aktenwerk runs on: each check with its
 * state and, where something is missing, what to do about it, in German. The same list is printed
 * by `aktenwerk doctor` and shown on an administrator's Startseite.
 */
export type Stand = "ok" | "hinweis" | "fehler";

export interface Befund {
  bereich: "Laufzeit" | "Texterkennung" | "xdomea" | "Speicher" | "Datenbank";
  pruefung: string;
  stand: Stand;
  text: string;
  /** What to do, when something is missing or wrong. */
  abhilfe: string | null;
}

/** Free space below which the data directory is a problem, and below which it is worth a notice. */
const FREI_FEHLER_BYTES = 1024 ** 3;
const FREI_FEHLER_ANTEIL = 0.05;
const FREI_HINWEIS_ANTEIL = 0.1;
/** The oldest PostgreSQL release Aktenwerk is tested with (ICU collations, MERGE, SQL/JSON). */
const PG_MINDESTENS = 150000;
const NODE_MINDESTENS = 24;

export interface DiagnoseQuellen {
  config: Config;
  tools: ExternalTools;
  /** null when the database could not be opened; `dbFehler` says why. */
  db: Database | null;
  dbFehler?: string;
  blobs: BlobStore | null;
}

const b = (
  bereich: Befund["bereich"],
  pruefung: string,
  stand: Stand,
  text: string,
  abhilfe: string | null = null,
): Befund => ({ bereich, pruefung, stand, text, abhilfe });

function laufzeit(): Befund {
  const major = Number(process.versions.node.split(".")[0]);
  return major >= NODE_MINDESTENS
    ? b("Laufzeit", "Node.js", "ok", `Node.js ${process.versions.node}`)
    : b(
        "Laufzeit",
        "Node.js",
        "fehler",
        `Node.js ${process.versions.node} ist zu alt; Aktenwerk braucht ${NODE_MINDESTENS} (LTS).`,
        `Node.js ${NODE_MINDESTENS} installieren (https://nodejs.org oder das Paket der Distribution).`,
      );
}

function texterkennung(tools: ExternalTools): Befund[] {
  const { ocrmypdf, tesseract, ghostscript } = tools;
  return [
    ocrmypdf.gefunden
      ? b("Texterkennung", "OCRmyPDF", "ok", `OCRmyPDF ${ocrmypdf.version ?? ""}`.trim())
      : b(
          "Texterkennung",
          "OCRmyPDF",
          "hinweis",
          "OCRmyPDF fehlt: gescannte Dokumente bekommen keine Textebene und sind nicht im Volltext auffindbar.",
          "sudo apt install ocrmypdf",
        ),
    !tesseract.gefunden
      ? b(
          "Texterkennung",
          "Tesseract",
          "hinweis",
          "Tesseract fehlt: keine Texterkennung in Scans und Bildern.",
          "sudo apt install tesseract-ocr tesseract-ocr-deu",
        )
      : tesseract.sprachen.includes("deu")
        ? b(
            "Texterkennung",
            "Tesseract",
            "ok",
            `Tesseract ${tesseract.version ?? ""} mit den Sprachen ${tesseract.sprachen.join(", ")}`.replace(
              /\s+/g,
              " ",
            ),
          )
        : b(
            "Texterkennung",
            "Tesseract",
            "hinweis",
            `Tesseract kennt kein Deutsch (vorhanden: ${tesseract.sprachen.join(", ") || "keine Sprache"}): Umlaute und ß werden schlecht erkannt.`,
            "sudo apt install tesseract-ocr-deu",
          ),
    ghostscript.gefunden
      ? b("Texterkennung", "Ghostscript", "ok", `Ghostscript ${ghostscript.version ?? ""}`.trim())
      : b(
          "Texterkennung",
          "Ghostscript",
          "hinweis",
          "Ghostscript fehlt: keine Vorschaubilder von PDF-Dateien, und OCRmyPDF arbeitet nicht.",
          "sudo apt install ghostscript",
        ),
  ];
}

function xdomea(config: Config): Befund {
  const verzeichnis = config.xdomeaSchemas;
  if (!verzeichnis)
    return b(
      "xdomea",
      "Schemas",
      "hinweis",
      "Keine xdomea-Schemas eingerichtet: Aussonderung und Abgabe an das Archiv sind nicht möglich.",
      "Die offiziellen Schemas (XRepository, Unterordner 3.0.0 und 3.1.0) ablegen und AKTENWERK_XDOMEA_SCHEMAS auf das Verzeichnis setzen.",
    );
  const fehlen = ["3.0.0", "3.1.0"].filter((v) => !existsSync(path.join(verzeichnis, v, "xdomea.xsd")));
  return fehlen.length === 0
    ? b("xdomea", "Schemas", "ok", `xdomea 3.0.0 und 3.1.0 unter ${verzeichnis}`)
    : b(
        "xdomea",
        "Schemas",
        "fehler",
        `Unter ${verzeichnis} fehlt ${fehlen.map((v) => `${v}/xdomea.xsd`).join(" und ")}.`,
        `Die Schemas der Version ${fehlen.join(" und ")} aus dem XRepository in diese Unterordner legen.`,
      );
}

const gib = (bytes: number) =>
  `${(bytes / 1024 ** 3).toLocaleString("de-DE", { maximumFractionDigits: 1 })} GB`;

async function speicher(config: Config, blobs: BlobStore | null): Promise<Befund[]> {
  const befunde: Befund[] = [];
  const orte = new Map<string, string>([["Datenverzeichnis", config.dataDir]]);
  if (config.blobStore.startsWith("file:")) orte.set("Ablage", fileURLToPath(config.blobStore));
  for (const [name, ort] of orte) {
    let s;
    // Not created yet (first start ahead): the nearest folder above it that exists tells the disk.
    let vorhanden = ort;
    while (!existsSync(vorhanden) && path.dirname(vorhanden) !== vorhanden)
      vorhanden = path.dirname(vorhanden);
    try {
      s = await statfs(vorhanden);
    } catch (error) {
      befunde.push(
        b(
          "Speicher",
          name,
          "fehler",
          `${ort} ist nicht lesbar: ${(error as Error).message}`,
          "Rechte des Ordners prüfen.",
        ),
      );
      continue;
    }
    const frei = s.bavail * s.bsize;
    const anteil = s.blocks > 0 ? s.bavail / s.blocks : 0;
    const text = `${gib(frei)} frei (${Math.round(anteil * 100)} %) unter ${ort}`;
    befunde.push(
      frei < FREI_FEHLER_BYTES || anteil < FREI_FEHLER_ANTEIL
        ? b(
            "Speicher",
            name,
            "fehler",
            `Nur ${text}.`,
            "Platz schaffen oder das Verzeichnis auf ein größeres Laufwerk legen.",
          )
        : anteil < FREI_HINWEIS_ANTEIL
          ? b("Speicher", name, "hinweis", `Nur ${text}.`, "Bald Platz schaffen.")
          : b("Speicher", name, "ok", text),
    );
  }
  // An S3 store that does not answer must not hold the page: after five seconds it counts as down.
  const erreichbar = blobs
    ? await Promise.race([
        blobs.check().catch(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref()),
      ])
    : true;
  if (!erreichbar)
    befunde.push(
      b(
        "Speicher",
        "Ablage erreichbar",
        "fehler",
        "Die Ablage der Inhalte antwortet nicht.",
        "BLOB_STORE und die Zugangsdaten prüfen.",
      ),
    );
  return befunde;
}

async function datenbank(db: Database | null, dbFehler: string | undefined): Promise<Befund[]> {
  if (!db)
    return [
      b(
        "Datenbank",
        "Verbindung",
        "fehler",
        `Die Datenbank ist nicht erreichbar: ${dbFehler ?? "unbekannter Fehler"}`,
        "DATABASE_URL prüfen (ohne sie startet die eingebettete Datenbank im Datenverzeichnis).",
      ),
    ];
  let rows: { name: string; setting: string }[];
  try {
    ({ rows } = await db.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
     WHERE name IN ('server_version_num', 'server_version', 'fsync', 'synchronous_commit', 'full_page_writes',
       'server_encoding', 'max_connections')`,
    ));
  } catch (error) {
    return [
      b(
        "Datenbank",
        "Verbindung",
        "fehler",
        `Die Datenbank antwortet nicht: ${(error as Error).message}`,
        "DATABASE_URL und den Zustand des Datenbankservers prüfen.",
      ),
    ];
  }
  const s = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  const art = db.kind === "eingebettet" ? "eingebettete" : "externe";
  const befunde: Befund[] = [
    Number(s.server_version_num) >= PG_MINDESTENS
      ? b("Datenbank", "Version", "ok", `PostgreSQL ${s.server_version} (${art} Datenbank)`)
      : b(
          "Datenbank",
          "Version",
          "fehler",
          `PostgreSQL ${s.server_version} ist zu alt; Aktenwerk braucht 15 oder neuer.`,
          "Auf PostgreSQL 15 oder neuer aktualisieren.",
        ),
  ];
  const unsicher = [
    s.fsync !== "on" && "fsync",
    s.synchronous_commit === "off" && "synchronous_commit",
    s.full_page_writes !== "on" && "full_page_writes",
  ].filter((x): x is string => typeof x === "string");
  befunde.push(
    unsicher.length === 0
      ? b(
          "Datenbank",
          "Dauerhaftes Schreiben",
          "ok",
          "fsync, synchronous_commit und full_page_writes sind an.",
        )
      : b(
          "Datenbank",
          "Dauerhaftes Schreiben",
          "fehler",
          `${unsicher.join(", ")} ${unsicher.length === 1 ? "ist" : "sind"} aus: bestätigte Schreibvorgänge überleben einen Absturz nicht.`,
          `In postgresql.conf ${unsicher.map((n) => `${n} = on`).join(", ")} setzen und neu laden.`,
        ),
  );
  befunde.push(
    s.server_encoding === "UTF8"
      ? b("Datenbank", "Zeichensatz", "ok", "UTF8")
      : b(
          "Datenbank",
          "Zeichensatz",
          "fehler",
          `Die Datenbank speichert ${s.server_encoding}, nicht UTF8: Namen nach DIN 91379 gehen verloren.`,
          "Eine Datenbank mit ENCODING 'UTF8' anlegen und die Daten mit `aktenwerk backup`/`restore` umziehen.",
        ),
  );
  return befunde;
}

/** Every check, in a fixed order; never throws for what it finds. */
export async function diagnose(q: DiagnoseQuellen): Promise<Befund[]> {
  return [
    laufzeit(),
    ...texterkennung(q.tools),
    xdomea(q.config),
    ...(await speicher(q.config, q.blobs)),
    ...(await datenbank(q.db, q.dbFehler)),
  ];
}
