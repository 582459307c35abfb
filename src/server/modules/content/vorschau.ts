import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { imPool, LEERES_PDF, STANDARD_GRENZEN, type Grenzen } from "./extraktion.js";

/** Width of a preview image in pixels; enough for a list thumbnail and a sharp 160 px at 2× density. */
export const VORSCHAU_BREITE = 320;
const MAX_HOEHE = 1200;
const MAX_SEKUNDEN = 30;

/** Types the preview can draw directly (TIFF and others come via the OCR rendition, a PDF). */
export const ZEICHENBARE_BILDER = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/bmp",
  "image/webp",
]);

const run = promisify(execFile);

/** Limits of a preview task: the parser pool kills a thread that draws longer than this. */
function vorschauGrenzen(grenzen: Grenzen): Grenzen {
  return { ...grenzen, maxParserSekunden: Math.min(MAX_SEKUNDEN, grenzen.maxParserSekunden) };
}

/**
 * The first page drawn by Ghostscript in a process of its own: a scanned page's image is decoded
 * in C instead of in JavaScript (pdf.js decodes JPEG in JavaScript). pdf.js, in a pool thread,
 * only reads the page's size, which decodes nothing.
 */
async function pdfSeiteEinsMitGhostscript(
  datei: string,
  grenzen: Grenzen,
  breiteSoll: number,
): Promise<Buffer> {
  const { breite, hoehe } = await imPool(
    "pdfSeitenmass",
    { datei, breite: breiteSoll, maxHoehe: MAX_HOEHE },
    vorschauGrenzen(grenzen),
  );
  const ziel = `${datei}.vorschau.png`;
  try {
    await run(
      "gs",
      [
        "-q",
        "-dSAFER",
        "-dBATCH",
        "-dNOPAUSE",
        "-sDEVICE=png16m",
        `-g${breite}x${hoehe}`,
        "-dPDFFitPage",
        "-dUseCropBox",
        "-dFirstPage=1",
        "-dLastPage=1",
        "-dTextAlphaBits=4",
        "-dGraphicsAlphaBits=4",
        // Scanned pages are scaled down by a factor of ten: smooth them as pdf.js does.
        "-dDOINTERPOLATE",
        `-sOutputFile=${ziel}`,
        "-f",
        datei,
      ],
      { timeout: MAX_SEKUNDEN * 1000, killSignal: "SIGKILL", maxBuffer: 1024 * 1024 },
    );
    return await readFile(ziel);
  } finally {
    await rm(ziel, { force: true });
  }
}

/** The first page drawn by pdf.js in a pool thread. */
async function pdfSeiteEins(datei: string, grenzen: Grenzen, breite = VORSCHAU_BREITE): Promise<Buffer> {
  return Buffer.from(
    await imPool("pdfVorschau", { datei, breite, maxHoehe: MAX_HOEHE }, vorschauGrenzen(grenzen)),
  );
}

/** The first page of a PDF: by Ghostscript if asked (and installed), else (or if it fails) by pdf.js. */
async function pdfVorschau(
  datei: string,
  ghostscript: boolean,
  grenzen: Grenzen,
  breite: number,
): Promise<Buffer> {
  if (ghostscript) {
    try {
      return await pdfSeiteEinsMitGhostscript(datei, grenzen, breite);
    } catch {
      // pdf.js may still draw what Ghostscript refused.
    }
  }
  return pdfSeiteEins(datei, grenzen, breite);
}

/**
 * A PNG of the first page (or the picture itself), `breite` pixels wide (VORSCHAU_BREITE unless
 * a reader needs more, as the Posteingang does); null where there is nothing to draw. Prefers the OCR rendition, so scanned TIFFs get a preview too. Never throws:
 * a broken file simply has no preview, its status comes from the text extraction.
 */
export async function erzeugeVorschau(
  original: { datei: string; mimeTyp: string },
  rendition: string | undefined,
  grenzen: Grenzen,
  ghostscript = false,
  breite = VORSCHAU_BREITE,
): Promise<Buffer | null> {
  try {
    // A rendition means scanned pages: large images that Ghostscript decodes far faster. A born-
    // digital PDF is drawn quicker by pdf.js than by starting Ghostscript.
    if (rendition) return await pdfVorschau(rendition, ghostscript, grenzen, breite);
    if (original.mimeTyp === "application/pdf")
      return await pdfVorschau(original.datei, false, grenzen, breite);
    if (ZEICHENBARE_BILDER.has(original.mimeTyp)) {
      const png = await imPool(
        "bildVorschau",
        {
          datei: original.datei,
          breite,
          maxHoehe: MAX_HOEHE,
          maxMegapixel: grenzen.maxMegapixel,
        },
        vorschauGrenzen(grenzen),
      );
      return png ? Buffer.from(png) : null;
    }
    return null;
  } catch {
    return null;
  }
}

let vorgewaermt: Promise<void> | undefined;

/** Loads the renderer (canvas and pdf.js) in the pool's threads once, so the first preview does not pay for it. */
export function vorschauVorwaermen(): Promise<void> {
  vorgewaermt ??= (async () => {
    const ordner = await mkdtemp(path.join(os.tmpdir(), "aktenwerk-vorwaermen-"));
    try {
      const datei = path.join(ordner, "leer.pdf");
      await writeFile(datei, LEERES_PDF);
      await pdfSeiteEins(datei, STANDARD_GRENZEN);
    } finally {
      await rm(ordner, { recursive: true, force: true });
    }
  })().catch(() => undefined);
  return vorgewaermt;
}
