import { execFile } from "node:child_process";
import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { imageSize } from "image-size";
import { simpleParser } from "mailparser";
import type { ExternalTools } from "../../platform/tools.js";

const run = promisify(execFile);

/** Limits for one job: the pipeline must never let one file take down a worker. */
export interface Grenzen {
  maxSeiten: number;
  maxMegapixel: number;
  /** Run time of OCR per file. */
  maxSekunden: number;
  /** Characters of text kept per version. */
  maxZeichen: number;
  /** Uncompressed size of an Office document's parts. */
  maxEntpacktBytes: number;
}

export const STANDARD_GRENZEN: Grenzen = {
  maxSeiten: 500,
  maxMegapixel: 100,
  maxSekunden: 300,
  maxZeichen: 2_000_000,
  maxEntpacktBytes: 100 * 1024 * 1024,
};

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

/** Text of XML or HTML: elements out, paragraphs and cells as line breaks, entities decoded. */
export function textAusMarkup(markup: string): string {
  return markup
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<(\/p|br|\/div|\/tr|\/h\d|\/li|text:p|\/text:p|w:p|\/w:p|\/si|table:table-row)[^>]*>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      const named: Record<string, string> = {
        amp: "&",
        lt: "<",
        gt: ">",
        quot: '"',
        apos: "'",
        nbsp: " ",
        szlig: "ß",
        auml: "ä",
        ouml: "ö",
        uuml: "ü",
        Auml: "Ä",
        Ouml: "Ö",
        Uuml: "Ü",
        euro: "€",
        sect: "§",
        ndash: "–",
        bdquo: "„",
        ldquo: "“",
      };
      if (named[e]) return named[e]!;
      if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
      if (!e.startsWith("#")) return m;
      const code =
        e.startsWith("#x") || e.startsWith("#X") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
    })
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}

