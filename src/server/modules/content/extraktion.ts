import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  aufgabenModul,
  PoolAbbruch,
  parserPool,
  type AufgabenGrenzen,
} from "../../platform/parser-pool/pool.js";
import type { ExternalTools } from "../../platform/tools.js";
import type { aufgaben } from "./aufgaben.js";

export { textAusMarkup } from "./markup.js";

const run = promisify(execFile);

/** Limits for one job: the pipeline must never let one file take down a worker. */
export interface Grenzen {
  maxSeiten: number;
  maxMegapixel: number;
  /** Run time of OCR per file. */
  maxSekunden: number;
  /** Characters of text kept per version. */
  maxZeichen: number;
  /**
   * Uncompressed size of an Office document's parts together, counted on the bytes the inflater
   * produces (they are held in a pool thread's memory, then read as text).
   */
  maxEntpacktBytes: number;
  /** Entries of an Office document's zip. */
  maxEintraege: number;
  /** Wall-clock limit of one parsing task (PDF, Office, e-mail, image) in its thread. */
  maxParserSekunden: number;
}

export const STANDARD_GRENZEN: Grenzen = {
  maxSeiten: 500,
  maxMegapixel: 100,
  maxSekunden: 300,
  maxZeichen: 2_000_000,
  maxEntpacktBytes: 32 * 1024 * 1024,
  maxEintraege: 10_000,
  maxParserSekunden: 60,
};

const AUFGABEN = aufgabenModul<typeof aufgaben>(import.meta.url, "./aufgaben");

/** Runs a content task in the parser pool under the limits of `grenzen`. */
export function imPool<K extends keyof typeof aufgaben>(
  aufgabe: K,
  eingabe: Parameters<(typeof aufgaben)[K]>[0],
  grenzen: Pick<Grenzen, "maxParserSekunden">,
): Promise<Awaited<ReturnType<(typeof aufgaben)[K]>>> {
  const limit: AufgabenGrenzen = { maxSekunden: grenzen.maxParserSekunden };
  return parserPool().run(AUFGABEN, aufgabe, eingabe, limit);
}

/** The German reason for a failed task: what the pool says when it killed the thread. */
function abgebrochen(art: string, error: unknown): string | null {
  return error instanceof PoolAbbruch ? `${art} konnte nicht gelesen werden: ${error.message}` : null;
}

export type Quelle = "textlayer" | "ocr" | "office" | "email" | "text" | "keine";

export type Ergebnis =
  | {
      status: "fertig";
      quelle: Quelle;
      text: string;
      seiten: number | null;
      rendition?: string;
      grund?: string;
    }
  | {
      status: "fehlgeschlagen" | "nicht_verfuegbar";
      grund: string;
      /** The parser pool killed the task (time or memory): a preview would only burn the same again. */
      abgebrochen?: boolean;
      text?: string;
      quelle?: Quelle;
      seiten?: number | null;
    };

const BILDER = new Set(["image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp"]);
const OFFICE: Record<string, string[]> = {
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["word/document.xml"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xl/sharedStrings.xml"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["ppt/slides/"],
  "application/vnd.oasis.opendocument.text": ["content.xml"],
  "application/vnd.oasis.opendocument.spreadsheet": ["content.xml"],
  "application/vnd.oasis.opendocument.presentation": ["content.xml"],
};

function pdfFehler(error: unknown): string {
  const abbruch = abgebrochen("Die PDF-Datei", error);
  if (abbruch) return abbruch;
  const name = (error as { name?: string }).name ?? "";
  if (name === "PasswordException")
    return "Die PDF-Datei ist mit einem Passwort verschlüsselt; ihr Text kann nicht gelesen werden.";
  if (name === "InvalidPDFException") return "Die PDF-Datei ist beschädigt und kann nicht gelesen werden.";
  if (name === "ZuVieleTextelemente") return (error as Error).message;
  return `Die PDF-Datei kann nicht gelesen werden (${(error as Error).message?.slice(0, 200) ?? "unbekannter Fehler"}).`;
}

async function ocrPdf(datei: string, ziel: string, tools: ExternalTools, grenzen: Grenzen): Promise<string> {
  const sidecar = `${ziel}.txt`;
  const sprachen = tools.tesseract.sprachen.includes("deu")
    ? tools.tesseract.sprachen.includes("eng")
      ? "deu+eng"
      : "deu"
    : "eng";
  await run(
    "ocrmypdf",
    [
      "-l",
      sprachen,
      "--skip-text",
      "--output-type",
      "pdfa",
      "--sidecar",
      sidecar,
      "--jobs",
      "1",
      "--quiet",
      datei,
      ziel,
    ],
    {
      timeout: grenzen.maxSekunden * 1000,
      killSignal: "SIGKILL",
      // One OCR thread per job (measured: tesseract's own threading makes it slower here).
      env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  const text = await readFile(sidecar, "utf8").catch(() => "");
  await rm(sidecar, { force: true });
  // ocrmypdf writes this marker for pages it skipped because they already had text.
  return text.replace(/\[OCR skipped on page\(s\) [^\]]*\]/g, "").trim();
}

async function ocrBild(
  datei: string,
  zielBasis: string,
  tools: ExternalTools,
  grenzen: Grenzen,
): Promise<string> {
  const sprachen = tools.tesseract.sprachen.includes("deu") ? "deu" : "eng";
  await run("tesseract", [datei, zielBasis, "-l", sprachen, "txt", "pdf"], {
    timeout: grenzen.maxSekunden * 1000,
    killSignal: "SIGKILL",
    env: { ...process.env, OMP_THREAD_LIMIT: "1" },
    maxBuffer: 10 * 1024 * 1024,
  });
  return (await readFile(`${zielBasis}.txt`, "utf8").catch(() => "")).trim();
}

function begrenze(text: string, grenzen: Grenzen): string {
  return text.replaceAll("\u0000", "").slice(0, grenzen.maxZeichen);
}

/**
 * Text of one file, judged by its detected type. Scans and images go through OCR (German) and
 * yield a searchable PDF rendition in `arbeitsordner`; the original file is never changed (a signed
 * PDF stays byte-identical). Every failure becomes a status with a German reason, never a crash.
 */
export async function extrahiere(
  datei: string,
  mimeTyp: string,
  tools: ExternalTools,
  arbeitsordner: string,
  grenzen: Grenzen = STANDARD_GRENZEN,
): Promise<Ergebnis> {
  if (mimeTyp === "application/pdf") return pdfText(datei, tools, arbeitsordner, grenzen);
  if (BILDER.has(mimeTyp)) return bildText(datei, tools, arbeitsordner, grenzen);
  const office = OFFICE[mimeTyp];
  if (office) return officeText(datei, office, grenzen);
  if (mimeTyp === "application/zip")
    return {
      status: "fertig",
      quelle: "keine",
      text: "",
      seiten: null,
      grund: "Ein ZIP-Archiv wird nicht entpackt.",
    };
  if (mimeTyp === "message/rfc822") return emailText(datei, grenzen);
  const markup =
    mimeTyp === "text/html" || mimeTyp === "application/xml" || mimeTyp === "application/xhtml+xml";
  if (markup || mimeTyp === "text/plain" || mimeTyp === "text/csv")
    return textDateiText(datei, markup, grenzen);
  return {
    status: "fertig",
    quelle: "keine",
    text: "",
    seiten: null,
    grund: "Für diesen Dateityp gibt es keine Texterkennung.",
  };
}

/** The German reason when OCR ran past its time limit. */
function ocrZuLang(grenzen: Grenzen): string {
  return `Die Texterkennung dauerte länger als ${grenzen.maxSekunden} Sekunden und wurde abgebrochen.`;
}

/** A PDF: its text layer; pages without text (scans) through OCR, with a searchable rendition. */
async function pdfText(
  datei: string,
  tools: ExternalTools,
  arbeitsordner: string,
  grenzen: Grenzen,
): Promise<Ergebnis> {
  let gelesen: { seiten: number; proSeite: string[] };
  try {
    gelesen = await imPool("pdfText", { datei, maxSeiten: grenzen.maxSeiten }, grenzen);
  } catch (error) {
    return { status: "fehlgeschlagen", grund: pdfFehler(error), abgebrochen: error instanceof PoolAbbruch };
  }
  if (gelesen.seiten > grenzen.maxSeiten) {
    return {
      status: "fehlgeschlagen",
      grund: `Die PDF-Datei hat ${gelesen.seiten} Seiten; erkannt werden höchstens ${grenzen.maxSeiten}.`,
      text: begrenze(gelesen.proSeite.join("\n"), grenzen),
      quelle: "textlayer",
      seiten: gelesen.seiten,
    };
  }
  const textlayer = gelesen.proSeite.join("\n").trim();
  // Pages with almost no text are scans: OCR them (pages with text are kept as they are).
  const ohneText = gelesen.proSeite.filter((p) => p.replace(/\s/g, "").length < 20).length;
  if (ohneText === 0)
    return {
      status: "fertig",
      quelle: "textlayer",
      text: begrenze(textlayer, grenzen),
      seiten: gelesen.seiten,
    };
  if (!(tools.ocrmypdf.gefunden && tools.tesseract.gefunden)) {
    return {
      status: "nicht_verfuegbar",
      grund: "Texterkennung (OCR) ist auf diesem Server nicht verfügbar.",
      text: begrenze(textlayer, grenzen),
      quelle: "textlayer",
      seiten: gelesen.seiten,
    };
  }
  return pdfMitOcr(datei, textlayer, gelesen.seiten, tools, arbeitsordner, grenzen);
}

/** The OCR step of a PDF with scanned pages: the text layer's text plus what OCR found. */
async function pdfMitOcr(
  datei: string,
  textlayer: string,
  seiten: number,
  tools: ExternalTools,
  arbeitsordner: string,
  grenzen: Grenzen,
): Promise<Ergebnis> {
  const rendition = path.join(arbeitsordner, "rendition.pdf");
  try {
    const ocr = await ocrPdf(datei, rendition, tools, grenzen);
    return {
      status: "fertig",
      quelle: "ocr",
      text: begrenze([textlayer, ocr].filter(Boolean).join("\n"), grenzen),
      seiten,
      rendition,
    };
  } catch (error) {
    const e = error as { killed?: boolean; stderr?: string; code?: number };
    const grund = e.killed
      ? ocrZuLang(grenzen)
      : `Die Texterkennung ist fehlgeschlagen (${(e.stderr ?? "").split("\n").find(Boolean)?.slice(0, 200) ?? `Code ${e.code}`}).`;
    return {
      status: "fehlgeschlagen",
      grund,
      text: begrenze(textlayer, grenzen),
      quelle: "textlayer",
      seiten,
    };
  }
}

/** A picture: its size checked in the pool first, then OCR with a one-page PDF rendition. */
async function bildText(
  datei: string,
  tools: ExternalTools,
  arbeitsordner: string,
  grenzen: Grenzen,
): Promise<Ergebnis> {
  const info = await stat(datei);
  let groesse: { breite: number; hoehe: number };
  try {
    groesse = await imPool("bildGroesse", { datei }, grenzen);
  } catch (error) {
    return {
      status: "fehlgeschlagen",
      grund: abgebrochen("Das Bild", error) ?? "Das Bild ist beschädigt oder hat ein unbekanntes Format.",
      abgebrochen: error instanceof PoolAbbruch,
    };
  }
  const megapixel = (groesse.breite * groesse.hoehe) / 1_000_000;
  if (megapixel > grenzen.maxMegapixel) {
    return {
      status: "fehlgeschlagen",
      grund: `Das Bild ist mit ${Math.round(megapixel).toLocaleString("de-DE")} Megapixeln zu groß für die Texterkennung (höchstens ${grenzen.maxMegapixel}).`,
      abgebrochen: true,
    };
  }
  if (!tools.tesseract.gefunden)
    return {
      status: "nicht_verfuegbar",
      grund: "Texterkennung (OCR) ist auf diesem Server nicht verfügbar.",
    };
  const basis = path.join(arbeitsordner, "ocr");
  try {
    const text = await ocrBild(datei, basis, tools, grenzen);
    return {
      status: "fertig",
      quelle: "ocr",
      text: begrenze(text, grenzen),
      seiten: 1,
      rendition: `${basis}.pdf`,
      ...(text ? {} : { grund: "Im Bild wurde kein Text erkannt." }),
    };
  } catch (error) {
    const e = error as { killed?: boolean };
    return {
      status: "fehlgeschlagen",
      grund: e.killed
        ? ocrZuLang(grenzen)
        : `Die Texterkennung des Bildes ist fehlgeschlagen (${info.size} Byte).`,
    };
  }
}

/** An Office or ODF document: the text of its `teile`, unpacked under the zip limits. */
async function officeText(datei: string, teile: string[], grenzen: Grenzen): Promise<Ergebnis> {
  try {
    const text = await imPool(
      "officeText",
      {
        datei,
        teile,
        grenzen: {
          maxEntpacktBytes: grenzen.maxEntpacktBytes,
          maxEintraege: grenzen.maxEintraege,
          maxVerhaeltnis: 200,
        },
      },
      grenzen,
    );
    return { status: "fertig", quelle: "office", text: begrenze(text, grenzen), seiten: null };
  } catch (error) {
    if ((error as Error).name === "ZipBombe")
      return {
        status: "fehlgeschlagen",
        grund: `Das Office-Dokument entpackt sich zu einer unzulässigen Größe (Zip-Bombe?): ${(error as Error).message}`,
        abgebrochen: true,
      };
    return {
      status: "fehlgeschlagen",
      grund:
        abgebrochen("Das Office-Dokument", error) ??
        "Das Office-Dokument ist beschädigt und kann nicht gelesen werden.",
      abgebrochen: error instanceof PoolAbbruch,
    };
  }
}

/** An e-mail (RFC 822): head and body as text. */
async function emailText(datei: string, grenzen: Grenzen): Promise<Ergebnis> {
  try {
    const text = await imPool("emailText", { datei }, grenzen);
    if (text === null)
      return { status: "fehlgeschlagen", grund: "Die E-Mail ist beschädigt: Kopf und Inhalt fehlen." };
    return { status: "fertig", quelle: "email", text: begrenze(text, grenzen), seiten: null };
  } catch (error) {
    return {
      status: "fehlgeschlagen",
      grund: abgebrochen("Die E-Mail", error) ?? "Die E-Mail kann nicht gelesen werden.",
      abgebrochen: error instanceof PoolAbbruch,
    };
  }
}

/** Plain text, CSV, or markup (HTML, XML) with its tags removed. */
async function textDateiText(datei: string, markup: boolean, grenzen: Grenzen): Promise<Ergebnis> {
  try {
    const text = await imPool("textDatei", { datei, markup }, grenzen);
    return { status: "fertig", quelle: "text", text: begrenze(text, grenzen), seiten: null };
  } catch (error) {
    return {
      status: "fehlgeschlagen",
      grund: abgebrochen("Die Textdatei", error) ?? "Die Textdatei kann nicht gelesen werden.",
      abgebrochen: error instanceof PoolAbbruch,
    };
  }
}

/** A one-page empty PDF: what the warm-ups give pdf.js to load its modules. */
export const LEERES_PDF = new Uint8Array(
  Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  ),
);

let vorgewaermt: Promise<void> | undefined;

/**
 * Loads pdf.js in the parser pool's threads once, so the first job does not pay ~0.4 s for it.
 * Writes the empty PDF to a temp file because tasks read files, not buffers.
 */
export function vorwaermen(): Promise<void> {
  vorgewaermt ??= (async () => {
    const ordner = await mkdtemp(path.join(os.tmpdir(), "aktenwerk-vorwaermen-"));
    try {
      const datei = path.join(ordner, "leer.pdf");
      await writeFile(datei, LEERES_PDF);
      const pool = parserPool();
      await Promise.all(
        Array.from({ length: pool.groesse }, () =>
          imPool("pdfText", { datei, maxSeiten: 1 }, STANDARD_GRENZEN),
        ),
      );
    } finally {
      await rm(ordner, { recursive: true, force: true });
    }
  })().catch(() => undefined);
  return vorgewaermt;
}