function dekodiere(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

async function pdfText(data: Uint8Array, grenzen: Grenzen): Promise<{ seiten: number; proSeite: string[] }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({
    data,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const proSeite: string[] = [];
    for (let n = 1; n <= Math.min(doc.numPages, grenzen.maxSeiten); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      proSeite.push(
        content.items.map((i) => ("str" in i ? `${i.str}${i.hasEOL ? "\n" : ""}` : "")).join(" "),
      );
      page.cleanup();
    }
    return { seiten: doc.numPages, proSeite };
  } finally {
    await doc.destroy();
  }
}

function pdfFehler(error: unknown): string {
  const name = (error as { name?: string }).name ?? "";
  if (name === "PasswordException")
    return "Die PDF-Datei ist mit einem Passwort verschlüsselt; ihr Text kann nicht gelesen werden.";
  if (name === "InvalidPDFException") return "Die PDF-Datei ist beschädigt und kann nicht gelesen werden.";
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
  const ocrDa = tools.ocrmypdf.gefunden && tools.tesseract.gefunden;
  if (mimeTyp === "application/pdf") {
    let gelesen: { seiten: number; proSeite: string[] };
    try {
      gelesen = await pdfText(new Uint8Array(await readFile(datei)), grenzen);
    } catch (error) {
      return { status: "fehlgeschlagen", grund: pdfFehler(error) };
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
    if (!ocrDa) {
      return {
        status: "nicht_verfuegbar",
        grund: "Texterkennung (OCR) ist auf diesem Server nicht verfügbar.",
        text: begrenze(textlayer, grenzen),
        quelle: "textlayer",
        seiten: gelesen.seiten,
      };
    }
    const rendition = path.join(arbeitsordner, "rendition.pdf");
    try {
      const ocr = await ocrPdf(datei, rendition, tools, grenzen);
      return {
        status: "fertig",
        quelle: "ocr",
        text: begrenze([textlayer, ocr].filter(Boolean).join("\n"), grenzen),
        seiten: gelesen.seiten,
        rendition,
      };
    } catch (error) {
      const e = error as { killed?: boolean; stderr?: string; code?: number };
      const grund = e.killed
        ? `Die Texterkennung dauerte länger als ${grenzen.maxSekunden} Sekunden und wurde abgebrochen.`
        : `Die Texterkennung ist fehlgeschlagen (${(e.stderr ?? "").split("\n").find(Boolean)?.slice(0, 200) ?? `Code ${e.code}`}).`;
      return {
        status: "fehlgeschlagen",
        grund,
        text: begrenze(textlayer, grenzen),
        quelle: "textlayer",
        seiten: gelesen.seiten,
      };
    }
  }

  if (BILDER.has(mimeTyp)) {
    const info = await stat(datei);
    let groesse: { width?: number; height?: number };
    try {
      groesse = imageSize(await readFile(datei));
    } catch {
      return { status: "fehlgeschlagen", grund: "Das Bild ist beschädigt oder hat ein unbekanntes Format." };
    }
    const megapixel = ((groesse.width ?? 0) * (groesse.height ?? 0)) / 1_000_000;
    if (megapixel > grenzen.maxMegapixel) {
      return {
        status: "fehlgeschlagen",
        grund: `Das Bild ist mit ${Math.round(megapixel).toLocaleString("de-DE")} Megapixeln zu groß für die Texterkennung (höchstens ${grenzen.maxMegapixel}).`,
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
          ? `Die Texterkennung dauerte länger als ${grenzen.maxSekunden} Sekunden und wurde abgebrochen.`
          : `Die Texterkennung des Bildes ist fehlgeschlagen (${info.size} Byte).`,
      };
    }
  }

  const office = OFFICE[mimeTyp];
  if (office || mimeTyp === "application/zip") {
    if (!office)
      return {
        status: "fertig",
        quelle: "keine",
        text: "",
        seiten: null,
        grund: "Ein ZIP-Archiv wird nicht entpackt.",
      };
    try {
      let entpackt = 0;
      const teile = unzipSync(new Uint8Array(await readFile(datei)), {
        filter: (f) => {
          const wanted =
            office.some((o) =>
              o.endsWith("/") ? f.name.startsWith(o) && f.name.endsWith(".xml") : f.name === o,
            ) || /^xl\/worksheets\/sheet\d+\.xml$/.test(f.name);
          if (!wanted) return false;
          entpackt += f.originalSize;
          if (entpackt > grenzen.maxEntpacktBytes || f.originalSize > 200 * Math.max(f.size, 1))
            throw new Error("zu gross");
          return true;
        },
      });
      const text = Object.keys(teile)
        .sort()
        .map((name) => textAusMarkup(dekodiere(Buffer.from(teile[name]!))))
        .join("\n");
      return { status: "fertig", quelle: "office", text: begrenze(text, grenzen), seiten: null };
    } catch (error) {
      if ((error as Error).message === "zu gross")
        return {
          status: "fehlgeschlagen",
          grund: "Das Office-Dokument entpackt sich zu einer unzulässigen Größe (Zip-Bombe?).",
        };
      return {
        status: "fehlgeschlagen",
        grund: "Das Office-Dokument ist beschädigt und kann nicht gelesen werden.",
      };
    }
  }

  if (mimeTyp === "message/rfc822") {
    try {
      const mail = await simpleParser(await readFile(datei), {
        skipHtmlToText: false,
        maxHtmlLengthToParse: 5 * 1024 * 1024,
      });
      const adressen = (v: typeof mail.to) =>
        (Array.isArray(v) ? v : v ? [v] : [])
          .flatMap((a) => a.value)
          .slice(0, 50)
          .map((a) => [a.name, a.address].filter(Boolean).join(" "))
          .join(", ");
      const kopf = [
        `Betreff: ${mail.subject ?? ""}`,
        `Von: ${mail.from?.text ?? ""}`,
        `An: ${adressen(mail.to)}`,
        mail.date ? `Datum: ${mail.date.toISOString()}` : "",
      ]
        .filter(Boolean)
        .join("\n");
      const body = mail.text ?? (typeof mail.html === "string" ? textAusMarkup(mail.html) : "");
      if (!mail.subject && !mail.from && !body.trim())
        return { status: "fehlgeschlagen", grund: "Die E-Mail ist beschädigt: Kopf und Inhalt fehlen." };
      return {
        status: "fertig",
        quelle: "email",
        text: begrenze(`${kopf}\n\n${body}`, grenzen),
        seiten: null,
      };
    } catch {
      return { status: "fehlgeschlagen", grund: "Die E-Mail kann nicht gelesen werden." };
    }
  }

  if (mimeTyp === "text/plain" || mimeTyp === "text/csv") {
    return {
      status: "fertig",
      quelle: "text",
      text: begrenze(dekodiere(await readFile(datei)), grenzen),
      seiten: null,
    };
  }
  if (mimeTyp === "text/html" || mimeTyp === "application/xml" || mimeTyp === "application/xhtml+xml") {
    return {
      status: "fertig",
      quelle: "text",
      text: begrenze(textAusMarkup(dekodiere(await readFile(datei))), grenzen),
      seiten: null,
    };
  }
  return {
    status: "fertig",
    quelle: "keine",
    text: "",
    seiten: null,
    grund: "Für diesen Dateityp gibt es keine Texterkennung.",
  };
}

/** A one-page empty PDF: what the warm-ups give pdf.js to load its modules. */
export const LEERES_PDF = new Uint8Array(
  Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  ),
);

let vorgewaermt: Promise<void> | undefined;

/** Loads pdf.js (module and its fake worker) once per process, so the first job does not pay ~0.4 s for it. */
export function vorwaermen(): Promise<void> {
  vorgewaermt ??= pdfText(LEERES_PDF.slice(), STANDARD_GRENZEN).then(
    () => undefined,
    () => undefined,
  );
  return vorgewaermt;
}
